// Checks any k3s config (/etc/rancher/k3s/config.yaml, as a parsed mapping)
// for a role: keys and value types against the documented k3s flags
// (./k3s-flags), then the dual-stack rules k3s and Kubernetes enforce at
// start, since no k3s binary is at hand to try it. Never shows the token.
import { Address4, Address6 } from "ip-address";
import { Cidr, isUla } from "../../addressing";
import type { K3sRole } from "./k3s-config";
import { k3sFlagsFor, K3S_SERVER_ONLY_FLAGS } from "./k3s-flags";

/** Kubernetes' limits, which k3s passes on. */
export const K3S_LIMITS = {
  /** kube-apiserver: a service range has at most 20 host bits (IPv6 /108, IPv4 /12). */
  serviceHostBits: 20,
  /** kube-controller-manager: a node's pod mask is at most 16 bits longer than the cluster mask. */
  nodeMaskMaxDelta: 16,
  /** Flannel and the planner hand every node a /64 of the IPv6 pod range. */
  nodeMaskV6: 64,
  /** Each node's pod /24 (k3s default). */
  defaultNodeMaskV4: 24,
  minTokenLength: 16,
} as const;

/** One reason a config would not start a dual-stack k3s node. */
export interface K3sProblem {
  key: string;
  /** The offending value; "(secret)" for the token. */
  value: unknown;
  problem: string;
  expected: string;
}

const SECRET_KEYS = new Set(["token", "agent-token", "etcd-s3-secret-key", "vpn-auth"]);

/**
 * Problems of a config for `role`, empty if none: keys and value types against
 * the documented flags (k3s v1.33), then the dual-stack rules.
 */
export function checkK3sConfig(config: unknown, role: K3sRole): K3sProblem[] {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    return [{ key: "(config)", value: config, problem: "is not a mapping", expected: "write one key: value per k3s option" }];
  }
  const c = config as Record<string, unknown>;
  const problems: K3sProblem[] = [];
  const add = (key: string, value: unknown, problem: string, expected: string) =>
    problems.push({ key, value: SECRET_KEYS.has(key) ? "(secret)" : value, problem, expected });
  const flags = k3sFlagsFor(role);

  for (const [key, value] of Object.entries(c)) {
    const type = flags[key];
    if (type === undefined) {
      const why = role === "agent" && key in K3S_SERVER_ONLY_FLAGS ? "is a server-only option" : "is not a k3s option";
      add(key, value, `${why} (k3s ${role} v1.33)`, "use the flags of `k3s " + role + " --help` without the leading --");
    } else if (!hasType(value, type)) {
      add(key, value, `is not a ${type}`, type === "list" ? "use a list of strings or a comma-separated string" : `use a ${type}`);
    }
  }
  if (problems.length > 0) return problems;

  checkNodeIp(c, add);
  checkJoin(c, role, add);
  if (role === "server") checkRanges(c, add);
  return problems;
}

type Add = (key: string, value: unknown, problem: string, expected: string) => void;

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "bool":
      return typeof value === "boolean";
    case "int":
      return typeof value === "number" && Number.isInteger(value);
    case "list":
      return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
    default:
      return typeof value === "string";
  }
}

/**
 * A list option's items: YAML list items or one string. k3s splits address
 * and range lists on commas too; extra process args (kube-*-arg) it passes
 * whole, since their values may hold commas.
 */
function listItems(value: unknown, splitCommas = true): string[] {
  const items = typeof value === "string" ? [value] : Array.isArray(value) ? (value as string[]) : [];
  return splitCommas ? items.flatMap((item) => item.split(",")).map((item) => item.trim()) : items;
}

interface Parsed {
  family: 4 | 6;
  cidr: Cidr;
}

/** An address or CIDR text, as k3s (Go net.ParseIP / ParseCIDR) would accept it. */
function parseRange(text: string, requirePrefix: boolean): Parsed | undefined {
  if (text.includes("%")) return undefined; // zone index
  for (const family of [4, 6] as const) {
    if (!(family === 4 ? Address4.isValid(text) : Address6.isValid(text))) continue;
    if (requirePrefix !== text.includes("/")) return undefined;
    const address = family === 4 ? new Address4(text) : new Address6(text);
    if (family === 6 && (address as Address6).is4()) return undefined;
    const length = requirePrefix ? address.subnetMask : family === 4 ? 32 : 128;
    const value = address.bigInt();
    const cidr = Cidr.containing(family, value, length);
    if (cidr.network !== value) return undefined; // host bits set: Kubernetes refuses those ranges
    return { family, cidr };
  }
  return undefined;
}

/** Exactly one item per family, IPv4 first: Kubernetes' dual-stack form, and the same order everywhere. */
function dualStack(key: string, value: unknown, isCidr: boolean, add: Add): [Parsed, Parsed] | undefined {
  const what = isCidr ? "CIDR" : "address";
  const example = isCidr ? '"10.42.0.0/16,fd00:42::/56"' : '"10.0.0.10,fd00::10"';
  const items = listItems(value);
  const parsed = items.map((item) => parseRange(item, isCidr));
  const bad = items.findIndex((_, i) => parsed[i] === undefined);
  if (bad >= 0) {
    add(key, value, `has "${items[bad]}", which is not an IPv4 or IPv6 ${what}${isCidr ? " without host bits" : ""}`, `use ${example}`);
    return undefined;
  }
  const families = parsed.map((p) => p!.family).join(",");
  if (families !== "4,6") {
    const problem = families === "4" || families === "6" ? `is single-stack (IPv${families} only)` : `has the families ${families || "(none)"}`;
    add(key, value, problem, `give one IPv4 and one IPv6 ${what}, IPv4 first: ${example}`);
    return undefined;
  }
  return [parsed[0]!, parsed[1]!];
}

function checkNodeIp(c: Record<string, unknown>, add: Add): void {
  if (c["node-ip"] === undefined) {
    add("node-ip", undefined, "is not set (k3s does not pick a node's IPv6 address itself, so dual-stack fails)", 'use "<IPv4>,<IPv6>" of the node');
    return;
  }
  dualStack("node-ip", c["node-ip"], false, add);
}

function checkJoin(c: Record<string, unknown>, role: K3sRole, add: Add): void {
  const server = c.server;
  if (server !== undefined && !/^https:\/\/([a-z0-9.-]+|\d+\.\d+\.\d+\.\d+|\[[0-9a-f:.]+\]):\d{1,5}$/i.test(String(server))) {
    add("server", server, "is not a supervisor URL", 'use "https://<address>:6443", IPv6 in brackets');
  }
  if (role === "agent" && server === undefined) {
    add("server", undefined, "is not set", "give an agent the URL of a server to join");
  }
  if (c["cluster-init"] === true && server !== undefined) {
    add("cluster-init", true, "is set on a node that joins another server", "set cluster-init only on the first server");
  }
  const joins = role === "agent" || server !== undefined;
  if (joins && c.token === undefined && c["token-file"] === undefined) {
    add("token", undefined, "is not set", "give every joining node the cluster token");
  }
  if (typeof c.token === "string" && c.token.length < K3S_LIMITS.minTokenLength) {
    add("token", c.token, "is too short", `use a random token of at least ${K3S_LIMITS.minTokenLength} characters`);
  }
}

function checkRanges(c: Record<string, unknown>, add: Add): void {
  const missing = (key: string) =>
    add(key, undefined, "is not set (k3s then runs IPv4-only, and dual-stack can only be chosen when the cluster is created)", "give an IPv4 and an IPv6 range");
  if (c["cluster-cidr"] === undefined) missing("cluster-cidr");
  if (c["service-cidr"] === undefined) missing("service-cidr");
  const cluster = c["cluster-cidr"] === undefined ? undefined : dualStack("cluster-cidr", c["cluster-cidr"], true, add);
  const service = c["service-cidr"] === undefined ? undefined : dualStack("service-cidr", c["service-cidr"], true, add);

  if (service) {
    for (const s of service) {
      const bits = s.family === 4 ? 32 : 128;
      const min = bits - K3S_LIMITS.serviceHostBits;
      if (s.cidr.length < min) {
        add("service-cidr", c["service-cidr"], `has the IPv${s.family} range ${s.cidr}, larger than Kubernetes allows (at most ${K3S_LIMITS.serviceHostBits} host bits)`, `use a /${min} or longer`);
      }
    }
  }
  if (cluster && service) {
    for (const i of [0, 1]) {
      if (cluster[i].cidr.overlaps(service[i].cidr)) {
        add("service-cidr", c["service-cidr"], `overlaps the pod range ${cluster[i].cidr}`, "use pod and service ranges that do not overlap");
      }
    }
  }
  if (!cluster) return;
  const masks = nodeMasks(c["kube-controller-manager-arg"], add);
  for (const [i, family] of [[0, 4], [1, 6]] as const) {
    const clusterLength = cluster[i].cidr.length;
    const mask = masks[family];
    const key = `kube-controller-manager-arg node-cidr-mask-size-ipv${family}`;
    if (family === 6 && mask !== K3S_LIMITS.nodeMaskV6) {
      add(key, mask, "is not 64", "give every node a /64 of the IPv6 pod range (node-cidr-mask-size-ipv6=64)");
    } else if (mask < clusterLength || mask - clusterLength > K3S_LIMITS.nodeMaskMaxDelta) {
      add(key, mask, `does not fit the IPv${family} pod range ${cluster[i].cidr}: it must be ${clusterLength}..${clusterLength + K3S_LIMITS.nodeMaskMaxDelta}`, `use a pod range of /${mask - K3S_LIMITS.nodeMaskMaxDelta} or longer, or a shorter node mask`);
    }
  }
  if (isUla(cluster[1].cidr) && c["flannel-ipv6-masq"] !== true) {
    add("flannel-ipv6-masq", c["flannel-ipv6-masq"], `is not true, but the IPv6 pod range ${cluster[1].cidr} is ULA`, "set flannel-ipv6-masq: true, or the pods cannot reach IPv6 destinations outside the cluster");
  }
  const nodeIp = c["node-ip"] === undefined ? undefined : listItems(c["node-ip"]).map((item) => parseRange(item, false));
  for (const ip of nodeIp ?? []) {
    const inside = ip && [...cluster, ...(service ?? [])].find((r) => r.family === ip.family && r.cidr.contains(ip.cidr));
    if (inside) add("node-ip", c["node-ip"], `lies inside ${inside.cidr}, a pod or service range`, "use the node's own network addresses");
  }
}

/** node-cidr-mask-size-ipv4/-ipv6 from kube-controller-manager-arg, or the Kubernetes defaults (24, 64). */
function nodeMasks(args: unknown, add: Add): Record<4 | 6, number> {
  const masks: Record<4 | 6, number> = { 4: K3S_LIMITS.defaultNodeMaskV4, 6: K3S_LIMITS.nodeMaskV6 };
  for (const arg of args === undefined ? [] : listItems(args, false)) {
    const m = /^node-cidr-mask-size-ipv([46])=(.*)$/.exec(arg);
    if (!m) continue;
    const value = Number(m[2]);
    if (!Number.isInteger(value)) {
      add("kube-controller-manager-arg", arg, "has a node mask that is not an integer", "use node-cidr-mask-size-ipv6=64");
      continue;
    }
    masks[Number(m[1]) as 4 | 6] = value;
  }
  return masks;
}
