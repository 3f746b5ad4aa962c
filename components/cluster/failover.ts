// The entry point of both families and what moves it when an ingress host
// fails: floating IPs moved through the API by keepalived (cloudscale),
// managed elastic IPs with health checks (Exoscale), VRRP VIPs on the wire
// (the lab), or the cloud's load balancer with a public address per family
// (AWS, Azure). The adapter decides which; this component holds its parts.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import type { AdapterTypes, CloudAdapter } from "./adapter";
import type { DualStackNetwork } from "./network";

export interface IpFailoverArgs<T extends AdapterTypes> {
  plan: AddressPlan;
  adapter: CloudAdapter<T>;
  network: DualStackNetwork<T["network"]>;
  /** Start of the children's names (default: this component's name). */
  prefix?: string;
}

export class IpFailover<T extends AdapterTypes = AdapterTypes> extends pulumi.ComponentResource {
  readonly entry: T["entry"];
  readonly ipv4: pulumi.Output<string>;
  readonly ipv6: pulumi.Output<string>;
  private readonly adapter: CloudAdapter<T>;
  private readonly prefix: string;
  private attached = false;

  constructor(name: string, args: IpFailoverArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:IpFailover", name, {}, opts);
    this.adapter = args.adapter;
    this.prefix = args.prefix ?? name;
    this.entry = args.adapter.entryPoint(this.prefix, args.plan, this, args.network.made);
    this.ipv4 = this.entry.ipv4;
    this.ipv6 = this.entry.ipv6;
    this.registerOutputs({ ipv4: this.ipv4, ipv6: this.ipv6 });
  }

  /** Puts the entry point on the hosts behind it, once they all exist; what that makes is a child of `parent` (default: this). */
  attach(hosts: T["host"][], parent: pulumi.Resource = this): void {
    if (this.attached) throw new Error(`IpFailover ${this.prefix}: the entry point is attached already`);
    this.attached = true;
    this.adapter.attachEntryPoint(this.prefix, this.entry, hosts, parent);
  }
}
