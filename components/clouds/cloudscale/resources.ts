// The cloudscale.ch dynamic resources. Type tokens:
// pulumi-nodejs:dynamic/cloudscale:<Type> (module "cloudscale"), inputs
// camelCase (policies are written against them). Credentials are not inputs:
// the providers read dualstack:cloudscaleToken from the stack config.
import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider, stableId } from "../../dynamic";
import type { FloatingIpInputs } from "./providers/floating-ip";
import type { FloatingIpAssignmentInputs } from "./providers/floating-ip-assignment";
import type { LoadBalancerInputs } from "./providers/load-balancer";
import type { HealthMonitorInputs } from "./providers/load-balancer-health-monitor";
import type { ListenerInputs } from "./providers/load-balancer-listener";
import type { PoolInputs } from "./providers/load-balancer-pool";
import type { PoolMemberInputs } from "./providers/load-balancer-pool-member";
import type { NetworkInputs } from "./providers/network";
import type { ServerInputs } from "./providers/server";
import type { ServerGroupInputs } from "./providers/server-group";
import type { SubnetInputs } from "./providers/subnet";

export const CLOUDSCALE_MODULE = "cloudscale";

/**
 * The serialized provider of a resource: it loads providers/<name> at run
 * time (relative to the package root, which delegatingProvider finds). The
 * path is in every stack's state: keep it.
 */
function providerFor(name: string) {
  return delegatingProvider(`components/clouds/cloudscale/providers/${name}`);
}

/** Inputs all the way down: lists and objects may hold other resources' outputs. */
type DeepInput<T> = T extends (infer U)[]
  ? pulumi.Input<DeepInput<U>[]>
  : T extends object
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;
type Inputs<T> = { [K in keyof T]: DeepInput<T[K]> };
/** Resource args: the provider inputs without idTag, `Opt` keys optional (they have defaults). */
type Args<T, Opt extends keyof T = never> = Omit<Inputs<T>, "idTag" | Opt> & Partial<Inputs<Pick<T, Opt>>>;

/** The value of the dualstack-id tag (see stableId). */
export const idTagFor = stableId;

/** Registers a resource with its inputs plus the output-only properties (as undefined). */
function props(name: string, args: object, outputs: readonly string[]): Record<string, unknown> {
  return { ...Object.fromEntries(outputs.map((o) => [o, undefined])), ...args, idTag: idTagFor(name) };
}

export type ServerArgs = Args<ServerInputs, "useIpv6" | "usePublicNetwork">;

/** A server; public IPv4 + IPv6 unless told otherwise. Waits until it is running. */
export class Server extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly publicIpv4: pulumi.Output<string>;
  declare readonly publicIpv6: pulumi.Output<string>;
  declare readonly privateIpv4: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly flavor: pulumi.Output<string>;
  declare readonly zone: pulumi.Output<string>;

  constructor(name: string, args: ServerArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["uuid", "status", "publicIpv4", "publicIpv6", "privateIpv4"];
    super(providerFor("server"), name, props(name, { useIpv6: true, usePublicNetwork: true, ...args }, outputs), opts, CLOUDSCALE_MODULE, "Server");
  }
}

export type NetworkArgs = Args<NetworkInputs, "autoCreateIpv4Subnet" | "mtu">;

/** A private network (no automatic subnet). */
export class Network extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;
  declare readonly subnets: pulumi.Output<string[]>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("network"), name, props(name, { autoCreateIpv4Subnet: false, ...args }, ["uuid", "subnets"]), opts, CLOUDSCALE_MODULE, "Network");
  }
}

export type SubnetArgs = Args<SubnetInputs>;

/** An IPv4 subnet of a private network. */
export class Subnet extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;
  declare readonly cidr: pulumi.Output<string>;

  constructor(name: string, args: SubnetArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("subnet"), name, props(name, args, ["uuid"]), opts, CLOUDSCALE_MODULE, "Subnet");
  }
}

export type ServerGroupArgs = Args<ServerGroupInputs, "type">;

/** An anti-affinity server group. */
export class ServerGroup extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;

  constructor(name: string, args: ServerGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("server-group"), name, props(name, { type: "anti-affinity", ...args }, ["uuid"]), opts, CLOUDSCALE_MODULE, "ServerGroup");
  }
}

export type FloatingIpArgs = Args<FloatingIpInputs, "type">;

/** A floating IP (v4 /32, v6 /128 or v6 /56); its id is the address. */
export class FloatingIp extends pulumi.dynamic.Resource {
  /** e.g. "2001:db8::cafe/128". */
  declare readonly network: pulumi.Output<string>;
  declare readonly address: pulumi.Output<string>;
  declare readonly nextHop: pulumi.Output<string>;

  constructor(name: string, args: FloatingIpArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("floating-ip"), name, props(name, { type: "regional", ...args }, ["network", "address", "nextHop"]), opts, CLOUDSCALE_MODULE, "FloatingIp");
  }
}

export type FloatingIpAssignmentArgs = Args<FloatingIpAssignmentInputs>;

/** Where a floating IP points when the stack is built (see providers/floating-ip-assignment.ts for why it is separate). */
export class FloatingIpAssignment extends pulumi.dynamic.Resource {
  declare readonly floatingIp: pulumi.Output<string>;
  declare readonly server: pulumi.Output<string>;

  constructor(name: string, args: FloatingIpAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("floating-ip-assignment"), name, props(name, args, []), opts, CLOUDSCALE_MODULE, "FloatingIpAssignment");
  }
}

export type LoadBalancerArgs = Args<LoadBalancerInputs, "flavor">;

/** A load balancer; without vipAddresses it gets a public IPv4 + IPv6 pair. */
export class LoadBalancer extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly vipAddresses: pulumi.Output<{ version: number; address: string; subnet: string }[]>;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("load-balancer"), name, props(name, { flavor: "lb-standard", ...args }, ["uuid", "status", "vipAddresses"]), opts, CLOUDSCALE_MODULE, "LoadBalancer");
  }
}

export type LoadBalancerPoolArgs = Args<PoolInputs, "name">;

export class LoadBalancerPool extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerPoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("load-balancer-pool"), name, props(name, { name, ...args }, ["uuid"]), opts, CLOUDSCALE_MODULE, "LoadBalancerPool");
  }
}

export type LoadBalancerPoolMemberArgs = Args<PoolMemberInputs, "name" | "enabled">;

export class LoadBalancerPoolMember extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;
  declare readonly loadBalancer: pulumi.Output<string>;
  declare readonly monitorStatus: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerPoolMemberArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("load-balancer-pool-member"), name, props(name, { name, enabled: true, ...args }, ["uuid", "loadBalancer", "monitorStatus"]), opts, CLOUDSCALE_MODULE, "LoadBalancerPoolMember");
  }
}

export type LoadBalancerListenerArgs = Args<ListenerInputs, "name">;

export class LoadBalancerListener extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;
  declare readonly loadBalancer: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerListenerArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("load-balancer-listener"), name, props(name, { name, ...args }, ["uuid", "loadBalancer"]), opts, CLOUDSCALE_MODULE, "LoadBalancerListener");
  }
}

export type LoadBalancerHealthMonitorArgs = Args<HealthMonitorInputs>;

export class LoadBalancerHealthMonitor extends pulumi.dynamic.Resource {
  declare readonly uuid: pulumi.Output<string>;
  declare readonly loadBalancer: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerHealthMonitorArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("load-balancer-health-monitor"), name, props(name, args, ["uuid", "loadBalancer"]), opts, CLOUDSCALE_MODULE, "LoadBalancerHealthMonitor");
  }
}
