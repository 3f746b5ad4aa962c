// runtime kubernetes, kubernetes.mode managed: AKS, dual-stack (Azure CNI
// Overlay, pod and service ranges of both families from the plan), on the
// first zone's nodes subnet, with the demo app behind a RequireDualStack
// LoadBalancer Service. AKS builds its own Standard LB with a frontend per
// family for that Service, so the stack builds no LB, public IP or VM here.
// Loaded only for this mode: it brings @pulumi/kubernetes along.
import type * as network from "@pulumi/azure-native/network";
import type * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../components/addressing";
import { InputError } from "../../components/runtime";
import { AksDualStackCluster, aksNetworkProfile, type AksNetworkPlugin } from "../../components/runtime/managed/aks";
import { DualStackWorkloads } from "../../components/runtime/managed/workloads";
import { ConfigError } from "../config";
import { aksNetwork, type VnetSpace } from "./plan";
import { subnetOf } from "../../components/clouds/azure/adapter";
import type { AzureSettings } from "./settings";

export interface AksArgs {
  stack: string;
  plan: AddressPlan;
  settings: AzureSettings;
  nodeCount: number;
  resourceGroup: resources.ResourceGroup;
  subnets: Map<string, network.Subnet>;
  space: VnetSpace;
}

export interface Aks {
  cluster: AksDualStackCluster;
  workloads: DualStackWorkloads;
  subnet: string;
  endpoints: { ipv4: pulumi.Output<string | undefined>; ipv6: pulumi.Output<string | undefined> };
}

/** Azure CNI Overlay: dual-stack from Kubernetes 1.26.3 on; Cilium would need 1.29. */
const NETWORK_PLUGIN: AksNetworkPlugin = "azure-overlay";

/**
 * AKS's limits on the plan (service range sizes, pod range vs the VNet space,
 * /24 per node), checked before the stack registers any resource, so a bad
 * value fails the preview with one error and nothing half-built.
 */
export function checkAks(stack: string, plan: AddressPlan, space: VnetSpace, nodeCount: number): void {
  asStackError(stack, () => aksNetworkProfile({ plan, networkPlugin: NETWORK_PLUGIN, nodeCount, vnetAddressSpace: [space.ipv4, space.ipv6] }));
}

export function aksCluster(a: AksArgs): Aks {
  const subnet = aksNetwork(a.plan);
  const cluster = asStackError(a.stack, () =>
    new AksDualStackCluster("aks", {
      resourceGroupName: a.resourceGroup.name,
      location: a.settings.location,
      plan: a.plan,
      subnetId: subnetOf(a.subnets, subnet.name).id,
      nodeCount: a.nodeCount,
      vmSize: a.settings.vmSize,
      networkPlugin: NETWORK_PLUGIN,
      // The whole VNet space, so AKS's overlap check covers every future subnet too.
      vnetAddressSpace: [a.space.ipv4, a.space.ipv6],
      dnsPrefix: dnsPrefixFor(a.plan.name),
    }),
  );
  const workloads = asStackError(a.stack, () => new DualStackWorkloads("app", { kubeconfig: cluster.kubeconfig, family: "dual", ingress: "azure-lb" }));
  const ips = workloads.ingress.apply((i) => i.ips);
  return {
    cluster,
    workloads,
    subnet: subnet.name,
    endpoints: {
      ipv4: ips.apply((list) => urlOf(list.find((ip) => !ip.includes(":")))),
      ipv6: ips.apply((list) => urlOf(list.find((ip) => ip.includes(":")))),
    },
  };
}

/** The API server's DNS prefix: "ds-<environment>", within AKS's 54 characters. */
export function dnsPrefixFor(environment: string): string {
  return `ds-${environment}`.slice(0, 54).replace(/-+$/, "");
}

function urlOf(ip: string | undefined): string | undefined {
  if (ip === undefined) return undefined;
  return ip.includes(":") ? `http://[${ip}]/` : `http://${ip}/`;
}

/** Where a component's input comes from in the stack config. */
const STACK_KEY: Record<string, string> = {
  vmSize: "dualstack:azure.vmSize",
  nodeCount: "dualstack:nodes.count",
};

/** Component errors (AKS limits) phrased with the stack config key, so the preview fails cleanly. */
function asStackError<T>(stack: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const key = STACK_KEY[err.key] ?? (err.key.startsWith("kubernetes.") ? `dualstack:${err.key}` : `dualstack:azure (${err.key})`);
    throw new ConfigError(stack, [{ key, value: err.value, message: `${err.problem}; ${err.expected}` }]);
  }
}
