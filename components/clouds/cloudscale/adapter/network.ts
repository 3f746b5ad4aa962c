// The plan's networks as cloudscale private networks, each with one IPv4
// subnet (cloudscale's private subnets are IPv4 only; the planned ULA IPv6
// addresses are set in the guest by netplan). No gateway on the subnet: the
// default routes of both families stay on the public interface.
import type * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedHost } from "../../../addressing";
import { Network, Subnet } from "../resources";

export interface PrivateNetwork {
  network: Network;
  subnet: Subnet;
}

/** One Network + Subnet per plan network, by plan network name. */
export function privateNetworks(prefix: string, plan: AddressPlan, zone: string, parent: pulumi.Resource): Map<string, PrivateNetwork> {
  return new Map(
    plan.networks.map((n) => {
      const network = new Network(`${prefix}-net-${n.name}`, { name: `${plan.name}-${n.name}`, zone }, { parent });
      // gatewayAddress left out: the API then sets no gateway (a DHCP default route here would compete with the public one).
      const subnet = new Subnet(`${prefix}-subnet-${n.name}`, { cidr: n.ipv4Cidr, network: network.uuid }, { parent });
      return [n.name, { network, subnet }];
    }),
  );
}

/** The private network a planned host sits in (the planner guarantees it exists). */
export function networkOf(networks: Map<string, PrivateNetwork>, host: PlannedHost): PrivateNetwork {
  const network = networks.get(host.network);
  if (!network) throw new Error(`cloudscale: ${host.name} is planned in network ${host.network}, which the plan does not list`);
  return network;
}
