// The address plan on AWS depends on the VPC: its IPv6 /56 is assigned by
// Amazon (or an IPAM pool) when the VPC is created, so the plan is an
// Output<AddressPlan>, unknown at a first preview. Two views of it:
//
// - the layout: planned once, synchronously, with a stand-in /56 of the same
//   length. Network names, zones, counts, capacity limits and every IPv4
//   value do not depend on the IPv6 prefix (only its length), so the layout
//   is exact for them and known at preview: bad input (a supernet too small
//   for 2 x azCount networks, too many nodes) fails the preview with a
//   ConfigError, and IPv4 CIDRs and addresses are known in the preview.
//   The layout has no IPv6 field, so the stand-in can never reach a resource.
// - the plan: the same planning with the VPC's real block, as an Output. All
//   IPv6 values (subnet /64s, node addresses, Docker ranges) come from it.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../components/addressing";
import { planForStack, type StackConfig } from "../config";

/** What AWS assigns a VPC: an Amazon-provided IPv6 block is always a /56; IPAM pools are asked for one. */
export const VPC_IPV6_PREFIX_LENGTH = 56;

/** Documentation range (RFC 3849), same length as the VPC's block; used for the layout only. */
const STAND_IN_PREFIX = "2001:db8:0:ff00::/56";

export interface LayoutNetwork {
  name: string;
  zone: string;
  tier: string;
  /** True for the ingress tier: public subnets (NLB, NAT gateway); false for the nodes tier (private). */
  public: boolean;
  ipv4Cidr: string;
}

export interface LayoutNode {
  name: string;
  zone: string;
  network: string;
  ipv4: string;
}

/** The IPv6-independent part of the plan: known at preview. */
export interface Layout {
  name: string;
  ipv4Supernet: string;
  networks: LayoutNetwork[];
  nodes: LayoutNode[];
}

/** Plans with the stand-in /56 and keeps what does not depend on it. Throws a ConfigError naming the key. */
export function planLayout(stack: string, config: StackConfig, zones: string[]): Layout {
  const plan = planForStack(stack, config, { zones, ipv6PrefixFromProvider: STAND_IN_PREFIX });
  const ingressTier = plan.networks.find((n) => n.name === plan.ingress.network)?.tier;
  return {
    name: plan.name,
    ipv4Supernet: plan.ipv4Supernet,
    networks: plan.networks.map((n) => ({ name: n.name, zone: n.zone, tier: n.tier, public: n.tier === ingressTier, ipv4Cidr: n.ipv4Cidr })),
    nodes: plan.nodes.map((n) => ({ name: n.name, zone: n.zone, network: n.network, ipv4: n.ipv4 })),
  };
}

/** The full plan once the VPC's IPv6 block is known. */
export function planFromVpc(stack: string, config: StackConfig, zones: string[], ipv6CidrBlock: pulumi.Output<string>): pulumi.Output<AddressPlan> {
  return ipv6CidrBlock.apply((prefix) => {
    if (!prefix) throw new Error("aws: the VPC has no IPv6 CIDR block; expected an Amazon-provided or IPAM /56");
    return planForStack(stack, config, { zones, ipv6PrefixFromProvider: prefix });
  });
}

/** A named network of a plan (the planner guarantees the names). */
export function plannedNetwork(plan: AddressPlan, name: string) {
  const network = plan.networks.find((n) => n.name === name);
  if (!network) throw new Error(`aws: the plan has no network ${name}`);
  return network;
}

/** A named node of a plan. */
export function plannedNode(plan: AddressPlan, name: string) {
  const node = plan.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`aws: the plan has no node ${name}`);
  return node;
}
