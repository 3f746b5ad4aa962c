// exoscale:SksCluster — managed Kubernetes. Dual-stack pod and service ranges
// go through `networking` ("v4,v6", at most two), which Exoscale marks
// EXPERIMENTAL. The API takes `networking` on create only and never returns it
// (its SKSCluster schema has no such field), so read() keeps the state's.
import type { ExoscaleClient } from "../client";
import { exoscaleProvider } from "../provider";
import { LABEL_ID } from "./instance";
import { checkName, checkOneOf, checkZone, cidrFamily, failure, Failure } from "../validate";

export interface SksClusterInputs {
  zone: string;
  name: string;
  level: "starter" | "pro";
  version: string;
  cni: "calico" | "cilium";
  networking?: { clusterCidr?: string; serviceClusterIpRange?: string };
  labels?: Record<string, string>;
}

export interface SksClusterOutputs extends SksClusterInputs {
  endpoint: string;
  state: string;
}

interface ApiSksCluster {
  id: string;
  name: string;
  level: SksClusterInputs["level"];
  version: string;
  cni?: SksClusterInputs["cni"];
  endpoint?: string;
  state?: string;
  labels?: Record<string, string>;
}

/** "v4", "v6" or "v4,v6" (one per family, at most two). */
export function checkDualStackRange(property: string, value: unknown): Failure[] {
  if (value === undefined) return [];
  const parts = typeof value === "string" ? value.split(",").map((s) => s.trim()) : [];
  const families = parts.map(cidrFamily);
  const ok = parts.length >= 1 && parts.length <= 2 && families.every(Boolean) && new Set(families).size === families.length;
  return ok ? [] : [failure(property, value, 'expected one CIDR or "<IPv4 CIDR>,<IPv6 CIDR>" (at most two, one per family)')];
}

export function validateSksCluster(s: SksClusterInputs): Failure[] {
  const f = [
    ...checkZone(s.zone),
    ...checkName("name", s.name),
    ...checkOneOf("level", s.level, ["starter", "pro"]),
    ...checkOneOf("cni", s.cni, ["calico", "cilium"]),
    ...(typeof s.version === "string" && /^\d+\.\d+(\.\d+)?$/.test(s.version) ? [] : [failure("version", s.version, 'expected a Kubernetes version such as "1.33.1"')]),
    ...checkDualStackRange("networking.clusterCidr", s.networking?.clusterCidr),
    ...checkDualStackRange("networking.serviceClusterIpRange", s.networking?.serviceClusterIpRange),
  ];
  const svc6 = s.networking?.serviceClusterIpRange?.split(",").find((p) => cidrFamily(p.trim()) === 6);
  if (svc6 && Number(svc6.split("/")[1]) < 108) {
    f.push(failure("networking.serviceClusterIpRange", s.networking?.serviceClusterIpRange, "the IPv6 service range must be no larger than a /108"));
  }
  return f;
}

function toOutputs(a: ApiSksCluster, props: SksClusterOutputs): SksClusterOutputs {
  const o: SksClusterOutputs = {
    zone: props.zone,
    name: a.name,
    level: a.level,
    version: a.version,
    cni: a.cni ?? props.cni,
    endpoint: a.endpoint ?? "",
    state: a.state ?? "",
  };
  // Not in the API's answer: what the cluster was created with (it cannot change in place).
  if (props.networking) o.networking = props.networking;
  if (a.labels && Object.keys(a.labels).length) o.labels = a.labels;
  return o;
}

async function findByLabel(c: ExoscaleClient, labels?: Record<string, string>): Promise<string | undefined> {
  const id = labels?.[LABEL_ID];
  if (!id) return undefined;
  return (await c.list<ApiSksCluster>("/sks-cluster", "sks-clusters")).find((s) => s.labels?.[LABEL_ID] === id)?.id;
}

export const provider = exoscaleProvider<SksClusterInputs, SksClusterOutputs>({
  type: "SksCluster",
  inputKeys: ["zone", "name", "level", "version", "cni", "networking", "labels"],
  replaceKeys: ["zone", "level", "cni", "networking"],
  validate: validateSksCluster,
  zone: (s) => s.zone,
  // Kubernetes upgrades go forward only.
  replaces: (olds, news) => (news.version.localeCompare(olds.version, undefined, { numeric: true }) < 0 ? ["version"] : []),

  async create(c, s) {
    const n = s.networking;
    const body = {
      name: s.name,
      level: s.level,
      version: s.version,
      cni: s.cni,
      ...(n ? { networking: { ...(n.clusterCidr ? { "cluster-cidr": n.clusterCidr } : {}), ...(n.serviceClusterIpRange ? { "service-cluster-ip-range": n.serviceClusterIpRange } : {}) } } : {}),
      ...(s.labels ? { labels: s.labels } : {}),
    };
    const id = await c.create("/sks-cluster", body, () => findByLabel(c, s.labels));
    const a = await c.get<ApiSksCluster>(`/sks-cluster/${id}`);
    return { id, outs: { ...s, endpoint: a.endpoint ?? "", state: a.state ?? "" } };
  },

  async read(c, id, props) {
    const a = await c.find<ApiSksCluster>(`/sks-cluster/${id}`);
    return a && toOutputs(a, props);
  },

  async update(c, id, olds, news) {
    if (olds.name !== news.name || JSON.stringify(olds.labels ?? {}) !== JSON.stringify(news.labels ?? {})) {
      await c.mutate("PUT", `/sks-cluster/${id}`, { name: news.name, labels: news.labels ?? {} });
    }
    if (olds.version !== news.version) await c.mutate("PUT", `/sks-cluster/${id}/upgrade`, { version: news.version });
    const a = await c.get<ApiSksCluster>(`/sks-cluster/${id}`);
    return { ...news, endpoint: a.endpoint ?? "", state: a.state ?? "" };
  },

  async delete(c, id) {
    await c.remove(`/sks-cluster/${id}`);
  },
});
