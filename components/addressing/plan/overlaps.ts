// The last check of every plan: the ranges that must be disjoint by design,
// whether given or chosen by the planner, checked pair by pair. The more
// specific checks before it (validate/kubernetes.ts, kubernetes-ranges.ts)
// explain the usual mistakes; this one guarantees no overlap slips through,
// and blames the key the operator set (never one they left unset).
import type { Cidr } from "../cidr";
import { InputError } from "../errors";
import type { PlanInput } from "../types";
import type { ValidInput } from "../validate";
import type { Quarters } from "./layout";

export interface PlannedRange {
  /** What it is, e.g. "the IPv6 pod range". */
  what: string;
  range: Cidr;
  /** The input it comes from: set by the operator, or the input the planner derived it from. */
  key: string;
  /** The value of `key` as given; undefined when the planner chose the range itself. */
  given?: unknown;
}

export function plannedRanges(input: PlanInput, valid: ValidInput, quarters: Quarters, v6: { cluster: Cidr; service: Cidr }, dockerPool: Cidr): PlannedRange[] {
  const k8s: Record<string, unknown> = input.kubernetes ?? {};
  const prefix = { key: "ipv6Prefix", given: input.ipv6Prefix };
  const fromKey = (key: string, what: string, range: Cidr, fallback: { key: string; given?: unknown }): PlannedRange =>
    k8s[key] !== undefined ? { what, range, key: `kubernetes.${key}`, given: k8s[key] } : { what, range, ...fallback };
  return [
    { what: "the network quarter of ipv6Prefix", range: quarters.networks, ...prefix },
    { what: "the Docker quarter of ipv6Prefix", range: quarters.docker, ...prefix },
    fromKey("clusterCidrV6", "the IPv6 pod range", v6.cluster, prefix),
    fromKey("serviceCidrV6", "the IPv6 service range", v6.service, prefix),
    { what: "ipv4Supernet", range: valid.ipv4Supernet, key: "ipv4Supernet", given: input.ipv4Supernet },
    fromKey("clusterCidrV4", "the IPv4 pod range", valid.kubernetes.clusterCidrV4, { key: "kubernetes.clusterCidrV4" }),
    fromKey("serviceCidrV4", "the IPv4 service range", valid.kubernetes.serviceCidrV4, { key: "kubernetes.serviceCidrV4" }),
    { what: "the Docker IPv4 pool", range: dockerPool, key: "docker.ipv4Pool", given: input.docker?.ipv4Pool },
  ];
}

/** Throws an InputError for the first overlapping pair, naming a key the operator set where there is one. */
export function checkRangesApart(ranges: PlannedRange[]): void {
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [a, b] = [ranges[i], ranges[j]];
      if (a.range.family !== b.range.family || !a.range.overlaps(b.range)) continue;
      // Blame what the operator set: the more specific key (a range) before the environment's prefix or supernet.
      const set = [b, a].filter((r) => r.given !== undefined);
      const blamed = set.find((r) => r.key !== "ipv6Prefix" && r.key !== "ipv4Supernet") ?? set[0] ?? a;
      const other = blamed === a ? b : a;
      const subject = blamed.key === "ipv6Prefix" ? `makes ${blamed.what} ${blamed.range} overlap` : "overlaps";
      throw new InputError(blamed.key, blamed.given ?? blamed.range.toString(), `${subject} ${other.what} ${other.range}`, "use ranges that do not overlap");
    }
  }
}
