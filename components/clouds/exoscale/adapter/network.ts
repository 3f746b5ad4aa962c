// The plan's networks as Exoscale private networks. Their managed DHCP is
// IPv4 only: it hands every host its planned IPv4 address (a static lease per
// attachment); the planned IPv6 (ULA) address is set in the guest by netplan.
import type * as pulumi from "@pulumi/pulumi";
import { formatAddress, parseCidr, type AddressPlan, type PlannedNetwork } from "../../../addressing";
import { PrivateNetwork } from "../resources";

/** Hosts are planned from offset 10 on, so the DHCP range starts there (below: gateway, VIP, reserved). */
const DHCP_FIRST_OFFSET = 10;

export interface DhcpRange {
  netmask: string;
  startIp: string;
  endIp: string;
}

/** DHCP settings for an IPv4 CIDR: offset 10 up to the address before the broadcast address. */
export function dhcpRange(ipv4Cidr: string): DhcpRange {
  const parsed = parseCidr(ipv4Cidr, 4);
  if (!parsed.ok) throw new Error(`exoscale: planned network ${ipv4Cidr} ${parsed.problem}`);
  const cidr = parsed.value;
  const all = (1n << 32n) - 1n;
  return {
    netmask: formatAddress(4, all ^ (cidr.size - 1n)),
    startIp: cidr.addressAt(DHCP_FIRST_OFFSET),
    endIp: formatAddress(4, cidr.last - 1n),
  };
}

/** One PrivateNetwork per plan network, by plan network name. */
export function privateNetworks(prefix: string, plan: AddressPlan, zone: string, parent: pulumi.Resource): Map<string, PrivateNetwork> {
  const network = (n: PlannedNetwork) =>
    new PrivateNetwork(`${prefix}-net-${n.name}`, { zone, name: `${plan.name}-${n.name}`, ...dhcpRange(n.ipv4Cidr) }, { parent });
  return new Map(plan.networks.map((n) => [n.name, network(n)]));
}

/** The PrivateNetwork a planned host sits in (the planner guarantees it exists). */
export function networkOf(networks: Map<string, PrivateNetwork>, host: { name: string; network: string }): PrivateNetwork {
  const network = networks.get(host.network);
  if (!network) throw new Error(`exoscale: ${host.name} is planned in network ${host.network}, which the plan does not list`);
  return network;
}
