// The address plan on AWS depends on the VPC: its IPv6 /56 is assigned by
// Amazon (or an IPAM pool) when the VPC is created, so it is unknown at a
// first preview. The stack plans twice:
//
// - at once, synchronously, with a stand-in /56 of the same length. Network
//   names, zones, counts, capacity limits and every IPv4 value do not depend
//   on the IPv6 prefix (only its length), so this plan is exact for them and
//   known at preview: bad input (a supernet too small for 2 x azCount
//   networks, too many nodes) fails the preview with a ConfigError, and IPv4
//   CIDRs and addresses are known in the preview. The cluster gets this plan;
//   the AWS adapter never uses its IPv6 values.
// - with the VPC's real block (`planWith`, the adapter's assigned plan): all
//   IPv6 values (subnet /64s, node addresses, Docker ranges) come from it.
import type { AddressPlan } from "../../components/addressing";
import { planForStack, type StackConfig } from "../config";
import { awsSettings } from "./settings";

/**
 * Documentation range (RFC 3849), the VPC block's length, its groups as wide
 * as text allows within 2001:db8::/32 (the preview's user-data size check
 * measures with it).
 */
export const STAND_IN_PREFIX = "2001:db8:ffff:ff00::/56";

/** The plan with the stand-in /56: exact but for its IPv6 values. Throws a ConfigError naming the key. */
export function standInPlan(stack: string, config: StackConfig, zones: string[]): AddressPlan {
  return planForStack(stack, config, { zones, ipv6PrefixFromProvider: STAND_IN_PREFIX });
}

/** Plans again with the VPC's real IPv6 block. */
export function planWithVpcBlock(stack: string, config: StackConfig, zones: string[]): (ipv6Prefix: string) => AddressPlan {
  return (ipv6Prefix) => planForStack(stack, config, { zones, ipv6PrefixFromProvider: ipv6Prefix });
}

/**
 * Offline (`npm run plan`), what the stack checks and plans before its first
 * AWS call: the section, then the stand-in plan over the zones AWS would
 * list first, named as AWS names them (aws:region + a, b, ...); the stack
 * itself asks the region for them at preview.
 */
export function offlineAwsPlan(stack: string, config: StackConfig, region: string | undefined): { plan: AddressPlan; zones: string[] } {
  const settings = awsSettings(stack, config);
  const zones = Array.from({ length: settings.azCount }, (_, i) => `${region ?? ""}${String.fromCharCode(97 + i)}`);
  return { plan: standInPlan(stack, config, zones), zones };
}
