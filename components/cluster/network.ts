// The plan's networks, both families, as the cloud makes them.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedHost } from "../addressing";
import type { NodeRuntime } from "../runtime/node-runtime";

/** The part of an adapter that makes networks: every cloud adapter, and the managed-Kubernetes ones. */
export interface NetworkAdapter<N> {
  /** The plan's networks and their filters, which depend on what the nodes run (undefined: managed Kubernetes). */
  network(name: string, plan: AddressPlan, parent: pulumi.Resource, runtime?: NodeRuntime): N;
  /**
   * The plan as the cloud assigned it, where the cloud picks a prefix itself
   * (AWS gives the VPC its IPv6 /56): `plan`'s values of that family are
   * stand-ins then, and the cluster reports these instead.
   */
  assignedPlan?(network: N): pulumi.Output<AddressPlan>;
}

export interface DualStackNetworkArgs<N> {
  plan: AddressPlan;
  adapter: NetworkAdapter<N>;
  /** What the nodes run (the network's filters open its ports); undefined with managed Kubernetes. */
  runtime?: NodeRuntime;
  /** Start of the children's names (default: this component's name). */
  prefix?: string;
}

export class DualStackNetwork<N = unknown> extends pulumi.ComponentResource {
  /** What the adapter made; hosts are placed in it. */
  readonly made: N;
  /** The plan with the addresses the cloud assigned (the plan itself where the cloud assigns none). */
  readonly assigned: pulumi.Output<AddressPlan>;
  readonly ipv4Cidrs: string[];
  readonly ipv6Cidrs: pulumi.Output<string[]>;
  private readonly final: boolean;

  constructor(name: string, args: DualStackNetworkArgs<N>, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:DualStackNetwork", name, {}, opts);
    const { adapter, plan } = args;
    this.made = adapter.network(args.prefix ?? name, plan, this, args.runtime);
    this.final = !adapter.assignedPlan;
    this.assigned = adapter.assignedPlan?.(this.made) ?? pulumi.output(plan);
    this.ipv4Cidrs = plan.networks.map((n) => n.ipv4Cidr);
    this.ipv6Cidrs = this.assigned.apply((p) => p.networks.map((n) => n.ipv6Cidr));
    this.registerOutputs({ ipv4Cidrs: this.ipv4Cidrs, ipv6Cidrs: this.ipv6Cidrs });
  }

  /** A host's private IPv6 address as the cloud assigned it. */
  ipv6Of(host: PlannedHost): pulumi.Input<string> {
    if (this.final) return host.ipv6;
    return this.assigned.apply((p) => {
      const found = [...p.nodes, ...p.ingress.hosts].find((h) => h.name === host.name);
      if (!found) throw new Error(`the assigned plan has no host ${host.name}`);
      return found.ipv6;
    });
  }
}
