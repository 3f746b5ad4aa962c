// The cluster's entry point on cloudscale: a floating IPv4 (/32) and IPv6
// (/128, or a whole routed /56) pair, regional, initially on the first
// ingress host and from then on moved by keepalived's notify script (one
// PATCH each).
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../../../addressing";
import type { EntryAddresses } from "../../../cluster";
import { FloatingIp, FloatingIpAssignment, type Server } from "../resources";
import { REGION_OF_ZONE } from "../zones";
import type { CloudscaleHostSettings } from "./settings";

export interface FloatingIps extends EntryAddresses {
  floatingIps: { ipv4: FloatingIp; ipv6: FloatingIp };
}

/** Keepalived owns the placement after creation; Pulumi must not move an address back after a failover. */
const PLACEMENT_OWNED_BY_KEEPALIVED = ["server", "loadBalancer"];

export function floatingIps(prefix: string, s: Pick<CloudscaleHostSettings, "zone" | "floatingIpv6PrefixLength">, parent: pulumi.Resource): FloatingIps {
  const region = REGION_OF_ZONE[s.zone];
  const ipv6Network = s.floatingIpv6PrefixLength === 56 ? { prefixLength: 56 } : {};
  const opts = { parent, ignoreChanges: PLACEMENT_OWNED_BY_KEEPALIVED };
  const ipv4 = new FloatingIp(`${prefix}-fip-ipv4`, { ipVersion: 4, type: "regional", region }, opts);
  const ipv6 = new FloatingIp(`${prefix}-fip-ipv6`, { ipVersion: 6, type: "regional", region, ...ipv6Network }, opts);
  return { floatingIps: { ipv4, ipv6 }, ipv4: ipv4.address, ipv6: ipv6.network.apply(serviceAddress) };
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

/** Both floating IPs onto `server` (the first ingress host, keepalived's first master). */
export function assignFloatingIps(prefix: string, fips: FloatingIps, server: Server, parent: pulumi.Resource): FloatingIpAssignment[] {
  return (["ipv4", "ipv6"] as const).map(
    (family) => new FloatingIpAssignment(`${prefix}-fip-${family}-initial`, { floatingIp: fips.floatingIps[family].address, server: server.uuid }, { parent }),
  );
}
