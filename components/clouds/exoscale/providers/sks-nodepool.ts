// exoscale:SksNodepool — worker nodes of an SKS cluster; "dual" gives every
// node a public IPv6 address too. Served by the stack's zone.
import type { ExoscaleClient } from "../client";
import { failure, makeProvider } from "./common";
import { LABEL_ID } from "./instance";
import { checkInt, checkName, checkOneOf, UUID_RE } from "./validate";

export interface SksNodepoolInputs {
  cluster: string;
  name: string;
  size: number;
  diskSize: number;
  /** Instance type id, or "family.size". */
  instanceType: string;
  publicIpAssignment: "inet4" | "dual";
  labels?: Record<string, string>;
}

interface ApiNodepool {
  id: string;
  name: string;
  size: number;
  "disk-size": number;
  "instance-type"?: { id: string };
  "public-ip-assignment"?: "inet4" | "dual";
  labels?: Record<string, string>;
}

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

export const provider = makeProvider<SksNodepoolInputs, SksNodepoolInputs & { instanceTypeId: string }>({
  type: "SksNodepool",
  inputKeys: ["cluster", "name", "size", "diskSize", "instanceType", "publicIpAssignment", "labels"],
  replaceKeys: ["cluster", "diskSize", "instanceType", "publicIpAssignment"],
  defaults: (p) => ({ ...p, publicIpAssignment: p.publicIpAssignment ?? "dual" }),
  validate: (p) => [
    ...(p.cluster ? [] : [failure("cluster", p.cluster, "expected an SKS cluster id")]),
    ...checkName("name", p.name),
    ...checkInt("size", p.size, 1, 1000),
    ...checkInt("diskSize", p.diskSize, 20, 51200),
    ...checkName("instanceType", p.instanceType),
    ...checkOneOf("publicIpAssignment", p.publicIpAssignment, ["inet4", "dual"]),
  ],

  async create(c, p) {
    const typeId = await resolveType(c, p.instanceType);
    const body = {
      name: p.name,
      size: p.size,
      "disk-size": p.diskSize,
      "instance-type": { id: typeId },
      "public-ip-assignment": p.publicIpAssignment,
      ...(p.labels ? { labels: p.labels } : {}),
    };
    const find = async () => (await nodepools(c, p.cluster)).find((n) => n.labels?.[LABEL_ID] === p.labels?.[LABEL_ID] && p.labels?.[LABEL_ID])?.id;
    const id = await c.create(`/sks-cluster/${p.cluster}/nodepool`, body, find);
    return { id, outs: { ...p, instanceTypeId: typeId } };
  },

  async read(c, id, props) {
    const cluster = await c.find<{ nodepools?: ApiNodepool[] }>(`/sks-cluster/${props.cluster}`);
    const n = cluster?.nodepools?.find((x) => x.id === id);
    if (!n) return undefined;
    const typeId = n["instance-type"]?.id ?? props.instanceTypeId;
    return {
      cluster: props.cluster,
      name: n.name,
      size: n.size,
      diskSize: n["disk-size"],
      instanceType: typeId === props.instanceTypeId ? props.instanceType : typeId,
      publicIpAssignment: n["public-ip-assignment"] ?? props.publicIpAssignment,
      ...(n.labels && Object.keys(n.labels).length ? { labels: n.labels } : {}),
      instanceTypeId: typeId,
    };
  },

  async update(c, id, olds, news) {
    if (olds.name !== news.name || JSON.stringify(olds.labels ?? {}) !== JSON.stringify(news.labels ?? {})) {
      await c.mutate("PUT", `/sks-cluster/${news.cluster}/nodepool/${id}`, { name: news.name, labels: news.labels ?? {} });
    }
    if (olds.size !== news.size) await c.mutate("PUT", `/sks-cluster/${news.cluster}/nodepool/${id}:scale`, { size: news.size });
    return { ...news, instanceTypeId: olds.instanceTypeId };
  },

  async delete(c, id, props) {
    await c.remove(`/sks-cluster/${props.cluster}/nodepool/${id}`);
  },
});
