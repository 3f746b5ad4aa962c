// The stack's entry points: a floating IPv4 (/32) and IPv6 (/128, or a whole
// routed /56) pair, regional, initially on the first ingress host and from
// then on moved by keepalived's notify script (one PATCH each).
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../../components/addressing";
import { CLOUDSCALE_MODULE, FloatingIp, idTagFor, type Server } from "../../components/clouds/cloudscale";
import { delegatingProvider } from "../../components/dynamic";
import { REGION_OF_ZONE, type CloudscaleSection } from "./settings";

export interface FloatingIps {
  ipv4: FloatingIp;
  ipv6: FloatingIp;
}

/** Keepalived owns the placement after creation; Pulumi must not move an address back after a failover. */
const PLACEMENT_OWNED_BY_KEEPALIVED: pulumi.CustomResourceOptions = { ignoreChanges: ["server", "loadBalancer"] };

export function floatingIps(settings: CloudscaleSection): FloatingIps {
  const region = REGION_OF_ZONE[settings.zone];
  const ipv6Network = settings.floatingIpv6PrefixLength === 56 ? { prefixLength: 56 } : {};
  return {
    ipv4: new FloatingIp("fip-ipv4", { ipVersion: 4, type: "regional", region }, PLACEMENT_OWNED_BY_KEEPALIVED),
    ipv6: new FloatingIp("fip-ipv6", { ipVersion: 6, type: "regional", region, ...ipv6Network }, PLACEMENT_OWNED_BY_KEEPALIVED),
  };
}

/**
 * The address clients use, from a floating IP's network as the API reports
 * it: a /32 or /128 is the address itself; of a /56 it is the first address
 * after the network address (…::1), because the all-zero address of a prefix
 * is the subnet-router anycast address (RFC 4291 2.6.1), no host address.
 * The rest of the /56 stays routed to the holder, unused for now.
 */
export function serviceAddress(network: string): string {
  const [address, length] = network.split("/");
  if (length === undefined || length === "32" || length === "128") return address;
  const cidr = parseCidr(network, 6);
  if (!cidr.ok) throw new Error(`cloudscale: floating network "${network}" ${cidr.problem}`);
  return cidr.value.addressAt(1);
}

export interface FloatingIpAssignmentArgs {
  /** The floating IP's address (its id). */
  floatingIp: pulumi.Input<string>;
  server: pulumi.Input<string>;
}

/** The initial placement of a floating IP (see components/clouds/cloudscale/providers/floating-ip-assignment.ts for why it is separate). */
export class FloatingIpAssignment extends pulumi.dynamic.Resource {
  declare readonly floatingIp: pulumi.Output<string>;
  declare readonly server: pulumi.Output<string>;

  constructor(name: string, args: FloatingIpAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    const provider = delegatingProvider("components/clouds/cloudscale/providers/floating-ip-assignment");
    super(provider, name, { ...args, idTag: idTagFor(name) }, opts, CLOUDSCALE_MODULE, "FloatingIpAssignment");
  }
}

/** Both floating IPs onto `server` (the first ingress host, keepalived's first master). */
export function assignFloatingIps(fips: FloatingIps, server: Server): FloatingIpAssignment[] {
  return [
    new FloatingIpAssignment("fip-ipv4-initial", { floatingIp: fips.ipv4.address, server: server.uuid }),
    new FloatingIpAssignment("fip-ipv6-initial", { floatingIp: fips.ipv6.address, server: server.uuid }),
  ];
}
