// The VNet's address space, from the plan.
import { Cidr, parseCidr, type AddressPlan, type PlannedNetwork } from "../../../addressing";

/** The VNet's address space: the IPv4 supernet and the IPv6 networks quarter (see vnetAddressSpace). */
export interface VnetSpace {
  ipv4: string;
  ipv6: string;
}

/**
 * The IPv4 supernet and the first quarter of the IPv6 prefix, the one the
 * planner carves every network /64 from. Not the whole prefix: the AKS pod
 * (second quarter) and service (third) ranges are carved from the same
 * prefix, and AKS refuses pod or service ranges inside the VNet's space.
 * Not the /64s one by one either: one prefix that every future network fits
 * in, so adding a zone adds subnets but leaves the address space alone.
 */
export function vnetAddressSpace(plan: AddressPlan): VnetSpace {
  const prefix = cidr(plan.ipv6Prefix, 6, "plan.ipv6Prefix");
  const networks = prefix.subnet(prefix.length + 2, 0);
  const supernet = cidr(plan.ipv4Supernet, 4, "plan.ipv4Supernet");
  for (const n of plan.networks) {
    // The planner's contract; checked so a change there cannot quietly produce an undeployable VNet.
    if (!networks.contains(cidr(n.ipv6Cidr, 6, n.name)) || !supernet.contains(cidr(n.ipv4Cidr, 4, n.name))) {
      throw new Error(`azure: planned network ${n.name} (${n.ipv4Cidr}, ${n.ipv6Cidr}) lies outside the VNet space ${supernet}, ${networks}`);
    }
  }
  return { ipv4: supernet.toString(), ipv6: networks.toString() };
}

/** A CIDR of the plan, parsed; the planner made it, so a failure is a bug, not input. */
export function cidr(text: string, family: 4 | 6, what: string): Cidr {
  const parsed = parseCidr(text, family);
  if (!parsed.ok) throw new Error(`azure: ${what} ${text} ${parsed.problem}`);
  return parsed.value;
}

/** The network AKS runs in: the first zone's nodes network. */
export function aksNetwork(plan: AddressPlan): PlannedNetwork {
  const name = plan.nodes[0].network;
  const network = plan.networks.find((n) => n.name === name);
  if (!network) throw new Error(`azure: node-1 is planned in network ${name}, which the plan does not list`);
  return network;
}
