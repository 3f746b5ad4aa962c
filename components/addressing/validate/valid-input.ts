// What validation hands the planner.
import type { Cidr } from "../cidr";
import type { Ipv6PrefixSource, PlanInput } from "../types";

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
  /** Ingress addresses kept in a shared network (ingressMaxCount, default ingressCount). */
  ingressSlots: number;
  /** VIPs as given and as bare addresses; whether they fit the ingress network is checked by the planner. */
  vips: { ipv4?: GivenAddress; ipv6?: GivenAddress };
  /** The operator's Docker IPv4 pool; absent: the planner picks one (plan/docker.ts). */
  dockerPoolV4?: Cidr;
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

export type KubernetesInput = NonNullable<PlanInput["kubernetes"]>;
