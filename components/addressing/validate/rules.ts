// The allowed lengths and counts (with the reason shown in errors) and the
// defaults of PlanInput.

/** Allowed values of a length or count, and why (shown in the error). */
export interface Rule {
  min: number;
  /** Absent: no upper bound here (capacity is checked against the layout). */
  max?: number;
  why: string;
}

/** A /62 still splits into four quarters of one /64 each; see plan/index.ts. */
export const IPV6_PREFIX_LENGTHS = { min: 48, max: 62 };

export const RULES = {
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
  dockerPoolV4: { min: 8, max: 24, why: "Docker takes a /24 from it for each bridge network" },
} satisfies Record<string, Rule | number>;

export const DEFAULTS = {
  tiers: { ingress: "ingress", nodes: "nodes" },
  ipv4SubnetPrefixLength: 24,
  // k3s defaults, so a cluster set up by hand from the k3s docs matches the plan.
  clusterCidrV4: "10.42.0.0/16",
  serviceCidrV4: "10.43.0.0/16",
  clusterPrefixLengthV6: 56,
  servicePrefixLengthV6: 112,
};

export const NAME_PATTERN = /^[a-z0-9-]+$/;
