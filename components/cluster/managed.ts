// Managed Kubernetes (EKS, AKS, SKS) at the same seam as the hosts: an
// adapter per cloud makes the network, the cloud's cluster, and the demo
// app with its dual-stack ingress; this component composes them from the
// address plan and never asks which cloud it is. The cloud runs the nodes,
// so there are no DualStackHosts; the entry point is the cloud's own (a
// Service load balancer, or Exoscale's elastic IPs on the node pool) and
// lives with the ingress that serves it.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import { ConfigError, type ConfigProblem } from "../problems";
import { DualStackNetwork, type NetworkAdapter } from "./network";

/** The types one managed adapter works with. */
export interface ManagedTypes {
  network: unknown;
  /** The cloud's cluster: control plane, node pool, its kubeconfig. */
  cluster: unknown;
}

/** The URLs clients use, one per family (unknown until the cloud's load balancer reports them). */
export interface ManagedEndpoints {
  ipv4: pulumi.Output<string>;
  ipv6: pulumi.Output<string>;
  /** Where both families share one DNS name with A and AAAA records (an AWS NLB): that name. */
  dnsName?: pulumi.Output<string>;
  /** The entry point's addresses, where the cluster owns them (Exoscale's elastic IPs). */
  addresses?: { ipv4: pulumi.Output<string>; ipv6: pulumi.Output<string> };
}

export interface ManagedAdapter<T extends ManagedTypes = ManagedTypes> extends NetworkAdapter<T["network"]> {
  /** The cloud's name as messages say it. */
  readonly cloud: string;
  /** Everything wrong with `plan` and `nodeCount` for this managed Kubernetes, found before anything is created. */
  preflight(plan: AddressPlan, nodeCount: number): ConfigProblem[];
  cluster(name: string, plan: AddressPlan, network: T["network"], nodeCount: number, parent: pulumi.Resource): T["cluster"];
  /** The demo app and its dual-stack ingress, entry point included; returns the URLs. */
  ingress(name: string, plan: AddressPlan, network: T["network"], cluster: T["cluster"], parent: pulumi.Resource): ManagedEndpoints;
}

export interface ManagedKubernetesArgs<T extends ManagedTypes> {
  plan: AddressPlan;
  adapter: ManagedAdapter<T>;
  nodeCount: number;
}

/** The cloud's Kubernetes cluster and its nodes. */
export class ManagedNodePool<T extends ManagedTypes = ManagedTypes> extends pulumi.ComponentResource {
  readonly made: T["cluster"];

  constructor(name: string, args: ManagedKubernetesArgs<T> & { network: DualStackNetwork<T["network"]>; prefix?: string }, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:ManagedNodePool", name, {}, opts);
    this.made = args.adapter.cluster(args.prefix ?? name, args.plan, args.network.made, args.nodeCount, this);
    this.registerOutputs({ nodeCount: args.nodeCount });
  }
}

/** The app behind a dual-stack ingress on the managed cluster, one frontend per family. */
export class ManagedIngress<T extends ManagedTypes = ManagedTypes> extends pulumi.ComponentResource {
  readonly endpoints: ManagedEndpoints;

  constructor(
    name: string,
    args: ManagedKubernetesArgs<T> & { network: DualStackNetwork<T["network"]>; nodes: ManagedNodePool<T>; prefix?: string },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("dualstack:cluster:ManagedIngress", name, {}, opts);
    this.endpoints = args.adapter.ingress(args.prefix ?? name, args.plan, args.network.made, args.nodes.made, this);
    this.registerOutputs({ endpoints: this.endpoints });
  }
}

export class ManagedKubernetesCluster<T extends ManagedTypes = ManagedTypes> extends pulumi.ComponentResource {
  readonly plan: AddressPlan;
  readonly network: DualStackNetwork<T["network"]>;
  readonly nodes: ManagedNodePool<T>;
  readonly ingress: ManagedIngress<T>;
  readonly endpoints: ManagedEndpoints;

  constructor(name: string, args: ManagedKubernetesArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    // Checked before anything is registered, so a bad plan creates nothing.
    const problems = args.adapter.preflight(args.plan, args.nodeCount);
    if (problems.length) throw new ConfigError(pulumi.getStack(), problems);
    super("dualstack:cluster:ManagedKubernetesCluster", name, {}, opts);
    const { plan, adapter } = args;
    this.plan = plan;
    const prefix = name;
    this.network = new DualStackNetwork(`${name}-network`, { plan, adapter, prefix }, { parent: this });
    this.nodes = new ManagedNodePool(`${name}-nodes`, { ...args, network: this.network, prefix }, { parent: this });
    this.ingress = new ManagedIngress(`${name}-ingress`, { ...args, network: this.network, nodes: this.nodes, prefix }, { parent: this });
    this.endpoints = this.ingress.endpoints;
    this.registerOutputs({ endpoints: this.endpoints });
  }
}
