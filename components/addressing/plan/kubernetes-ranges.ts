// The IPv6 pod and service ranges: carved from P's pod and service quarters
// (or the name's ULA /48 when P is too small), or given explicitly.
import type { Cidr } from "../cidr";
import { InputError } from "../errors";
import { ulaPrefixFor } from "../ula";
import type { ValidInput } from "../validate";
import { quartersOf, type Quarters } from "./layout";

export interface KubernetesRangesV6 {
  cluster: Cidr;
  service: Cidr;
}

export function kubernetesRangesV6(valid: ValidInput, prefix: Cidr, quarters: Quarters): KubernetesRangesV6 {
  const k8s = valid.kubernetes;
  if (k8s.clusterCidrV6) checkOwnQuarter("kubernetes.clusterCidrV6", k8s.clusterCidrV6, "pods", prefix, quarters);
  if (k8s.serviceCidrV6) checkOwnQuarter("kubernetes.serviceCidrV6", k8s.serviceCidrV6, "services", prefix, quarters);
  const cluster = k8s.clusterCidrV6 ?? carvePodRange(valid.name, prefix, quarters.pods, k8s.clusterPrefixLengthV6, k8s.serviceCidrV6);
  const service = k8s.serviceCidrV6 ?? quarters.services.subnet(k8s.servicePrefixLengthV6, 0);
  if (cluster.overlaps(service)) {
    // Carved ranges never overlap each other, so at least one was given.
    const [key, range, other] = k8s.serviceCidrV6
      ? ["kubernetes.serviceCidrV6", service, cluster]
      : ["kubernetes.clusterCidrV6", cluster, service];
    throw new InputError(key, range.toString(), `overlaps ${other}`, "use pod and service ranges that do not overlap");
  }
  return { cluster, service };
}

/**
 * The first /length of P's pod quarter; if P is too small for one (e.g. a
 * provider /56), the first /length of the name's ULA /48, its pod quarter
 * first, that overlaps neither P (which may itself lie in that ULA, e.g. an
 * operator's sub-prefix of it) nor an explicit service range.
 */
function carvePodRange(name: string, prefix: Cidr, podQuarter: Cidr, length: number, service: Cidr | undefined): Cidr {
  if (podQuarter.length <= length) return podQuarter.subnet(length, 0);
  const ula = ulaPrefixFor(name);
  for (const space of [quartersOf(ula).pods, ula]) {
    for (let i = 0n; i < space.subnetCount(length); i++) {
      const candidate = space.subnet(length, i);
      if (!candidate.overlaps(prefix) && !(service && candidate.overlaps(service))) return candidate;
    }
  }
  // Unreachable for /48../62 prefixes (a /48 holds four /50s, P and the service range cover at most three).
  throw new InputError("ipv6Prefix", prefix.toString(), `leaves no /${length} pod range free in ${ula}`, "set kubernetes.clusterCidrV6");
}

/** An explicit range may sit in its own quarter of P or outside P, never in a quarter used for something else. */
function checkOwnQuarter(key: string, range: Cidr, own: keyof Quarters, prefix: Cidr, quarters: Quarters): void {
  for (const [use, quarter] of Object.entries(quarters)) {
    if (use !== own && quarter.overlaps(range)) {
      throw new InputError(
        key,
        range.toString(),
        `overlaps the ${use} quarter ${quarter} of ipv6Prefix ${prefix}`,
        `use a range inside ${quarters[own]} (the ${own} quarter) or outside ${prefix}`,
      );
    }
  }
}
