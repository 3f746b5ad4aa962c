// One dual-stack host of the plan: its planned private IPv4 + IPv6, and
// whatever the cloud makes for it (a server, an instance, a lab namespace).
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedHost } from "../addressing";
import type { AdapterTypes, CloudAdapter, HostRequest, Role } from "./adapter";
import type { DualStackNetwork } from "./network";

/** A host as the stack outputs list it: the cloud's public addresses beside the planned private ones. */
export interface HostSummary {
  name: string;
  publicIpv4?: pulumi.Output<string>;
  publicIpv6?: pulumi.Output<string>;
  privateIpv4: string;
  /** Known at preview, except where the cloud assigns the IPv6 prefix (AWS). */
  privateIpv6: pulumi.Input<string>;
  network: string;
}

export interface DualStackHostArgs<T extends AdapterTypes> extends Omit<HostRequest<T>, "name"> {
  adapter: CloudAdapter<T>;
  /** The private IPv6 address as the cloud assigned it (default: the planned one). */
  privateIpv6?: pulumi.Input<string>;
}

export class DualStackHost<T extends AdapterTypes = AdapterTypes> extends pulumi.ComponentResource {
  readonly planned: PlannedHost;
  readonly made: T["host"];
  readonly summary: HostSummary;

  constructor(name: string, args: DualStackHostArgs<T>, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:cluster:DualStackHost", name, {}, opts);
    const { adapter, privateIpv6, ...request } = args;
    this.planned = args.host;
    this.made = adapter.host({ ...request, name }, this);
    const h = args.host;
    this.summary = {
      name: h.name,
      publicIpv4: this.made.publicIpv4,
      publicIpv6: this.made.publicIpv6,
      privateIpv4: h.ipv4,
      privateIpv6: privateIpv6 ?? h.ipv6,
      network: h.network,
    };
    this.registerOutputs({ ...this.summary });
  }
}

export interface RoleHostsArgs<T extends AdapterTypes, H extends PlannedHost> {
  plan: AddressPlan;
  adapter: CloudAdapter<T>;
  network: DualStackNetwork<T["network"]>;
  prefix: string;
  role: Role;
  hosts: H[];
  software: (host: H) => T["software"];
  entry: T["entry"];
  /** The roles whose hosts change one at a time (default: the adapter's, see oneAtATimeRoles). */
  oneAtATime?: readonly Role[];
}

/** The roles whose hosts change one at a time unless the adapter says otherwise (see CloudAdapter.oneAtATime). */
export const ONE_AT_A_TIME_DEFAULT: readonly Role[] = ["ingress"];

/**
 * The adapter's one-at-a-time roles, plus the nodes when asked
 * (`dualstack:nodes.oneAtATime`). Opt-in: dependsOn also orders the first
 * creation, so chained nodes make the first deploy serial.
 */
export function oneAtATimeRoles(adapter: Pick<CloudAdapter, "oneAtATime">, nodes = false): readonly Role[] {
  const roles = adapter.oneAtATime ?? ONE_AT_A_TIME_DEFAULT;
  return nodes && !roles.includes("nodes") ? [...roles, "nodes"] : roles;
}

/**
 * One role's hosts (the node pool's, the ingress's) under `owner`, in the
 * role's placement. In a one-at-a-time role each host depends on the one
 * before it, so the engine creates, updates or replaces host N+1 only after
 * host N finished (and, where the adapter waits for it, serves again: its
 * `settled` resources): a change never takes every ingress host away at once.
 */
export function roleHosts<T extends AdapterTypes, H extends PlannedHost>(owner: pulumi.ComponentResource, a: RoleHostsArgs<T, H>): DualStackHost<T>[] {
  const placement = a.adapter.placement(a.prefix, a.plan, a.role, owner);
  const sequential = (a.oneAtATime ?? oneAtATimeRoles(a.adapter)).includes(a.role);
  const made: DualStackHost<T>[] = [];
  for (const [index, host] of a.hosts.entries()) {
    const previous = made[index - 1];
    made.push(
      new DualStackHost(
        `${a.prefix}-${host.name}`,
        {
          adapter: a.adapter,
          plan: a.plan,
          host,
          role: a.role,
          index,
          network: a.network.made,
          placement,
          software: a.software(host),
          entry: a.entry,
          privateIpv6: a.network.ipv6Of(host),
        },
        { parent: owner, ...(sequential && previous ? { dependsOn: [previous, ...(previous.made.settled ?? [])] } : {}) },
      ),
    );
  }
  return made;
}
