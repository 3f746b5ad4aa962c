// Input validation that needs no layout: each value on its own (type, family,
// host bits, allowed lengths and counts) and the IPv4 ranges against each
// other. What only the layout can tell (does it fit? do carved and given IPv6
// ranges collide?) is checked in plan.ts. Every failure is an InputError.
import { Cidr, IpVersion, familyName, parseAddress, parseCidr } from "./cidr";
import { InputError } from "./errors";
import type { Ipv6PrefixSource, PlanInput } from "./types";
import { ulaPrefixFor } from "./ula";

/** Allowed values of a length or count, and why (shown in the error). */
interface Rule {
  min: number;
  /** Absent: no upper bound here (capacity is checked against the layout). */
  max?: number;
  why: string;
}

/** A /62 still splits into four quarters of one /64 each; see plan.ts. */
const IPV6_PREFIX_LENGTHS = { min: 48, max: 62 };

const RULES = {
  ipv4SupernetLength: { min: 8, max: 28, why: "networks are carved out of the supernet" },
  // A /28 leaves 5 hosts after the first 10 offsets and the broadcast address.
  ipv4SubnetMaxLength: 28,
  nodeCount: { min: 1, why: "a cluster needs a node" },
  ingressCount: { min: 2, max: 8, why: "VRRP needs a second host to fail over to" },
  clusterLengthV4: { min: 8, max: 24, why: "each node gets a /24" },
  // kube-apiserver refuses service ranges of more than 2^20 addresses.
  serviceLengthV4: { min: 12, max: 28, why: "Kubernetes refuses IPv4 service ranges larger than /12" },
  clusterLengthV6: {
    min: 48,
    max: 56,
    why: "node ranges are /64 and Kubernetes allows at most 16 bits between cluster and node mask",
  },
  // A carved pod range lies in a quarter of a /48 at most, a /50.
  carvedClusterLengthV6: {
    min: 50,
    max: 56,
    why: "a carved pod range must fit a quarter (/50) of a /48; set kubernetes.clusterCidrV6 for a /48 or /49",
  },
  serviceLengthV6: { min: 108, max: 120, why: "Kubernetes refuses IPv6 service ranges larger than /108" },
} satisfies Record<string, Rule | number>;

const DEFAULTS = {
  tiers: { ingress: "ingress", nodes: "nodes" },
  ipv4SubnetPrefixLength: 24,
  // k3s defaults, so a cluster set up by hand from the k3s docs matches the plan.
  clusterCidrV4: "10.42.0.0/16",
  serviceCidrV4: "10.43.0.0/16",
  clusterPrefixLengthV6: 56,
  servicePrefixLengthV6: 112,
};

const NAME_PATTERN = /^[a-z0-9-]+$/;

/** PlanInput with defaults applied and every address parsed. */
export interface ValidInput {
  name: string;
  ipv4Supernet: Cidr;
  ipv4SubnetPrefixLength: number;
  /** The given prefix, or the name's ULA /48 (source "ula"). */
  ipv6Prefix: Cidr;
  ipv6PrefixSource: Ipv6PrefixSource;
  zones: string[];
  tiers: { ingress: string; nodes: string };
  nodeCount: number;
  ingressCount: number;
  /** VIPs as given and as bare addresses; whether they fit the ingress network is checked by the planner. */
  vips: { ipv4?: GivenAddress; ipv6?: GivenAddress };
  kubernetes: {
    clusterCidrV4: Cidr;
    serviceCidrV4: Cidr;
    clusterPrefixLengthV6: number;
    servicePrefixLengthV6: number;
    clusterCidrV6?: Cidr;
    serviceCidrV6?: Cidr;
  };
}

export interface GivenAddress {
  given: string;
  address: bigint;
}

type KubernetesInput = NonNullable<PlanInput["kubernetes"]>;

export function validateInput(input: PlanInput): ValidInput {
  const ipv4Supernet = cidrIn("ipv4Supernet", input.ipv4Supernet, 4, RULES.ipv4SupernetLength, '"10.40.0.0/16"');
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
  const valid: ValidInput = {
    name,
    ipv4Supernet,
    ipv4SubnetPrefixLength,
    ...validIpv6(input, name),
    zones: validZones(input.zones),
    tiers: {
      ingress: validName("tiers.ingress", tiers.ingress, DEFAULTS.tiers.ingress),
      nodes: validName("tiers.nodes", tiers.nodes, DEFAULTS.tiers.nodes),
    },
    nodeCount: integerIn("nodeCount", input.nodeCount, RULES.nodeCount),
    ingressCount: integerIn("ingressCount", input.ingressCount, RULES.ingressCount),
    vips: {
      ipv4: validVip("vips.ipv4", input.vips?.ipv4, 4, ipv4SubnetPrefixLength),
      ipv6: validVip("vips.ipv6", input.vips?.ipv6, 6, 64),
    },
    kubernetes: validKubernetes(k8s),
  };
  checkIpv4RangesApart(valid, k8s);
  return valid;
}

function validName(key: string, value: unknown, example: string): string {
  const expected = `use lowercase letters, digits and "-", e.g. "${example}"`;
  if (typeof value !== "string" || value === "") throw new InputError(key, value, "is empty or not a string", expected);
  if (!NAME_PATTERN.test(value)) throw new InputError(key, value, "has characters other than a-z, 0-9 and -", expected);
  return value;
}

function integerIn(key: string, value: unknown, rule: Rule): number {
  const bounds = rule.max === undefined ? `${rule.min} or more` : `${rule.min}..${rule.max}`;
  const expected = `use ${bounds} (${rule.why})`;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new InputError(key, value, "is not an integer", expected);
  }
  if (value < rule.min || (rule.max !== undefined && value > rule.max)) {
    throw new InputError(key, value, "is out of range", expected);
  }
  return value;
}

/** A CIDR of `family` whose length follows `rule`; `example` is shown when the text is unusable. */
function cidrIn(key: string, value: unknown, family: IpVersion, rule: Required<Rule>, example: string): Cidr {
  const allowed = `/${rule.min}../${rule.max}`;
  const parsed = parseCidr(value, family);
  if (!parsed.ok) {
    const expected = parsed.fix ?? `use an ${familyName(family)} CIDR ${allowed}, e.g. ${example}`;
    throw new InputError(key, value, parsed.problem, expected);
  }
  const { length } = parsed.value;
  if (length < rule.min || length > rule.max) {
    const problem = `has prefix length /${length}, outside ${allowed}`;
    throw new InputError(key, value, problem, `use ${allowed} (${rule.why})`);
  }
  return parsed.value;
}

function validIpv6(input: PlanInput, name: string): Pick<ValidInput, "ipv6Prefix" | "ipv6PrefixSource"> {
  const source: unknown = input.ipv6PrefixSource;
  if (source !== undefined && source !== "operator" && source !== "provider") {
    throw new InputError("ipv6PrefixSource", source, "is not a known source", 'use "operator" or "provider"');
  }
  if (input.ipv6Prefix !== undefined) {
    return { ipv6Prefix: validIpv6Prefix(input.ipv6Prefix), ipv6PrefixSource: source ?? "operator" };
  }
  if (source !== undefined) {
    throw new InputError(
      "ipv6PrefixSource",
      source,
      "is set but ipv6Prefix is not",
      "set ipv6Prefix too, or drop ipv6PrefixSource to get a ULA prefix derived from the name",
    );
  }
  return { ipv6Prefix: ulaPrefixFor(name), ipv6PrefixSource: "ula" };
}

function validIpv6Prefix(value: unknown): Cidr {
  const { min, max } = IPV6_PREFIX_LENGTHS;
  const parsed = parseCidr(value, 6);
  if (!parsed.ok) {
    const expected = parsed.fix ?? `use an IPv6 prefix /${min}../${max}, e.g. "2001:db8:40::/48"`;
    throw new InputError("ipv6Prefix", value, parsed.problem, expected);
  }
  const prefix = parsed.value;
  if (prefix.length > max) {
    throw new InputError(
      "ipv6Prefix",
      value,
      `is a /${prefix.length}: too small to carve networks, pods, services and Docker ranges`,
      `use /${min}../${max}`,
    );
  }
  if (prefix.length < min) {
    throw new InputError(
      "ipv6Prefix",
      value,
      `is a /${prefix.length}, larger than one environment needs`,
      `use /${min}../${max}, e.g. "${prefix.subnet(min, 0)}" out of it`,
    );
  }
  return prefix;
}

function validZones(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError("zones", value, "is empty", 'list at least one zone, e.g. ["lpg1"]');
  }
  const zones: string[] = [];
  value.forEach((zone: unknown, i) => {
    if (typeof zone !== "string" || zone === "") {
      throw new InputError(`zones[${i}]`, zone, "is empty or not a string", `use the provider's zone name, e.g. "lpg1"`);
    }
    if (zones.includes(zone)) throw new InputError("zones", value, `lists "${zone}" twice`, "list each zone once");
    zones.push(zone);
  });
  return zones;
}

/** A VIP is an address; a prefix is tolerated when it is the host's (/32, /128) or the network's. */
function validVip(key: string, value: unknown, family: IpVersion, networkLength: number): GivenAddress | undefined {
  if (value === undefined) return undefined;
  const parsed = parseAddress(value, family);
  if (!parsed.ok) {
    const expected = parsed.fix ?? `use an ${familyName(family)} address in the first zone's ingress network`;
    throw new InputError(key, value, parsed.problem, expected);
  }
  const { length } = parsed.value;
  const hostLength = family === 4 ? 32 : 128;
  if (length !== undefined && length !== hostLength && length !== networkLength) {
    const expected = `give a bare address, /${hostLength} or /${networkLength}`;
    throw new InputError(key, value, `has prefix length /${length}`, expected);
  }
  return { given: String(value), address: parsed.value.value };
}

function validKubernetes(k8s: KubernetesInput): ValidInput["kubernetes"] {
  const clusterCidrV6 =
    k8s.clusterCidrV6 === undefined
      ? undefined
      : cidrIn("kubernetes.clusterCidrV6", k8s.clusterCidrV6, 6, RULES.clusterLengthV6, '"fd00:42::/56"');
  const serviceCidrV6 =
    k8s.serviceCidrV6 === undefined
      ? undefined
      : cidrIn("kubernetes.serviceCidrV6", k8s.serviceCidrV6, 6, RULES.serviceLengthV6, '"fd00:43::/112"');
  return {
    clusterCidrV4: cidrIn(
      "kubernetes.clusterCidrV4",
      k8s.clusterCidrV4 ?? DEFAULTS.clusterCidrV4,
      4,
      RULES.clusterLengthV4,
      `"${DEFAULTS.clusterCidrV4}"`,
    ),
    serviceCidrV4: cidrIn(
      "kubernetes.serviceCidrV4",
      k8s.serviceCidrV4 ?? DEFAULTS.serviceCidrV4,
      4,
      RULES.serviceLengthV4,
      `"${DEFAULTS.serviceCidrV4}"`,
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
function checkIpv4RangesApart(valid: ValidInput, given: KubernetesInput): void {
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
