// What every stack on the cluster component does with it: one cluster named
// "cluster" (adopting the stack's resources from the layout before the
// component, see legacy-layout.ts), and its common outputs.
import type { AddressPlan } from "../components/addressing";
import { DualStackCluster, ManagedKubernetesCluster, oneAtATimeRoles, type AdapterTypes, type CloudAdapter, type ManagedAdapter, type ManagedTypes } from "../components/cluster";
import type { NodeRuntime } from "../components/runtime";
import { adoptLegacyLayout, MANAGED_LAYOUT, ROOT_LAYOUT, type LegacyMap } from "./legacy-layout";

const NAME = "cluster";

export interface StackClusterOptions {
  /** Where the stack's resources were before the component (default: the root layout). */
  layout?: LegacyMap;
  /** `dualstack:nodes.oneAtATime`: the nodes change one at a time too, beside the adapter's roles. */
  nodesOneAtATime?: boolean;
}

export function stackCluster<T extends AdapterTypes>(plan: AddressPlan, adapter: CloudAdapter<T>, runtime: NodeRuntime, options: StackClusterOptions = {}): DualStackCluster<T> {
  const { layout = ROOT_LAYOUT, nodesOneAtATime = false } = options;
  // Only when asked: left unset, the adapter's roles hold and existing stacks see no change.
  const oneAtATime = nodesOneAtATime ? oneAtATimeRoles(adapter, true) : undefined;
  return new DualStackCluster(NAME, { plan, adapter, runtime, oneAtATime }, { transformations: [adoptLegacyLayout(NAME, layout)] });
}

/** The same for managed Kubernetes (EKS, AKS, SKS). */
export function stackManagedCluster<T extends ManagedTypes>(plan: AddressPlan, adapter: ManagedAdapter<T>, nodeCount: number): ManagedKubernetesCluster<T> {
  return new ManagedKubernetesCluster(NAME, { plan, adapter, nodeCount }, { transformations: [adoptLegacyLayout(NAME, MANAGED_LAYOUT)] });
}

/** The outputs every cloud stack has: the plan, the endpoints and each host's addresses. */
export function clusterOutputs(cluster: DualStackCluster<AdapterTypes>) {
  return { addressPlan: cluster.assigned, endpoints: cluster.endpoints, nodes: cluster.nodes.summaries, ingress: cluster.ingress.summaries };
}
