// The dual-stack ingress: HAProxy hosts with one frontend per family, each
// sending to every node in the same family, behind the failover's entry
// point. Each ingress host is a DualStackHost.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import type { AdapterTypes, CloudAdapter } from "./adapter";
import type { IpFailover } from "./failover";
import { roleHosts, type DualStackHost, type HostSummary } from "./host";
import type { DualStackNetwork } from "./network";

export interface DualStackIngressArgs<T extends AdapterTypes> {
  plan: AddressPlan;
  adapter: CloudAdapter<T>;
  network: DualStackNetwork<T>;
  failover: IpFailover<T>;
  /** Start of the children's names (default: this component's name). */
  prefix?: string;
}

export class DualStackIngress<T extends AdapterTypes = AdapterTypes> extends pulumi.ComponentResource {
  readonly hosts: DualStackHost<T>[];
  readonly summaries: HostSummary[];

  constructor(name: string, args: DualStackIngressArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:DualStackIngress", name, {}, opts);
    const { plan, adapter } = args;
    const prefix = args.prefix ?? name;
    this.hosts = roleHosts(this, { plan, adapter, network: args.network, prefix, role: "ingress", hosts: plan.ingress.hosts, software: (host) => adapter.ingressSoftware(plan, host, args.failover.entry) });
    args.failover.attach(this.hosts.map((h) => h.made));
    this.summaries = this.hosts.map((h) => h.summary);
    this.registerOutputs({ ingress: this.summaries });
  }
}
