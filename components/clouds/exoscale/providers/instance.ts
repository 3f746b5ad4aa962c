// exoscale:Instance — a compute instance, dual-stack by default
// (public-ip-assignment "dual": a public IPv4 and a public IPv6 address).
import type { ExoscaleClient } from "../client";
import { PUBLIC_IP_ASSIGNMENTS, PublicIpAssignment } from "../zones";
import { exoscaleProvider } from "../provider";
import { checkInt, checkName, checkOneOf, checkZone, failure, Failure, UUID_RE } from "../validate";

export interface InstanceInputs {
  name: string;
  zone: string;
  /** Instance type id, or "family.size" (e.g. "standard.medium"). */
  instanceType: string;
  /** Template id, or its exact name. */
  template: string;
  diskSize: number;
  publicIpAssignment: PublicIpAssignment;
  securityGroups?: string[];
  antiAffinityGroups?: string[];
  /** SSH key names. */
  sshKeys?: string[];
  /** Plain cloud-init text; sent base64-encoded. */
  userData?: string;
  /** Includes dualstack-id, set by the resource class. */
  labels?: Record<string, string>;
}

export interface InstanceOutputs extends InstanceInputs {
  instanceTypeId: string;
  templateId: string;
  publicIp: string;
  ipv6Address: string;
  state: string;
}

/** What the API accepts for user-data: base64, at most this many characters. */
export const MAX_USER_DATA_BASE64 = 32768;
export const LABEL_ID = "dualstack-id";

interface ApiInstance {
  id: string;
  name: string;
  state: string;
  labels?: Record<string, string>;
  "disk-size"?: number;
  "public-ip-assignment"?: PublicIpAssignment;
  "public-ip"?: string;
  "ipv6-address"?: string;
  "instance-type"?: { id: string };
  template?: { id: string };
  "security-groups"?: { id: string }[];
  "anti-affinity-groups"?: { id: string }[];
  "ssh-keys"?: { name: string }[];
  "user-data"?: string;
  "private-networks"?: { id: string }[];
  "elastic-ips"?: { id: string }[];
}

const encode = (text: string) => Buffer.from(text, "utf8").toString("base64");

export function validateInstance(i: InstanceInputs): Failure[] {
  const f: Failure[] = [
    ...checkName("name", i.name),
    ...checkZone(i.zone),
    ...checkName("instanceType", i.instanceType),
    ...checkName("template", i.template),
    ...checkInt("diskSize", i.diskSize, 10, 51200),
    ...checkOneOf("publicIpAssignment", i.publicIpAssignment, PUBLIC_IP_ASSIGNMENTS),
  ];
  if (i.userData !== undefined) {
    const size = encode(String(i.userData)).length;
    if (size > MAX_USER_DATA_BASE64) {
      f.push({
        property: "userData",
        reason: `userData: ${size} characters once base64-encoded; Exoscale accepts at most ${MAX_USER_DATA_BASE64} (about 24 KiB of cloud-init text)`,
      });
    } else if (size === 0) {
      f.push(failure("userData", i.userData, "leave it out instead of an empty string"));
    }
  }
  for (const key of ["securityGroups", "antiAffinityGroups", "sshKeys"] as const) {
    const v = i[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== "string" || !x))) {
      f.push(failure(key, v, "expected a list of non-empty strings"));
    }
  }
  return f;
}

async function resolveInstanceType(c: ExoscaleClient, value: string): Promise<string> {
  if (UUID_RE.test(value)) return value;
  const types = await c.list<{ id: string; family: string; size: string }>("/instance-type", "instance-types");
  const found = types.find((t) => `${t.family}.${t.size}` === value);
  if (!found) throw new Error(`exoscale Instance: instanceType ${JSON.stringify(value)} not found in zone ${c.zone}`);
  return found.id;
}

async function resolveTemplate(c: ExoscaleClient, value: string): Promise<string> {
  if (UUID_RE.test(value)) return value;
  for (const visibility of ["public", "private"]) {
    const templates = await c.list<{ id: string; name: string }>(`/template?visibility=${visibility}`, "templates");
    const found = templates.find((t) => t.name === value);
    if (found) return found.id;
  }
  throw new Error(`exoscale Instance: template ${JSON.stringify(value)} not found in zone ${c.zone}`);
}

function toOutputs(api: ApiInstance, known: InstanceOutputs): InstanceOutputs {
  const ids = (xs?: { id: string }[]) => (xs?.length ? xs.map((x) => x.id).sort() : undefined);
  const typeId = api["instance-type"]?.id ?? known.instanceTypeId;
  const templateId = api.template?.id ?? known.templateId;
  const sortedOrUndef = (xs?: string[]) => (xs?.length ? [...xs].sort() : undefined);
  const out: InstanceOutputs = {
    name: api.name,
    zone: known.zone,
    // Keep the name the program used while it still denotes the same id.
    instanceType: typeId === known.instanceTypeId ? known.instanceType : typeId,
    template: templateId === known.templateId ? known.template : templateId,
    diskSize: api["disk-size"] ?? known.diskSize,
    publicIpAssignment: api["public-ip-assignment"] ?? known.publicIpAssignment,
    securityGroups: ids(api["security-groups"]),
    antiAffinityGroups: ids(api["anti-affinity-groups"]),
    sshKeys: api["ssh-keys"]?.length ? api["ssh-keys"].map((k) => k.name).sort() : undefined,
    userData: api["user-data"] !== undefined ? Buffer.from(api["user-data"], "base64").toString("utf8") : known.userData,
    labels: api.labels && Object.keys(api.labels).length ? api.labels : undefined,
    instanceTypeId: typeId,
    templateId,
    publicIp: api["public-ip"] ?? "",
    ipv6Address: api["ipv6-address"] ?? "",
    state: api.state,
  };
  // Order-insensitive lists: compare as the program wrote them when equal as sets.
  for (const key of ["securityGroups", "antiAffinityGroups", "sshKeys"] as const) {
    if (JSON.stringify(sortedOrUndef(known[key])) === JSON.stringify(out[key])) out[key] = known[key];
  }
  if (out.userData === undefined) delete out.userData;
  for (const k of Object.keys(out) as (keyof InstanceOutputs)[]) if (out[k] === undefined) delete out[k];
  return out;
}

async function waitRunning(c: ExoscaleClient, id: string): Promise<ApiInstance> {
  return c.waitUntil(
    `/instance/${id}`,
    () => c.get<ApiInstance>(`/instance/${id}`),
    (i) => {
      if (i.state === "error") throw new Error(`exoscale Instance ${id} is in state "error"`);
      return i.state === "running";
    },
  );
}

export async function findInstanceByLabel(c: ExoscaleClient, labels?: Record<string, string>): Promise<string | undefined> {
  const id = labels?.[LABEL_ID];
  if (!id) return undefined;
  const all = await c.list<ApiInstance>("/instance", "instances");
  return all.find((i) => i.labels?.[LABEL_ID] === id)?.id;
}

export const provider = exoscaleProvider<InstanceInputs, InstanceOutputs>({
  type: "Instance",
  inputKeys: ["name", "zone", "instanceType", "template", "diskSize", "publicIpAssignment", "securityGroups", "antiAffinityGroups", "sshKeys", "userData", "labels"],
  replaceKeys: ["zone", "instanceType", "template", "securityGroups", "antiAffinityGroups", "sshKeys"],
  defaults: (i) => ({ ...i, publicIpAssignment: i.publicIpAssignment ?? "dual" }),
  validate: validateInstance,
  zone: (i) => i.zone,
  // Delete first: the planned private address is a fixed lease on the private network, which the
  // API gives one instance only, so a replacement cannot exist beside the old one (the chain of
  // one-at-a-time hosts keeps the peers serving meanwhile).
  deleteBeforeReplace: true,
  // A disk can only grow in place.
  replaces: (olds, news) => (news.diskSize < olds.diskSize ? ["diskSize"] : []),

  async create(c, i) {
    const [typeId, templateId] = await Promise.all([resolveInstanceType(c, i.instanceType), resolveTemplate(c, i.template)]);
    const body = {
      name: i.name,
      "instance-type": { id: typeId },
      template: { id: templateId },
      "disk-size": i.diskSize,
      "public-ip-assignment": i.publicIpAssignment,
      ...(i.labels ? { labels: i.labels } : {}),
      ...(i.securityGroups?.length ? { "security-groups": i.securityGroups.map((id) => ({ id })) } : {}),
      ...(i.antiAffinityGroups?.length ? { "anti-affinity-groups": i.antiAffinityGroups.map((id) => ({ id })) } : {}),
      ...(i.sshKeys?.length ? { "ssh-keys": i.sshKeys.map((name) => ({ name })) } : {}),
      ...(i.userData ? { "user-data": encode(i.userData) } : {}),
    };
    const id = await c.create("/instance", body, () => findInstanceByLabel(c, i.labels));
    const api = await waitRunning(c, id);
    const known = { ...i, instanceTypeId: typeId, templateId } as InstanceOutputs;
    return { id, outs: { ...i, ...pickComputed(toOutputs(api, known)), instanceTypeId: typeId, templateId } };
  },

  async read(c, id, props) {
    const api = await c.find<ApiInstance>(`/instance/${id}`);
    return api && toOutputs(api, props);
  },

  async update(c, id, olds, news) {
    const changed = (k: keyof InstanceInputs) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null);
    if (changed("name") || changed("labels") || changed("userData") || changed("publicIpAssignment")) {
      await c.mutate("PUT", `/instance/${id}`, {
        name: news.name,
        labels: news.labels ?? {},
        "public-ip-assignment": news.publicIpAssignment,
        ...(changed("userData") && news.userData ? { "user-data": encode(news.userData) } : {}),
      });
    }
    if (news.diskSize > olds.diskSize) await c.mutate("PUT", `/instance/${id}:resize-disk`, { "disk-size": news.diskSize });
    const api = await waitRunning(c, id);
    return { ...news, ...pickComputed(toOutputs(api, olds)), instanceTypeId: olds.instanceTypeId, templateId: olds.templateId };
  },

  async delete(c, id) {
    await c.remove(`/instance/${id}`);
  },
});

function pickComputed(o: InstanceOutputs): Pick<InstanceOutputs, "publicIp" | "ipv6Address" | "state"> {
  return { publicIp: o.publicIp, ipv6Address: o.ipv6Address, state: o.state };
}
