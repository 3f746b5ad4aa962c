// Input validation that needs no layout: each value on its own (type, family,
// host bits, allowed lengths and counts) and the IPv4 ranges against each
// other. What only the layout can tell (does it fit? do carved and given IPv6
// ranges collide?) is checked in plan/. Every failure is an InputError.
//
// The parts: rules.ts (lengths, counts, defaults), values.ts (one value at a
// time), ipv6.ts (the prefix) and kubernetes.ts (the Kubernetes ranges).
import type { PlanInput } from "../types";
import { validIpv6 } from "./ipv6";
import { validDockerPool } from "./docker";
import { checkIpv4RangesApart, validKubernetes } from "./kubernetes";
import { DEFAULTS, RULES } from "./rules";
import type { KubernetesInput, ValidInput } from "./valid-input";
import { cidrIn, integerIn, type SpecialPolicy, validName, validVip, validZones } from "./values";

export type { GivenAddress, ValidInput } from "./valid-input";

export function validateInput(input: PlanInput): ValidInput {
  const policy: SpecialPolicy = { allowDocumentation: input.documentationRanges !== "refuse" };
  const ipv4Supernet = cidrIn("ipv4Supernet", input.ipv4Supernet, 4, RULES.ipv4SupernetLength, '"10.40.0.0/16"', policy);
  const ipv4SubnetPrefixLength = integerIn(
    "ipv4SubnetPrefixLength",
    input.ipv4SubnetPrefixLength ?? DEFAULTS.ipv4SubnetPrefixLength,
    {
      min: ipv4Supernet.length,
      max: RULES.ipv4SubnetMaxLength,
      why: `networks are carved out of the /${ipv4Supernet.length} supernet`,
    },
  );
  const name = validName("name", input.name, "prod-zrh");
  const tiers = input.tiers ?? DEFAULTS.tiers;
  const k8s: KubernetesInput = input.kubernetes ?? {};
  const ingressCount = integerIn("ingressCount", input.ingressCount, RULES.ingressCount);
  const valid: ValidInput = {
    name,
    ipv4Supernet,
    ipv4SubnetPrefixLength,
    ...validIpv6(input, name, policy),
    zones: validZones(input.zones),
    tiers: {
      ingress: validName("tiers.ingress", tiers.ingress, DEFAULTS.tiers.ingress),
      nodes: validName("tiers.nodes", tiers.nodes, DEFAULTS.tiers.nodes),
    },
    nodeCount: integerIn("nodeCount", input.nodeCount, RULES.nodeCount),
    ingressCount,
    ingressSlots: validIngressMaxCount(input.ingressMaxCount, ingressCount),
    vips: {
      ipv4: validVip("vips.ipv4", input.vips?.ipv4, 4, ipv4SubnetPrefixLength),
      ipv6: validVip("vips.ipv6", input.vips?.ipv6, 6, 64),
    },
    kubernetes: validKubernetes(k8s, policy),
    dockerPoolV4: validDockerPool(input.docker?.ipv4Pool, policy),
  };
  checkIpv4RangesApart(valid, k8s);
  return valid;
}

/** Room for ingress hosts to come: at least the hosts there are, at most the most there may be. */
function validIngressMaxCount(given: number | undefined, ingressCount: number): number {
  if (given === undefined) return ingressCount;
  const max = RULES.ingressCount.max;
  return integerIn("ingressMaxCount", given, { min: ingressCount, max, why: `it counts the ${ingressCount} ingress hosts there are and those to come` });
}
