// The address plan's data model. Pure data: no Pulumi, no I/O.
// Every address and CIDR in a plan is canonical text (RFC 5952 for IPv6:
// lowercase, longest zero run compressed), so plans diff cleanly.

/** Where the environment's IPv6 prefix came from. */
export type Ipv6PrefixSource = "operator" | "provider" | "ula";

export interface PlanInput {
  /** Environment (stack) name; seeds the ULA /48 and the VRRP router ids. */
  name: string;
  /** IPv4 supernet for all networks of the environment, e.g. "10.40.0.0/16". */
  ipv4Supernet: string;
  /**
   * IPv6 prefix for the environment (/48../62), e.g. "2001:db8:40::/48" or a
   * provider-assigned /56. Absent: a ULA /48 derived from `name` (RFC 4193).
   */
  ipv6Prefix?: string;
  /** Set to "provider" when `ipv6Prefix` was assigned by the cloud (AWS VPC /56). */
  ipv6PrefixSource?: Exclude<Ipv6PrefixSource, "ula">;
  /** Availability zones (at least one). Networks are made per zone and tier. */
  zones: string[];
  /** Number of worker/app nodes, spread round-robin over the zones. */
  nodeCount: number;
  /** Number of ingress hosts (2..8); they share the first zone's ingress network (VRRP needs one L2). */
  ingressCount: number;
  /**
   * The most ingress hosts the environment will have (ingressCount..8,
   * default ingressCount). Where nodes share the ingress network, the nodes'
   * addresses start after this many ingress addresses, so changing
   * ingressCount up to it moves no node.
   */
  ingressMaxCount?: number;
  /** Tier names; when equal, nodes and ingress share one network per zone. */
  tiers?: { ingress: string; nodes: string };
  /** IPv4 prefix length of each network (default 24). */
  ipv4SubnetPrefixLength?: number;
  /**
   * Documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
   * 2001:db8::/32, 3fff::/20) in the given ranges: "allow" (default, for
   * examples and tests) or "refuse" (stacks: real networks must not use
   * them). Every other special-purpose range (loopback, link-local,
   * multicast, ...) is always refused; see special-ranges.ts.
   */
  documentationRanges?: "allow" | "refuse";
  /** Optional fixed VIPs; must lie inside the ingress network of the first zone. */
  vips?: { ipv4?: string; ipv6?: string };
  docker?: {
    /**
     * IPv4 pool of the nodes' Docker bridge networks (/24s), private space
     * /8../24 clear of the plan's other ranges. Absent: the largest free block
     * of 172.16.0.0/12, 192.168.0.0/16, 10.0.0.0/8, 100.64.0.0/10 (in this
     * order; 172.16.0.0/12 itself when the plan leaves it free).
     */
    ipv4Pool?: string;
  };
  kubernetes?: {
    /** Pod range IPv4 (default "10.42.0.0/16"); must not overlap the supernet. */
    clusterCidrV4?: string;
    /** Service range IPv4 (default "10.43.0.0/16"). */
    serviceCidrV4?: string;
    /** Prefix length of the IPv6 pod cluster range, 48..56 (default 56). */
    clusterPrefixLengthV6?: number;
    /** Prefix length of the IPv6 service range, 108..120 (default 112). */
    servicePrefixLengthV6?: number;
    /** Explicit IPv6 pod range; overrides the carved one. */
    clusterCidrV6?: string;
    /** Explicit IPv6 service range; overrides the carved one. */
    serviceCidrV6?: string;
  };
}

export interface PlannedNetwork {
  /** "<tier>-<zone>", e.g. "nodes-lpg1". */
  name: string;
  zone: string;
  tier: string;
  ipv4Cidr: string;
  ipv6Cidr: string;
  ipv4Gateway: string;
  ipv6Gateway: string;
}

export interface PlannedHost {
  /** e.g. "node-1", "ingress-1". */
  name: string;
  role: "node" | "ingress";
  zone: string;
  /** Name of the PlannedNetwork the host sits in. */
  network: string;
  ipv4: string;
  ipv6: string;
  ipv4PrefixLength: number;
  ipv6PrefixLength: number;
}

export interface PlannedNode extends PlannedHost {
  role: "node";
  /** The node's /64 from the cluster pod range (what the controller would assign). */
  podCidrV6: string;
  /** The node's /24 from the IPv4 pod range. */
  podCidrV4: string;
  docker: {
    /** The node's Docker /64. */
    ipv6Cidr: string;
    /** daemon.json fixed-cidr-v6: the first /80 of the node's Docker /64. */
    fixedCidrV6: string;
    /** daemon.json default-address-pools IPv6 entry: upper half of the /64, /80 networks. */
    addressPoolV6: { base: string; size: number };
    /** daemon.json default-address-pools IPv4 entry: the plan's Docker IPv4 pool in /24 networks (NATed, the same on every node). */
    addressPoolV4: { base: string; size: number };
  };
}

export interface PlannedIngressHost extends PlannedHost {
  role: "ingress";
  /** keepalived priority, distinct per host (first host highest). */
  vrrpPriority: number;
}

export interface IngressPlan {
  network: string;
  hosts: PlannedIngressHost[];
  vips: { ipv4: string; ipv6: string };
  /** VRRP virtual router ids, one per family; derived from the env name, not from addresses. */
  vrrp: { routerIdV4: number; routerIdV6: number };
}

export interface KubernetesPlan {
  clusterCidrV4: string;
  clusterCidrV6: string;
  serviceCidrV4: string;
  serviceCidrV6: string;
  nodeCidrMaskSizeV4: number;
  nodeCidrMaskSizeV6: number;
  /** Whether the pod range is ULA (flannel must masquerade IPv6 then). */
  podRangeIsUla: boolean;
}

export interface AddressPlan {
  name: string;
  ipv4Supernet: string;
  ipv6Prefix: string;
  ipv6PrefixSource: Ipv6PrefixSource;
  networks: PlannedNetwork[];
  nodes: PlannedNode[];
  ingress: IngressPlan;
  kubernetes: KubernetesPlan;
}
