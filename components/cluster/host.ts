// One dual-stack host of the plan: its planned private IPv4 + IPv6, and
// whatever the cloud makes for it (a server, an instance, a lab namespace).
import * as pulumi from "@pulumi/pulumi";
import type { PlannedHost } from "../addressing";
import type { AdapterTypes, CloudAdapter, HostRequest } from "./adapter";

/** A host as the stack outputs list it: the cloud's public addresses beside the planned private ones. */
export interface HostSummary {
  name: string;
  publicIpv4?: pulumi.Output<string>;
  publicIpv6?: pulumi.Output<string>;
  privateIpv4: string;
  privateIpv6: string;
  network: string;
}

export interface DualStackHostArgs<T extends AdapterTypes> extends Omit<HostRequest<T>, "name"> {
  adapter: CloudAdapter<T>;
}

export class DualStackHost<T extends AdapterTypes = AdapterTypes> extends pulumi.ComponentResource {
  readonly planned: PlannedHost;
  readonly made: T["host"];
  readonly summary: HostSummary;

  constructor(name: string, args: DualStackHostArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:DualStackHost", name, {}, opts);
    const { adapter, ...request } = args;
    this.planned = args.host;
    this.made = adapter.host({ ...request, name }, this);
    const h = args.host;
    this.summary = {
      name: h.name,
      publicIpv4: this.made.publicIpv4,
      publicIpv6: this.made.publicIpv6,
      privateIpv4: h.ipv4,
      privateIpv6: h.ipv6,
      network: h.network,
    };
    this.registerOutputs({ ...this.summary });
  }
}
