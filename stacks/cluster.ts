// What every stack on the cluster component does with it: one cluster named
// "cluster" (adopting the stack's resources from the layout before the
// component, see legacy-layout.ts), and its common outputs.
import type { AddressPlan } from "../components/addressing";
import { DualStackCluster, ManagedKubernetesCluster, type AdapterTypes, type CloudAdapter, type ManagedAdapter, type ManagedTypes } from "../components/cluster";
import type { NodeRuntime } from "../components/runtime";
import { adoptLegacyLayout, MANAGED_LAYOUT, ROOT_LAYOUT, type LegacyMap } from "./legacy-layout";

const NAME = "cluster";

export function stackCluster<T extends AdapterTypes>(plan: AddressPlan, adapter: CloudAdapter<T>, runtime: NodeRuntime, layout: LegacyMap = ROOT_LAYOUT): DualStackCluster<T> {
  return new DualStackCluster(NAME, { plan, adapter, runtime }, { transformations: [adoptLegacyLayout(NAME, layout)] });
}

/** The same for managed Kubernetes (EKS, AKS, SKS). */
export function stackManagedCluster<T extends ManagedTypes>(plan: AddressPlan, adapter: ManagedAdapter<T>, nodeCount: number): ManagedKubernetesCluster<T> {
  return new ManagedKubernetesCluster(NAME, { plan, adapter, nodeCount }, { transformations: [adoptLegacyLayout(NAME, MANAGED_LAYOUT)] });
}

/** The outputs every cloud stack has: the plan, the endpoints and each host's addresses. */
export function clusterOutputs(cluster: DualStackCluster<AdapterTypes>) {
  return { addressPlan: cluster.assigned, endpoints: cluster.endpoints, nodes: cluster.nodes.summaries, ingress: cluster.ingress.summaries };
}
