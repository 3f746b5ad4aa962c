// The Kubernetes ranges: IPv4 pod and service CIDRs (k3s defaults), the
// lengths of the carved IPv6 ranges or explicit IPv6 ranges, and the IPv4
// ranges kept apart from each other.
import type { Cidr } from "../cidr";
import { InputError } from "../errors";
import { DEFAULTS, RULES, type Rule } from "./rules";
import type { KubernetesInput, ValidInput } from "./valid-input";
import { cidrIn, integerIn, type SpecialPolicy } from "./values";

export function validKubernetes(k8s: KubernetesInput, policy: SpecialPolicy): ValidInput["kubernetes"] {
  const clusterCidrV6 =
    k8s.clusterCidrV6 === undefined
      ? undefined
      : cidrIn("kubernetes.clusterCidrV6", k8s.clusterCidrV6, 6, RULES.clusterLengthV6, '"fd00:42::/56"', policy);
  const serviceCidrV6 =
    k8s.serviceCidrV6 === undefined
      ? undefined
      : cidrIn("kubernetes.serviceCidrV6", k8s.serviceCidrV6, 6, RULES.serviceLengthV6, '"fd00:43::/112"', policy);
  return {
    clusterCidrV4: cidrIn(
      "kubernetes.clusterCidrV4",
      k8s.clusterCidrV4 ?? DEFAULTS.clusterCidrV4,
      4,
      RULES.clusterLengthV4,
      `"${DEFAULTS.clusterCidrV4}"`,
      policy,
    ),
    serviceCidrV4: cidrIn(
      "kubernetes.serviceCidrV4",
      k8s.serviceCidrV4 ?? DEFAULTS.serviceCidrV4,
      4,
      RULES.serviceLengthV4,
      `"${DEFAULTS.serviceCidrV4}"`,
      policy,
    ),
    clusterPrefixLengthV6: lengthV6(
      "kubernetes.clusterPrefixLengthV6",
      k8s.clusterPrefixLengthV6 ?? DEFAULTS.clusterPrefixLengthV6,
      RULES.carvedClusterLengthV6,
      k8s.clusterPrefixLengthV6 !== undefined,
      clusterCidrV6 && { key: "kubernetes.clusterCidrV6", range: clusterCidrV6 },
    ),
    servicePrefixLengthV6: lengthV6(
      "kubernetes.servicePrefixLengthV6",
      k8s.servicePrefixLengthV6 ?? DEFAULTS.servicePrefixLengthV6,
      RULES.serviceLengthV6,
      k8s.servicePrefixLengthV6 !== undefined,
      serviceCidrV6 && { key: "kubernetes.serviceCidrV6", range: serviceCidrV6 },
    ),
    clusterCidrV6,
    serviceCidrV6,
  };
}

/** The length of a carved IPv6 range. An explicit range fixes it, so a different explicit length is a conflict. */
function lengthV6(
  key: string,
  value: number,
  rule: Rule,
  given: boolean,
  explicit: { key: string; range: Cidr } | undefined,
): number {
  if (explicit === undefined) return integerIn(key, value, rule);
  if (given && value !== explicit.range.length) {
    const problem = `contradicts ${explicit.key} "${explicit.range}"`;
    throw new InputError(key, value, problem, `drop it or set it to ${explicit.range.length}`);
  }
  return explicit.range.length;
}

/** The IPv4 host, pod and service ranges must be disjoint, or routing is ambiguous. */
export function checkIpv4RangesApart(valid: ValidInput, given: KubernetesInput): void {
  const supernet = valid.ipv4Supernet;
  const { clusterCidrV4: cluster, serviceCidrV4: service } = valid.kubernetes;
  // In this order: the first overlap found is the one reported.
  const pairs: [key: "clusterCidrV4" | "serviceCidrV4", range: Cidr, what: string, otherKey: string, other: Cidr][] = [
    ["clusterCidrV4", cluster, "pod", "ipv4Supernet", supernet],
    ["serviceCidrV4", service, "service", "ipv4Supernet", supernet],
    ["serviceCidrV4", service, "service", "kubernetes.clusterCidrV4", cluster],
  ];
  for (const [key, range, what, otherKey, other] of pairs) {
    if (!range.overlaps(other)) continue;
    // Defaults are reported too: a 10.0.0.0/8 supernet collides with the k3s defaults.
    const isDefault = given[key] === undefined;
    throw new InputError(`kubernetes.${key}`, given[key] ?? DEFAULTS[key], `${isDefault ? "(the default) " : ""}overlaps ${otherKey} "${other}"`, `choose a ${what} range outside ${other}`);
  }
}
