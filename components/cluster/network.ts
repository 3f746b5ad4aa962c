// The plan's networks, both families, as the cloud makes them.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import type { AdapterTypes, CloudAdapter } from "./adapter";

export interface DualStackNetworkArgs<T extends AdapterTypes> {
  plan: AddressPlan;
  adapter: CloudAdapter<T>;
  /** Start of the children's names (default: this component's name). */
  prefix?: string;
}

export class DualStackNetwork<T extends AdapterTypes = AdapterTypes> extends pulumi.ComponentResource {
  /** What the adapter made; hosts are placed in it. */
  readonly made: T["network"];
  readonly ipv4Cidrs: string[];
  readonly ipv6Cidrs: string[];

  constructor(name: string, args: DualStackNetworkArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:DualStackNetwork", name, {}, opts);
    this.made = args.adapter.network(args.prefix ?? name, args.plan, this);
    this.ipv4Cidrs = args.plan.networks.map((n) => n.ipv4Cidr);
    this.ipv6Cidrs = args.plan.networks.map((n) => n.ipv6Cidr);
    this.registerOutputs({ ipv4Cidrs: this.ipv4Cidrs, ipv6Cidrs: this.ipv6Cidrs });
  }
}
