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
//   A pod range from the ULA never overlaps P (P may lie in that ULA).
// IPv4. The supernet (/8../28) is split into /N networks (N = 24 by default),
// network i being the i-th /N. Pods: node i gets the i-th /24 of the cluster
// range (10.42.0.0/16); services 10.43.0.0/16 (the k3s defaults). Docker's
// IPv4 pool (/24 bridge networks, the same on every node) is the operator's
// or the largest private block left free (plan/docker.ts).
// Special-purpose ranges (loopback, link-local, multicast, ...) are refused
// in every given range (special-ranges.ts); every range, given or chosen, is
// checked against every other one (plan/overlaps.ts).
// Hosts. Offset k in a network means network address + k, in both families,
// so a host's IPv4 and IPv6 addresses end in the same number (from its index,
// never from IPv4 octets). Offsets 0..3 are reserved (network, gateway ::1 /
// .1, cloud-reserved), 4 is the ingress VIP, hosts start at 10; the last
// address (IPv4 broadcast) stays free. Ingress hosts all sit in the first
// zone's ingress network (VRRP needs one L2); nodes go round-robin over the
// zones. In a network shared by both tiers, ingress hosts come first, and
// the nodes start after ingressMaxCount (default ingressCount) of them.
//
// This file is the planner's flow; the parts live next to it: layout.ts (the
// offsets, lengths and quarters), networks.ts, kubernetes-ranges.ts,
// capacity.ts (the checks that need the layout) and ingress.ts (VIPs, VRRP).
import type { AddressPlan, PlanInput, PlannedIngressHost, PlannedNode } from "../types";
import { isUla } from "../ula";
import { validateInput } from "../validate";
import { checkIngressFits, checkNodeCapacity } from "./capacity";
import { DOCKER_NETWORK_LENGTH_V4, dockerPoolV4 } from "./docker";
import { planIngress, vrrpPriority } from "./ingress";
import { kubernetesRangesV6 } from "./kubernetes-ranges";
import { DOCKER_NETWORK_LENGTH, NETWORK_LENGTH_V6, NODE_POD_LENGTH_V4, OFFSET, quartersOf } from "./layout";
import { carveNetworks, describeNetwork, hostAt } from "./networks";
import { checkRangesApart, plannedRanges } from "./overlaps";

export function planAddresses(input: PlanInput): AddressPlan {
  const valid = validateInput(input);
  const prefix = valid.ipv6Prefix;
  const quarters = quartersOf(prefix);
  const { networks, byZone } = carveNetworks(valid, prefix, quarters.networks);
  const k8sV6 = kubernetesRangesV6(valid, prefix, quarters);
  const dockerPool = dockerPoolV4(valid);
  checkRangesApart(plannedRanges(input, valid, quarters, k8sV6, dockerPool));
  checkIngressFits(valid);
  checkNodeCapacity(valid, quarters, k8sV6.cluster);

  const ingressNetwork = byZone[0].ingress;
  const ingressHosts = Array.from({ length: valid.ingressCount }, (_, j): PlannedIngressHost => ({
    ...hostAt(`ingress-${j + 1}`, "ingress", valid.zones[0], ingressNetwork, OFFSET.firstHost + j),
    vrrpPriority: vrrpPriority(j, valid.ingressSlots),
  }));
  const nodes = Array.from({ length: valid.nodeCount }, (_, i): PlannedNode => {
    const zone = valid.zones[i % valid.zones.length];
    const network = byZone[i % valid.zones.length].nodes;
    // Ingress hosts come first in the one network they may share with nodes;
    // their slots (ingressMaxCount) do, so a new ingress host moves no node.
    const ingressBefore = network === ingressNetwork ? valid.ingressSlots : 0;
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
        addressPoolV4: { base: dockerPool.toString(), size: DOCKER_NETWORK_LENGTH_V4 },
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
