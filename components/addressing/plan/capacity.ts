// Capacity: does the plan hold the ingress hosts and the nodes? Reports the
// tightest limit (host room, pod /64s, Docker /64s, IPv4 pod /24s) and what
// to change.
import type { Cidr } from "../cidr";
import { InputError } from "../errors";
import type { ValidInput } from "../validate";
import { hostsPerNetwork, NETWORK_LENGTH_V6, NODE_POD_LENGTH_V4, OFFSET, type Quarters } from "./layout";

export function checkIngressFits(valid: ValidInput): void {
  const room = hostsPerNetwork(valid);
  if (valid.ingressSlots > room) {
    const subnet = `a /${valid.ipv4SubnetPrefixLength} holds ${room} hosts from offset ${OFFSET.firstHost}`;
    const key = valid.ingressSlots > valid.ingressCount ? "ingressMaxCount" : "ingressCount";
    throw new InputError(
      key,
      valid.ingressSlots,
      `does not fit the first zone's ingress network: ${subnet}`,
      `use 2..${room}, or a shorter ipv4SubnetPrefixLength`,
    );
  }
}

interface NodeLimit {
  max: number;
  reason: string;
  /** What else to change, e.g. "a larger ipv6Prefix". */
  remedy: string;
}

export function checkNodeCapacity(valid: ValidInput, quarters: Quarters, cluster: Cidr): void {
  const tightest = nodeLimits(valid, quarters, cluster).reduce((a, b) => (b.max < a.max ? b : a));
  if (valid.nodeCount > tightest.max) {
    throw new InputError(
      "nodeCount",
      valid.nodeCount,
      `exceeds the plan's capacity: ${tightest.reason}`,
      tightest.max >= 1 ? `use 1..${tightest.max}, or ${tightest.remedy}` : `use ${tightest.remedy}`,
    );
  }
}

/** Each range that gives every node a slot, and how many nodes it holds. */
function nodeLimits(valid: ValidInput, quarters: Quarters, cluster: Cidr): NodeLimit[] {
  const zones = valid.zones.length;
  const room = hostsPerNetwork(valid);
  const shared = valid.tiers.ingress === valid.tiers.nodes;
  // Zone z gets nodes z, z+Z, z+2Z, ... (0-based), so it holds them all iff nodeCount <= room_z * Z + z.
  const roomIn = (z: number) => room - (shared && z === 0 ? valid.ingressSlots : 0);
  const hostMax = Math.min(...valid.zones.map((_, z) => roomIn(z) * zones + z));
  const slots = (range: Cidr, length: number) => Number(range.subnetCount(length));
  const podsV6 = slots(cluster, NETWORK_LENGTH_V6);
  const docker = slots(quarters.docker, NETWORK_LENGTH_V6);
  const podsV4 = slots(valid.kubernetes.clusterCidrV4, NODE_POD_LENGTH_V4);
  return [
    {
      max: hostMax,
      reason:
        `IPv4 /${valid.ipv4SubnetPrefixLength} networks hold ${room} hosts each` +
        (shared ? ` (the first zone's shared with ${valid.ingressSlots} ingress hosts)` : "") +
        `, in ${zones} zone(s)`,
      remedy: "a shorter ipv4SubnetPrefixLength or more zones",
    },
    {
      max: podsV6,
      reason: `the IPv6 pod range ${cluster} holds ${podsV6} node /64s`,
      remedy: "a shorter kubernetes.clusterPrefixLengthV6",
    },
    {
      max: docker,
      reason: `the Docker quarter ${quarters.docker} of ipv6Prefix holds ${docker} node /64s`,
      remedy: "a larger ipv6Prefix",
    },
    {
      max: podsV4,
      reason: `kubernetes.clusterCidrV4 ${valid.kubernetes.clusterCidrV4} holds ${podsV4} node /24s`,
      remedy: "a larger kubernetes.clusterCidrV4",
    },
  ];
}
