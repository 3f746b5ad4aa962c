// The address planner: PlanInput -> AddressPlan, pure and deterministic.
//
// Layout rules (the contract other components and the docs rely on):
//
// IPv6. The environment prefix P (/48../62) is the operator's or provider's,
// or else the ULA /48 derived from the name (source "ula"). P is split into
// four quarters of length L+2:
//   Q0 networks: network i (zones x tiers, zone-major, ingress tier first; one
//      network per zone when both tier names are equal) is the i-th /64.
//   Q1 pods: the cluster range is the first /C of Q1 (C = 56 by default,
//      50..56 as Q1 is a /50 at most). If Q1 is smaller than a /C (e.g. a
//      provider /56), the first /C of Q1 of the name's ULA /48 instead. Node i
//      gets the i-th /64 of it.
//   Q2 services: the first /S of Q2 (S = 112 by default, 108..120).
//   Q3 Docker: node i gets the i-th /64; fixed-cidr-v6 is its first /80 and
//      the default address pool its upper /65, split into /80s.
//   Explicit pod (/48../56) and service ranges replace the carved ones; they
//   may sit in their own quarter or outside P, never in another quarter.
// IPv4. The supernet (/8../28) is split into /N networks (N = 24 by default),
// network i being the i-th /N. Pods: node i gets the i-th /24 of the cluster
// range (10.42.0.0/16); services 10.43.0.0/16 (the k3s defaults).
// Hosts. Offset k in a network means network address + k, in both families,
// so a host's IPv4 and IPv6 addresses end in the same number (from its index,
// never from IPv4 octets). Offsets 0..3 are reserved (network, gateway ::1 /
// .1, cloud-reserved), 4 is the ingress VIP, hosts start at 10; the last
// address (IPv4 broadcast) stays free. Ingress hosts all sit in the first
// zone's ingress network (VRRP needs one L2); nodes go round-robin over the
// zones. In a network shared by both tiers, ingress hosts come first.
import { createHash } from "node:crypto";
import { Cidr } from "./cidr";
import { InputError } from "./errors";
import type {
  AddressPlan,
  IngressPlan,
  PlanInput,
  PlannedHost,
  PlannedIngressHost,
  PlannedNetwork,
  PlannedNode,
} from "./types";
import { isUla, ulaPrefixFor } from "./ula";
import { GivenAddress, validateInput, ValidInput } from "./validate";

const OFFSET = {
  gateway: 1,
  /** Offsets below this are the network, the gateway and what clouds reserve (AWS: .0-.3). */
  firstUsable: 4,
  vip: 4,
  firstHost: 10,
};
const NETWORK_LENGTH_V6 = 64;
const NODE_POD_LENGTH_V4 = 24;
/** Docker networks (fixed-cidr-v6 and each pool network) are /80s. */
const DOCKER_NETWORK_LENGTH = 80;

export function planAddresses(input: PlanInput): AddressPlan {
  const valid = validateInput(input);
  const prefix = valid.ipv6Prefix;
  const quarters = quartersOf(prefix);
  const { networks, byZone } = carveNetworks(valid, prefix, quarters.networks);
  const k8sV6 = kubernetesRangesV6(valid, prefix, quarters);
  checkIngressFits(valid);
  checkNodeCapacity(valid, quarters, k8sV6.cluster);

  const ingressNetwork = byZone[0].ingress;
  const ingressHosts = Array.from({ length: valid.ingressCount }, (_, j): PlannedIngressHost => ({
    ...hostAt(`ingress-${j + 1}`, "ingress", valid.zones[0], ingressNetwork, OFFSET.firstHost + j),
    vrrpPriority: vrrpPriority(j, valid.ingressCount),
  }));
  const nodes = Array.from({ length: valid.nodeCount }, (_, i): PlannedNode => {
    const zone = valid.zones[i % valid.zones.length];
    const network = byZone[i % valid.zones.length].nodes;
    // Ingress hosts come first in the one network they may share with nodes.
    const ingressBefore = network === ingressNetwork ? valid.ingressCount : 0;
    const offset = OFFSET.firstHost + ingressBefore + Math.floor(i / valid.zones.length);
    const dockerRange = quarters.docker.subnet(NETWORK_LENGTH_V6, i);
    return {
      ...hostAt(`node-${i + 1}`, "node", zone, network, offset),
      podCidrV6: k8sV6.cluster.subnet(NETWORK_LENGTH_V6, i).toString(),
      podCidrV4: valid.kubernetes.clusterCidrV4.subnet(NODE_POD_LENGTH_V4, i).toString(),
      docker: {
        ipv6Cidr: dockerRange.toString(),
        fixedCidrV6: dockerRange.subnet(DOCKER_NETWORK_LENGTH, 0).toString(),
        // The upper half, so pool networks never collide with fixed-cidr-v6 (lower half).
        addressPoolV6: { base: dockerRange.subnet(NETWORK_LENGTH_V6 + 1, 1).toString(), size: DOCKER_NETWORK_LENGTH },
      },
    };
  });

  return {
    name: valid.name,
    ipv4Supernet: valid.ipv4Supernet.toString(),
    ipv6Prefix: prefix.toString(),
    ipv6PrefixSource: valid.ipv6PrefixSource,
    networks: networks.map(describeNetwork),
    nodes,
    ingress: planIngress(valid, ingressNetwork, [...ingressHosts, ...nodes], ingressHosts),
    kubernetes: {
      clusterCidrV4: valid.kubernetes.clusterCidrV4.toString(),
      clusterCidrV6: k8sV6.cluster.toString(),
      serviceCidrV4: valid.kubernetes.serviceCidrV4.toString(),
      serviceCidrV6: k8sV6.service.toString(),
      nodeCidrMaskSizeV4: NODE_POD_LENGTH_V4,
      nodeCidrMaskSizeV6: NETWORK_LENGTH_V6,
      podRangeIsUla: isUla(k8sV6.cluster),
    },
  };
}

interface Quarters {
  networks: Cidr;
  pods: Cidr;
  services: Cidr;
  docker: Cidr;
}

function quartersOf(prefix: Cidr): Quarters {
  const quarter = (i: number) => prefix.subnet(prefix.length + 2, i);
  return { networks: quarter(0), pods: quarter(1), services: quarter(2), docker: quarter(3) };
}

interface CarvedNetwork {
  name: string;
  zone: string;
  tier: string;
  v4: Cidr;
  v6: Cidr;
}

/** A zone's networks; the same network twice when both tiers share it. */
interface ZoneNetworks {
  ingress: CarvedNetwork;
  nodes: CarvedNetwork;
}

function carveNetworks(
  valid: ValidInput,
  prefix: Cidr,
  networkQuarter: Cidr,
): { networks: CarvedNetwork[]; byZone: ZoneNetworks[] } {
  const { ingress, nodes } = valid.tiers;
  const tiers = ingress === nodes ? [ingress] : [ingress, nodes];
  const slots = valid.zones.flatMap((zone) => tiers.map((tier) => ({ name: `${tier}-${zone}`, zone, tier })));
  const clash = slots.find((slot, i) => slots.findIndex((other) => other.name === slot.name) !== i);
  if (clash) {
    // e.g. tiers "edge" and "edge-a" with zones "a-1" and "1".
    const problem = `would give two networks the name "${clash.name}"`;
    throw new InputError("tiers", valid.tiers, problem, "use tier names that zone names cannot complete");
  }
  const needed = `the plan needs ${slots.length} (${valid.zones.length} zone(s) x ${tiers.length} tier(s))`;
  const { ipv4Supernet: supernet, ipv4SubnetPrefixLength: length } = valid;
  const v4Room = supernet.subnetCount(length);
  if (v4Room < slots.length) {
    throw new InputError(
      "ipv4Supernet",
      supernet.toString(),
      `holds ${v4Room} /${length} network(s) but ${needed}`,
      `use a /${length - bitsFor(slots.length)} or larger, or a longer ipv4SubnetPrefixLength`,
    );
  }
  const v6Room = networkQuarter.subnetCount(NETWORK_LENGTH_V6);
  if (v6Room < slots.length) {
    throw new InputError(
      "ipv6Prefix",
      prefix.toString(),
      `holds ${v6Room} /64 network(s) in its network quarter ${networkQuarter} but ${needed}`,
      `use a /${NETWORK_LENGTH_V6 - 2 - bitsFor(slots.length)} or larger`,
    );
  }
  const networks = slots.map((slot, i) => ({
    ...slot,
    v4: supernet.subnet(length, i),
    v6: networkQuarter.subnet(NETWORK_LENGTH_V6, i),
  }));
  const byZone = valid.zones.map((_, z) => ({
    ingress: networks[z * tiers.length],
    nodes: networks[z * tiers.length + tiers.length - 1],
  }));
  return { networks, byZone };
}

/** The smallest b with 2^b >= count: how many prefix bits `count` subnets take. */
function bitsFor(count: number): number {
  let bits = 0;
  while (2 ** bits < count) bits++;
  return bits;
}

function describeNetwork(network: CarvedNetwork): PlannedNetwork {
  return {
    name: network.name,
    zone: network.zone,
    tier: network.tier,
    ipv4Cidr: network.v4.toString(),
    ipv6Cidr: network.v6.toString(),
    ipv4Gateway: network.v4.addressAt(OFFSET.gateway),
    ipv6Gateway: network.v6.addressAt(OFFSET.gateway),
  };
}

interface KubernetesRangesV6 {
  cluster: Cidr;
  service: Cidr;
}

function kubernetesRangesV6(valid: ValidInput, prefix: Cidr, quarters: Quarters): KubernetesRangesV6 {
  const k8s = valid.kubernetes;
  if (k8s.clusterCidrV6) checkOwnQuarter("kubernetes.clusterCidrV6", k8s.clusterCidrV6, "pods", prefix, quarters);
  if (k8s.serviceCidrV6) checkOwnQuarter("kubernetes.serviceCidrV6", k8s.serviceCidrV6, "services", prefix, quarters);
  const cluster = k8s.clusterCidrV6 ?? carvePodRange(valid.name, quarters.pods, k8s.clusterPrefixLengthV6);
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

function carvePodRange(name: string, podQuarter: Cidr, length: number): Cidr {
  if (podQuarter.length <= length) return podQuarter.subnet(length, 0);
  // P is too small for a pod range (e.g. a provider /56): fall back to the name's ULA.
  return quartersOf(ulaPrefixFor(name)).pods.subnet(length, 0);
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

/** Host addresses in an IPv4 /N from the first host offset on, leaving the broadcast address free. */
function hostsPerNetwork(valid: ValidInput): number {
  return 2 ** (32 - valid.ipv4SubnetPrefixLength) - OFFSET.firstHost - 1;
}

function checkIngressFits(valid: ValidInput): void {
  const room = hostsPerNetwork(valid);
  if (valid.ingressCount > room) {
    const subnet = `a /${valid.ipv4SubnetPrefixLength} holds ${room} hosts from offset ${OFFSET.firstHost}`;
    throw new InputError(
      "ingressCount",
      valid.ingressCount,
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

function checkNodeCapacity(valid: ValidInput, quarters: Quarters, cluster: Cidr): void {
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
  const roomIn = (z: number) => room - (shared && z === 0 ? valid.ingressCount : 0);
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
        (shared ? ` (the first zone's shared with ${valid.ingressCount} ingress hosts)` : "") +
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

function hostAt<Role extends PlannedHost["role"]>(
  name: string,
  role: Role,
  zone: string,
  network: CarvedNetwork,
  offset: number,
): PlannedHost & { role: Role } {
  return {
    name,
    role,
    zone,
    network: network.name,
    ipv4: network.v4.addressAt(offset),
    ipv6: network.v6.addressAt(offset),
    ipv4PrefixLength: network.v4.length,
    ipv6PrefixLength: network.v6.length,
  };
}

/** 200, 150, 100, 50 for up to four hosts; closer steps beyond, always distinct and within 1..254. */
function vrrpPriority(index: number, count: number): number {
  return 200 - index * Math.floor(200 / Math.max(4, count));
}

function planIngress(
  valid: ValidInput,
  network: CarvedNetwork,
  allHosts: PlannedHost[],
  hosts: PlannedIngressHost[],
): IngressPlan {
  const neighbours = allHosts.filter((host) => host.network === network.name);
  return {
    network: network.name,
    hosts,
    vips: {
      ipv4: placeVip("vips.ipv4", valid.vips.ipv4, network.v4, neighbours.map((h) => h.ipv4)),
      ipv6: placeVip("vips.ipv6", valid.vips.ipv6, network.v6, neighbours.map((h) => h.ipv6)),
    },
    vrrp: vrrpRouterIds(valid.name),
  };
}

/** The given VIP if it is a free, unreserved address of the network; offset 4 if none was given. */
function placeVip(key: string, vip: GivenAddress | undefined, network: Cidr, hostAddresses: string[]): string {
  if (vip === undefined) return network.addressAt(OFFSET.vip);
  const suggestion = `use a free address of ${network}, e.g. "${network.addressAt(OFFSET.vip)}"`;
  if (!network.contains(vip.address)) {
    throw new InputError(key, vip.given, `is outside the first zone's ingress network ${network}`, suggestion);
  }
  const offset = vip.address - network.network;
  if (offset < OFFSET.firstUsable || vip.address === network.last) {
    throw new InputError(key, vip.given, "is reserved (network, gateway, cloud-reserved or last address)", suggestion);
  }
  const text = network.addressAt(offset);
  if (hostAddresses.includes(text)) throw new InputError(key, vip.given, "is already a host's address", suggestion);
  return text;
}

/**
 * VRRP virtual router ids (1..255), one per family, from the environment name:
 * stable when addresses change, and unlikely to clash with another
 * environment on the same L2 (a lab). 1..254 leaves room to step aside.
 */
function vrrpRouterIds(name: string): IngressPlan["vrrp"] {
  const routerIdV4 = routerIdFrom(name);
  const candidateV6 = routerIdFrom(`${name}/ipv6`);
  const routerIdV6 = candidateV6 === routerIdV4 ? (routerIdV4 % 255) + 1 : candidateV6;
  return { routerIdV4, routerIdV6 };
}

function routerIdFrom(seed: string): number {
  return 1 + (createHash("sha256").update(seed, "utf8").digest().readUInt32BE(0) % 254);
}
