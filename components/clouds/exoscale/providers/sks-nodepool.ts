// exoscale:SksNodepool — worker nodes of an SKS cluster; "dual" gives every
// node a public IPv6 address too. Served by the stack's zone. SKS runs the
// nodes in an Instance Pool it manages; its id is an output (instancePoolId),
// for elastic IPs on every node (InstancePoolElasticIps).
import type { ExoscaleClient } from "../client";
import { exoscaleProvider } from "../provider";
import { LABEL_ID } from "./instance";
import { checkIdList, checkInt, checkName, checkOneOf, failure, UUID_RE } from "../validate";

export interface SksNodepoolInputs {
  cluster: string;
  name: string;
  size: number;
  diskSize: number;
  /** Instance type id, or "family.size". */
  instanceType: string;
  publicIpAssignment: "inet4" | "dual";
  /** Security group ids; left out, the nodepool's groups are not managed. */
  securityGroups?: string[];
  /** Anti-affinity group ids; left out, not managed. */
  antiAffinityGroups?: string[];
  labels?: Record<string, string>;
}

export interface SksNodepoolOutputs extends SksNodepoolInputs {
  instanceTypeId: string;
  /** The nodepool's Instance Pool; absent in state written before it was recorded (read fills it in). */
  instancePoolId?: string;
}

type Ref = { id: string };

interface ApiNodepool {
  id: string;
  name: string;
  size: number;
  "disk-size": number;
  "instance-type"?: Ref;
  "instance-pool"?: Ref;
  "public-ip-assignment"?: "inet4" | "dual";
  "security-groups"?: Ref[];
  "anti-affinity-groups"?: Ref[];
  labels?: Record<string, string>;
}

/** Per the API's update-sks-nodepool / create-sks-nodepool schemas (maxItems). */
const MAX_SECURITY_GROUPS = 16;
const MAX_ANTI_AFFINITY_GROUPS = 8;

async function resolveType(c: ExoscaleClient, value: string): Promise<string> {
  if (UUID_RE.test(value)) return value;
  const types = await c.list<{ id: string; family: string; size: string }>("/instance-type", "instance-types");
  const found = types.find((t) => `${t.family}.${t.size}` === value);
  if (!found) throw new Error(`exoscale SksNodepool: instanceType ${JSON.stringify(value)} not found`);
  return found.id;
}

async function nodepools(c: ExoscaleClient, cluster: string): Promise<ApiNodepool[]> {
  return (await c.get<{ nodepools?: ApiNodepool[] }>(`/sks-cluster/${cluster}`)).nodepools ?? [];
}

const refs = (ids: string[]) => ids.map((id) => ({ id }));

/** The API's ids in the program's order when they are the same set (order is no change). */
function idsAsKnown(api: Ref[] | undefined, known: string[]): string[] {
  const ids = (api ?? []).map((x) => x.id);
  const sorted = (xs: string[]) => JSON.stringify([...xs].sort());
  return sorted(ids) === sorted(known) ? known : ids;
}

/** The managed groups: only those the program sets, so a nodepool without them reads as before. */
function groupsBody(p: Pick<SksNodepoolInputs, "securityGroups" | "antiAffinityGroups">) {
  return {
    ...(p.securityGroups ? { "security-groups": refs(p.securityGroups) } : {}),
    ...(p.antiAffinityGroups ? { "anti-affinity-groups": refs(p.antiAffinityGroups) } : {}),
  };
}

export const provider = exoscaleProvider<SksNodepoolInputs, SksNodepoolOutputs>({
  type: "SksNodepool",
  inputKeys: ["cluster", "name", "size", "diskSize", "instanceType", "publicIpAssignment", "securityGroups", "antiAffinityGroups", "labels"],
  // Both group lists are in update-sks-nodepool (and updated in place by
  // Exoscale's Terraform provider), so they are not replace keys.
  replaceKeys: ["cluster", "diskSize", "instanceType", "publicIpAssignment"],
  defaults: (p) => ({ ...p, publicIpAssignment: p.publicIpAssignment ?? "dual" }),
  validate: (p) => [
    ...(p.cluster ? [] : [failure("cluster", p.cluster, "expected an SKS cluster id")]),
    ...checkName("name", p.name),
    ...checkInt("size", p.size, 1, 1000),
    ...checkInt("diskSize", p.diskSize, 20, 51200),
    ...checkName("instanceType", p.instanceType),
    ...checkOneOf("publicIpAssignment", p.publicIpAssignment, ["inet4", "dual"]),
    ...(p.securityGroups === undefined ? [] : checkIdList("securityGroups", p.securityGroups, "security group", 0, MAX_SECURITY_GROUPS)),
    ...(p.antiAffinityGroups === undefined ? [] : checkIdList("antiAffinityGroups", p.antiAffinityGroups, "anti-affinity group", 0, MAX_ANTI_AFFINITY_GROUPS)),
  ],

  async create(c, p) {
    const typeId = await resolveType(c, p.instanceType);
    const body = {
      name: p.name,
      size: p.size,
      "disk-size": p.diskSize,
      "instance-type": { id: typeId },
      "public-ip-assignment": p.publicIpAssignment,
      ...groupsBody(p),
      ...(p.labels ? { labels: p.labels } : {}),
    };
    const find = async () => (await nodepools(c, p.cluster)).find((n) => n.labels?.[LABEL_ID] === p.labels?.[LABEL_ID] && p.labels?.[LABEL_ID])?.id;
    const id = await c.create(`/sks-cluster/${p.cluster}/nodepool`, body, find);
    // instance-pool is read-only and set by SKS: wait (bounded) until the nodepool shows it.
    const n = await c.waitUntil(
      `/sks-cluster/${p.cluster} nodepool ${id} instance-pool`,
      async () => (await nodepools(c, p.cluster)).find((x) => x.id === id),
      (x) => Boolean(x?.["instance-pool"]?.id),
    );
    return { id, outs: { ...p, instanceTypeId: typeId, instancePoolId: n!["instance-pool"]!.id } };
  },

  async read(c, id, props) {
    const cluster = await c.find<{ nodepools?: ApiNodepool[] }>(`/sks-cluster/${props.cluster}`);
    const n = cluster?.nodepools?.find((x) => x.id === id);
    if (!n) return undefined;
    const typeId = n["instance-type"]?.id ?? props.instanceTypeId;
    const poolId = n["instance-pool"]?.id ?? props.instancePoolId;
    return {
      cluster: props.cluster,
      name: n.name,
      size: n.size,
      diskSize: n["disk-size"],
      instanceType: typeId === props.instanceTypeId ? props.instanceType : typeId,
      publicIpAssignment: n["public-ip-assignment"] ?? props.publicIpAssignment,
      ...(props.securityGroups ? { securityGroups: idsAsKnown(n["security-groups"], props.securityGroups) } : {}),
      ...(props.antiAffinityGroups ? { antiAffinityGroups: idsAsKnown(n["anti-affinity-groups"], props.antiAffinityGroups) } : {}),
      ...(n.labels && Object.keys(n.labels).length ? { labels: n.labels } : {}),
      instanceTypeId: typeId,
      ...(poolId ? { instancePoolId: poolId } : {}),
    };
  },

  async update(c, id, olds, news) {
    const changed = (k: keyof SksNodepoolInputs) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null);
    if (changed("name") || changed("labels") || changed("securityGroups") || changed("antiAffinityGroups")) {
      // A list the program stops setting is cleared. Anti-affinity groups
      // probably apply to new nodes only (as instance types do on Instance
      // Pools); unverified.
      await c.mutate("PUT", `/sks-cluster/${news.cluster}/nodepool/${id}`, {
        name: news.name,
        labels: news.labels ?? {},
        ...groupsBody({
          securityGroups: news.securityGroups ?? (olds.securityGroups ? [] : undefined),
          antiAffinityGroups: news.antiAffinityGroups ?? (olds.antiAffinityGroups ? [] : undefined),
        }),
      });
    }
    if (olds.size !== news.size) await c.mutate("PUT", `/sks-cluster/${news.cluster}/nodepool/${id}:scale`, { size: news.size });
    const poolId = (await nodepools(c, news.cluster)).find((x) => x.id === id)?.["instance-pool"]?.id ?? olds.instancePoolId;
    return { ...news, instanceTypeId: olds.instanceTypeId, ...(poolId ? { instancePoolId: poolId } : {}) };
  },

  async delete(c, id, props) {
    await c.remove(`/sks-cluster/${props.cluster}/nodepool/${id}`);
  },
});
