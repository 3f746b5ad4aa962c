// Managed Kubernetes on Azure: AKS with dual-stack pods and services (Azure
// CNI Overlay) on the first zone's nodes subnet of the same VNet the VMs
// would use, and the demo app behind a dual-stack LoadBalancer Service: the
// Azure load balancer AKS makes for it is the entry point of both families.
// Its own module, loaded only in managed mode: it loads the Kubernetes SDK.
import type * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../../addressing";
import { named, type ManagedAdapter, type ManagedEndpoints, type ManagedTypes } from "../../../cluster";
import { InputError, type ConfigProblem } from "../../../problems";
import { AksDualStackCluster, aksNetworkProfile, type AksNetworkPlugin } from "../../../runtime/managed/aks";
import { DualStackWorkloads } from "../../../runtime/managed/workloads";
import { dualStackNetwork, subnetOf, type Network } from "./network";
import type { AzurePlacement } from "./settings";
import { aksNetwork, vnetAddressSpace } from "./space";

/** Azure CNI Overlay: dual-stack from Kubernetes 1.26.3 on; Cilium would need 1.29. */
export const AKS_NETWORK_PLUGIN: AksNetworkPlugin = "azure-overlay";

export interface AksAdapterArgs extends AzurePlacement {
  vmSize: string;
}

export interface AksTypes extends ManagedTypes {
  network: Network;
  cluster: { aks: AksDualStackCluster; subnet: string };
}

/** Where a component's input comes from in the stack config. */
const STACK_KEY: Record<string, string> = { vmSize: "dualstack:azure.vmSize", nodeCount: "dualstack:nodes.count" };

/** An AKS limit as a stack problem, naming the stack config key. */
export function aksProblem(err: InputError): ConfigProblem {
  const key = STACK_KEY[err.key] ?? (err.key.startsWith("kubernetes.") ? `dualstack:${err.key}` : `dualstack:azure (${err.key})`);
  return { key, value: err.value, message: `${err.problem}; ${err.expected}` };
}

/** The API server's DNS prefix: "ds-<environment>", within AKS's 54 characters. */
export function dnsPrefixFor(environment: string): string {
  return `ds-${environment}`.slice(0, 54).replace(/-+$/, "");
}

export class AksAdapter implements ManagedAdapter<AksTypes> {
  readonly cloud = "Azure (AKS)";

  constructor(private readonly s: AksAdapterArgs) {}

  preflight(plan: AddressPlan, nodeCount: number): ConfigProblem[] {
    // AKS's limits on the plan: service range sizes, pod range vs the VNet space, a /24 per node.
    const space = vnetAddressSpace(plan);
    try {
      aksNetworkProfile({ plan, networkPlugin: AKS_NETWORK_PLUGIN, nodeCount, vnetAddressSpace: [space.ipv4, space.ipv6] });
      return [];
    } catch (err) {
      if (err instanceof InputError) return [aksProblem(err)];
      throw err;
    }
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource): Network {
    return dualStackNetwork(prefix, plan, this.s, {}, { parent });
  }

  cluster(prefix: string, plan: AddressPlan, network: Network, nodeCount: number, parent: pulumi.Resource): AksTypes["cluster"] {
    const subnet = aksNetwork(plan);
    const aks = new AksDualStackCluster(
      named(prefix, "aks"),
      {
        resourceGroupName: network.resourceGroup.name,
        location: this.s.location,
        plan,
        subnetId: subnetOf(network.subnets, subnet.name).id,
        nodeCount,
        vmSize: this.s.vmSize,
        networkPlugin: AKS_NETWORK_PLUGIN,
        // The whole VNet space, so AKS's overlap check covers every future subnet too.
        vnetAddressSpace: [network.space.ipv4, network.space.ipv6],
        dnsPrefix: dnsPrefixFor(plan.name),
      },
      { parent },
    );
    return { aks, subnet: subnet.name };
  }

  ingress(prefix: string, _plan: AddressPlan, _network: Network, cluster: AksTypes["cluster"], parent: pulumi.Resource): ManagedEndpoints {
    const workloads = new DualStackWorkloads(named(prefix, "app"), { kubeconfig: cluster.aks.kubeconfig, family: "dual", ingress: "azure-lb" }, { parent });
    const ips = workloads.ingress.apply((i) => i.ips);
    return {
      ipv4: ips.apply((list) => urlOf(list.find((ip) => !ip.includes(":")))),
      ipv6: ips.apply((list) => urlOf(list.find((ip) => ip.includes(":")))),
    };
  }
}

function urlOf(ip: string | undefined): string {
  if (ip === undefined) return "(pending: AKS has not reported the Service's load balancer address yet)";
  return ip.includes(":") ? `http://[${ip}]/` : `http://${ip}/`;
}
