// exoscale:AntiAffinityGroup — spreads its instances over hypervisors. No
// labels on the API: found by its unique name.
import { exoscaleProvider } from "../provider";
import { findByName } from "./security-group";
import { checkName } from "../validate";

export interface AntiAffinityGroupInputs {
  name: string;
  description?: string;
}

export const provider = exoscaleProvider<AntiAffinityGroupInputs, AntiAffinityGroupInputs>({
  type: "AntiAffinityGroup",
  inputKeys: ["name", "description"],
  replaceKeys: ["name", "description"],
  deleteBeforeReplace: true,
  validate: (g) => [...checkName("name", g.name), ...(g.description === undefined ? [] : checkName("description", g.description))],

  async create(c, g) {
    const body = { name: g.name, ...(g.description ? { description: g.description } : {}) };
    const id = await c.create("/anti-affinity-group", body, () => findByName(c, "/anti-affinity-group", "anti-affinity-groups", g.name));
    return { id, outs: { ...g } };
  },

  async read(c, id) {
    const g = await c.find<{ name: string; description?: string }>(`/anti-affinity-group/${id}`);
    return g && { name: g.name, ...(g.description ? { description: g.description } : {}) };
  },

  async delete(c, id) {
    await c.remove(`/anti-affinity-group/${id}`);
  },
});
