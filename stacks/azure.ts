// Azure: the dual-stack topology in one region and resource group.
//
// - A VNet whose address space is the plan's IPv4 supernet and the IPv6
//   networks quarter of the plan's prefix (stacks/azure/plan.ts says why not
//   the whole prefix), one subnet per plan network with its IPv4 prefix and
//   its IPv6 /64, and an NSG with single-family rules on every subnet.
// - runtime docker: one VM per plan node (Ubuntu 24.04, Docker, the demo app),
//   each NIC with an IPv4 and an IPv6 ip-configuration at the plan's
//   addresses, behind a Standard LB with a frontend, pool, probe, rule and
//   outbound rule per family on two Standard static public IPs. The LB is the
//   ingress: the plan's ingress hosts (HAProxy + keepalived elsewhere) are not
//   built on Azure.
// - runtime kubernetes, mode self-managed: the same VMs, LB and NSG, the VMs
//   running k3s (dual-stack pods and services, join token from the secret
//   dualstack:k3sToken, required at preview) with the demo app's LoadBalancer
//   Service on port 80 of every node (ServiceLB), where the LB already
//   points; the NSG adds k3s' node-to-node ports from the VNet's space.
// - runtime kubernetes, mode managed: AKS (dual-stack overlay) on the nodes
//   subnet and the demo app behind a dual-stack LoadBalancer Service.
//
// Without dualstack:network.ipv6Prefix the VNet's IPv6 is the ULA /48 derived
// from the stack name: Azure accepts private IPv6 VNet space, and the public
// IPv6 address clients use belongs to the load balancer.
import type { AddressPlan } from "../components/addressing";
import type { AksTypes } from "../components/clouds/azure/adapter/aks";
import { AzureAdapter, subnetSummaries, type Network } from "../components/clouds/azure/adapter";
import { stackCluster, stackManagedCluster } from "./cluster";
import type { StackConfig } from "./config";
import { nodeRuntimeOf } from "./node-runtime";
import type { StackProgram } from "./types";
import { azureStackPlan } from "./azure/plan";
import type { AksSettings, AzureSettings, VmSettings } from "./azure/settings";

export const azureStack: StackProgram = async ({ stack, config }) => {
  const { settings, plan } = azureStackPlan(stack, config);
  return settings.mode === "aks" ? aksProgram(plan, settings, config.nodes.count) : vmProgram(stack, config, plan, settings);
};

/** runtime docker or kubernetes self-managed (k3s): VMs behind the dual-stack Standard LB. */
function vmProgram(stack: string, config: StackConfig, plan: AddressPlan, settings: VmSettings): Record<string, unknown> {
  // Self-managed k3s without its join token fails here, before any resource.
  const runtime = nodeRuntimeOf(stack, config);
  const cluster = stackCluster(plan, new AzureAdapter(settings), runtime, { nodesOneAtATime: config.nodes.oneAtATime });
  const lb = cluster.failover.entry;
  return {
    ...commonOutputs(plan, settings, cluster.network.made),
    runtime: runtime.kind === "k3s" ? "kubernetes (k3s)" : "docker",
    endpoints: cluster.endpoints,
    publicIps: { ipv4: lb.ipv4, ipv6: lb.ipv6 },
    nodes: cluster.nodes.hosts.map(({ planned, made }) => ({ name: planned.name, zone: made.zone, subnet: planned.network, ipv4: planned.ipv4, ipv6: planned.ipv6, vmId: made.vm.id })),
  };
}

/** runtime kubernetes, mode managed: AKS and the demo app. The adapter (and @pulumi/kubernetes) loads for this mode only. */
async function aksProgram(plan: AddressPlan, settings: AksSettings, nodeCount: number): Promise<Record<string, unknown>> {
  const { AksAdapter } = await import("../components/clouds/azure/adapter/aks");
  const cluster = stackManagedCluster<AksTypes>(plan, new AksAdapter(settings), nodeCount);
  const { aks, subnet } = cluster.nodes.made;
  return {
    ...commonOutputs(plan, settings, cluster.network.made),
    runtime: "kubernetes (AKS)",
    endpoints: cluster.endpoints,
    cluster: { kind: "aks", name: aks.cluster.name, fqdn: aks.fqdn, subnet, nodeCount, kubeconfig: aks.kubeconfig },
  };
}

function commonOutputs(plan: AddressPlan, settings: AzureSettings, net: Network): Record<string, unknown> {
  return {
    provider: "azure",
    location: settings.location,
    resourceGroupName: net.resourceGroup.name,
    addressPlan: plan,
    vnet: { name: net.vnet.name, addressSpace: [net.space.ipv4, net.space.ipv6] },
    subnets: subnetSummaries(plan, net.subnets),
  };
}
