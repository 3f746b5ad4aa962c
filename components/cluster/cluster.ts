// One dual-stack cluster from an address plan, on any cloud: the network,
// the node pool, the failover's entry point and the ingress in front of
// the nodes. The adapter is the only part that knows the cloud.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import { ConfigError } from "../problems";
import type { NodeRuntime } from "../runtime/node-runtime";
import type { AdapterTypes, CloudAdapter, Role } from "./adapter";
import { IpFailover } from "./failover";
import { DualStackIngress } from "./ingress";
import { DualStackNetwork } from "./network";
import { NodePool } from "./node-pool";

export interface DualStackClusterArgs<T extends AdapterTypes> {
  plan: AddressPlan;
  adapter: CloudAdapter<T>;
  runtime: NodeRuntime;
  /** The roles whose hosts change one at a time, overriding the adapter's (see oneAtATimeRoles). */
  oneAtATime?: readonly Role[];
}

export class DualStackCluster<T extends AdapterTypes = AdapterTypes> extends pulumi.ComponentResource {
  /** The plan as given; where the cloud assigns a prefix itself (AWS), `assigned` has its real values. */
  readonly plan: AddressPlan;
  readonly assigned: pulumi.Output<AddressPlan>;
  readonly network: DualStackNetwork<T["network"]>;
  readonly nodes: NodePool<T>;
  readonly failover: IpFailover<T>;
  readonly ingress: DualStackIngress<T>;
  /** The URLs clients use, one per family. */
  readonly endpoints: { ipv4: pulumi.Output<string>; ipv6: pulumi.Output<string> };

  constructor(name: string, args: DualStackClusterArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    // Checked before anything is registered, so a bad plan creates nothing.
    const problems = args.adapter.preflight(args.plan, args.runtime);
    if (problems.length) throw new ConfigError(pulumi.getStack(), problems);
    super("dualstack:cluster:DualStackCluster", name, {}, opts);
    const { plan, adapter } = args;
    this.plan = plan;
    const child = { parent: this };
    const prefix = name;
    const { runtime, oneAtATime } = args;
    this.network = new DualStackNetwork(`${name}-network`, { plan, adapter, prefix, runtime }, child);
    this.assigned = this.network.assigned;
    // The entry point before the hosts: a node's interface may join the load balancer's pools.
    this.failover = new IpFailover(`${name}-failover`, { plan, adapter, prefix, network: this.network }, child);
    this.nodes = new NodePool(`${name}-nodes`, { plan, adapter, prefix, network: this.network, failover: this.failover, runtime, oneAtATime }, child);
    // The ingress waits for the nodes, so HAProxy's first health checks find them up.
    this.ingress = new DualStackIngress(
      `${name}-ingress`,
      { plan, adapter, prefix, network: this.network, failover: this.failover, nodes: this.nodes, oneAtATime },
      { parent: this, dependsOn: [this.nodes] },
    );
    const entry = this.failover.entry;
    this.endpoints = entry.urls ?? {
      ipv4: pulumi.interpolate`http://${entry.ipv4}/`,
      ipv6: pulumi.interpolate`http://[${entry.ipv6}]/`,
    };
    this.registerOutputs({ endpoints: this.endpoints, nodes: this.nodes.summaries, ingress: this.ingress.summaries });
  }
}
