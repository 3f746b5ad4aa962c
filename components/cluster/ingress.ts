// The dual-stack ingress, one frontend per family, in the adapter's
// strategy: HAProxy ingress hosts (each a DualStackHost) sending each family
// to every node in that family, behind the failover's entry point; or the
// cloud's load balancer sending each family straight to the nodes, whose
// listeners and target groups are this component's children.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import type { AdapterTypes, CloudAdapter, IngressKind, Role } from "./adapter";
import type { IpFailover } from "./failover";
import { roleHosts, type DualStackHost, type HostSummary } from "./host";
import type { DualStackNetwork } from "./network";
import type { NodePool } from "./node-pool";

export interface DualStackIngressArgs<T extends AdapterTypes> {
  plan: AddressPlan;
  adapter: CloudAdapter<T>;
  network: DualStackNetwork<T["network"]>;
  failover: IpFailover<T>;
  /** The nodes the load balancer sends to ("load-balancer" ingress). */
  nodes: NodePool<T>;
  /** Start of the children's names (default: this component's name). */
  prefix?: string;
  /** The roles whose hosts change one at a time (default: the adapter's). */
  oneAtATime?: readonly Role[];
}

export class DualStackIngress<T extends AdapterTypes = AdapterTypes> extends pulumi.ComponentResource {
  readonly kind: IngressKind;
  /** The ingress hosts; none with a load balancer. */
  readonly hosts: DualStackHost<T>[];
  readonly summaries: HostSummary[];

  constructor(name: string, args: DualStackIngressArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:DualStackIngress", name, {}, opts);
    const { plan, adapter, failover } = args;
    const prefix = args.prefix ?? name;
    this.kind = adapter.ingress ?? "hosts";
    if (this.kind === "load-balancer") {
      this.hosts = [];
      failover.attach(args.nodes.hosts.map((h) => h.made), this);
    } else {
      const software = adapter.ingressSoftware?.bind(adapter);
      if (!software) throw new Error(`the ${adapter.cloud} adapter has a "hosts" ingress but no ingressSoftware`);
      this.hosts = roleHosts(this, { plan, adapter, network: args.network, prefix, role: "ingress", hosts: plan.ingress.hosts, oneAtATime: args.oneAtATime, entry: failover.entry, software: (host) => software(plan, host, failover.entry) });
      failover.attach(this.hosts.map((h) => h.made));
    }
    this.summaries = this.hosts.map((h) => h.summary);
    this.registerOutputs({ kind: this.kind, ingress: this.summaries });
  }
}
