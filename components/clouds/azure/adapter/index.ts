// The cluster on Azure: one resource group and VNet (the plan's IPv4
// supernet and IPv6 networks quarter), one subnet per plan network with an
// NSG of single-family rules, and one VM per node whose NIC has an IPv4 and
// an IPv6 ip-configuration at the plan's addresses. The ingress is Azure's
// Standard load balancer ("load-balancer" strategy): a frontend per family
// on two static public IPs sends each family to the nodes in that family's
// backend pool, and is the entry point itself (zone-redundant, so no
// keepalived); the plan's ingress hosts are not built on Azure.
import type * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedNode } from "../../../addressing";
import type { AdapterTypes, CloudAdapter, HostRequest } from "../../../cluster";
import type { ConfigProblem } from "../../../problems";
import { k3sServerCount, nodeUserData, nodeUserDataProblems, type NodeRuntime } from "../../../runtime/node-runtime";
import { loadBalancer, type LoadBalancer } from "./load-balancer";
import { dualStackNetwork, type Network } from "./network";
import type { AzureAdapterArgs } from "./settings";
import { CUSTOM_DATA_MAX_BYTES, NODE_HOST_NETWORK, nodeVm, type Vm } from "./vm";

export { LB, loadBalancer, publicIp, snatPortsPerNode, type LoadBalancer } from "./load-balancer";
export { HTTP_PORT, NAMES, clusterRules, dualStackNetwork, inboundRules, subnetOf, subnetPrefixes, subnetSummaries, type Network, type SubnetSummary } from "./network";
export { AZURE_ZONES, type AzureAdapterArgs, type AzurePlacement, type AzureZone } from "./settings";
export { cidr, vnetAddressSpace, type VnetSpace } from "./space";
export { CUSTOM_DATA_MAX_BYTES, NODE_HOST_NETWORK, PRIMARY_INTERFACE, UBUNTU_2404, customData, vmZone, type Vm } from "./vm";

export interface AzureHost extends Vm {
  name: string;
  publicIpv4: undefined;
  publicIpv6: undefined;
}

export interface AzureTypes extends AdapterTypes {
  network: Network;
  placement: undefined;
  software: pulumi.Input<string>;
  entry: LoadBalancer;
  host: AzureHost;
}

export class AzureAdapter implements CloudAdapter<AzureTypes> {
  readonly cloud = "Azure";
  readonly ingress = "load-balancer";

  constructor(private readonly s: AzureAdapterArgs) {}

  preflight(plan: AddressPlan, runtime: NodeRuntime): ConfigProblem[] {
    // Azure decodes customData to at most 65,535 bytes.
    return nodeUserDataProblems(plan, runtime.kind, { cloud: "Azure", max: CUSTOM_DATA_MAX_BYTES, unit: "bytes", hostNetwork: NODE_HOST_NETWORK });
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource, runtime: NodeRuntime): Network {
    // Self-managed k3s opens its ports between the nodes; 3 servers add embedded etcd's.
    const k3s = runtime.kind === "k3s" ? { servers: k3sServerCount(plan.nodes.length) } : undefined;
    return dualStackNetwork(prefix, plan, this.s, { k3s }, { parent });
  }

  placement(): undefined {
    // Zones are per VM (round-robin by index); Azure has no group to create.
    return undefined;
  }

  nodeSoftware(plan: AddressPlan, node: PlannedNode, runtime: NodeRuntime): pulumi.Output<string> {
    return nodeUserData(plan, node.name, runtime, { hostNetwork: NODE_HOST_NETWORK });
  }

  entryPoint(prefix: string, plan: AddressPlan, parent: pulumi.Resource, network: Network): LoadBalancer {
    return loadBalancer(prefix, network.resourceGroup, this.s, plan.nodes.length, { parent });
  }

  host(r: HostRequest<AzureTypes>, parent: pulumi.Resource): AzureHost {
    const vm = nodeVm(
      { name: r.name, host: r.host, index: r.index, settings: this.s, resourceGroup: r.network.resourceGroup, subnets: r.network.subnets, poolIds: r.entry.poolIds, userData: r.software },
      { parent },
    );
    // The nodes have no public addresses: clients and egress use the load balancer's.
    return { ...vm, name: r.host.name, publicIpv4: undefined, publicIpv6: undefined };
  }

  attachEntryPoint(): void {
    // The NICs joined the backend pools when they were made: nothing left to attach.
  }
}
