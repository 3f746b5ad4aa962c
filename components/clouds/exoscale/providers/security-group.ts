// exoscale:SecurityGroup — global (not zonal); names are unique, so a lost
// create is adopted by name and a replacement deletes the old group first.
import type { ExoscaleClient } from "../client";
import { exoscaleProvider } from "../provider";
import { checkName } from "../validate";

export interface SecurityGroupInputs {
  name: string;
  description?: string;
}

interface ApiSecurityGroup {
  id: string;
  name: string;
  description?: string;
}

export async function findByName(c: ExoscaleClient, path: string, key: string, name: string): Promise<string | undefined> {
  const all = await c.list<{ id: string; name: string }>(path, key);
  return all.find((g) => g.name === name)?.id;
}

export const provider = exoscaleProvider<SecurityGroupInputs, SecurityGroupInputs>({
  type: "SecurityGroup",
  inputKeys: ["name", "description"],
  replaceKeys: ["name", "description"],
  deleteBeforeReplace: true,
  validate: (i) => [...checkName("name", i.name), ...(i.description === undefined ? [] : checkName("description", i.description))],

  async create(c, i) {
    const body = { name: i.name, ...(i.description ? { description: i.description } : {}) };
    const id = await c.create("/security-group", body, () => findByName(c, "/security-group", "security-groups", i.name));
    return { id, outs: { ...i } };
  },

  async read(c, id) {
    const g = await c.find<ApiSecurityGroup>(`/security-group/${id}`);
    return g && { name: g.name, ...(g.description ? { description: g.description } : {}) };
  },

  async delete(c, id) {
    await c.remove(`/security-group/${id}`);
  },
});
