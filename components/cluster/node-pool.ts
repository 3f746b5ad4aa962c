// The plan's worker nodes, all running one runtime (the strategy argument):
// Docker, or self-managed k3s. Each node is a DualStackHost.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import type { NodeRuntime } from "../runtime/node-runtime";
import type { AdapterTypes, CloudAdapter, Role } from "./adapter";
import { roleHosts, type DualStackHost, type HostSummary } from "./host";
import type { IpFailover } from "./failover";
import type { DualStackNetwork } from "./network";

export interface NodePoolArgs<T extends AdapterTypes> {
  plan: AddressPlan;
  adapter: CloudAdapter<T>;
  network: DualStackNetwork<T["network"]>;
  /** The entry point, made first: a load balancer's pools that the nodes join. */
  failover: IpFailover<T>;
  runtime: NodeRuntime;
  /** Start of the children's names (default: this component's name). */
  prefix?: string;
  /** The roles whose hosts change one at a time (default: the adapter's); the nodes chain if it has "nodes". */
  oneAtATime?: readonly Role[];
}

export class NodePool<T extends AdapterTypes = AdapterTypes> extends pulumi.ComponentResource {
  readonly hosts: DualStackHost<T>[];
  readonly summaries: HostSummary[];

  constructor(name: string, args: NodePoolArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:NodePool", name, {}, opts);
    const { plan, adapter } = args;
    const prefix = args.prefix ?? name;
    this.hosts = roleHosts(this, { plan, adapter, network: args.network, prefix, role: "nodes", hosts: plan.nodes, oneAtATime: args.oneAtATime, entry: args.failover.entry, software: (node) => adapter.nodeSoftware(plan, node, args.runtime) });
    this.summaries = this.hosts.map((h) => h.summary);
    this.registerOutputs({ nodes: this.summaries });
  }
}
