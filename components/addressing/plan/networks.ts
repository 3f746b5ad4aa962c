// Networks: one per zone and tier, the i-th /N of the IPv4 supernet and the
// i-th /64 of P's network quarter, and hosts at an offset in them.
import type { Cidr } from "../cidr";
import { InputError } from "../errors";
import type { PlannedHost, PlannedNetwork } from "../types";
import type { ValidInput } from "../validate";
import { NETWORK_LENGTH_V6, OFFSET } from "./layout";

export interface CarvedNetwork {
  name: string;
  zone: string;
  tier: string;
  v4: Cidr;
  v6: Cidr;
}

/** A zone's networks; the same network twice when both tiers share it. */
export interface ZoneNetworks {
  ingress: CarvedNetwork;
  nodes: CarvedNetwork;
}

export function carveNetworks(
  valid: ValidInput,
  prefix: Cidr,
  networkQuarter: Cidr,
): { networks: CarvedNetwork[]; byZone: ZoneNetworks[] } {
  const { ingress, nodes } = valid.tiers;
  const tiers = ingress === nodes ? [ingress] : [ingress, nodes];
  const slots = valid.zones.flatMap((zone) => tiers.map((tier) => ({ name: `${tier}-${zone}`, zone, tier })));
  const clash = slots.find((slot, i) => slots.findIndex((other) => other.name === slot.name) !== i);
  if (clash) {
    // e.g. tiers "edge" and "edge-a" with zones "a-1" and "1".
    const problem = `would give two networks the name "${clash.name}"`;
    throw new InputError("tiers", valid.tiers, problem, "use tier names that zone names cannot complete");
  }
  const needed = `the plan needs ${slots.length} (${valid.zones.length} zone(s) x ${tiers.length} tier(s))`;
  const { ipv4Supernet: supernet, ipv4SubnetPrefixLength: length } = valid;
  const v4Room = supernet.subnetCount(length);
  if (v4Room < slots.length) {
    throw new InputError(
      "ipv4Supernet",
      supernet.toString(),
      `holds ${v4Room} /${length} network(s) but ${needed}`,
      `use a /${length - bitsFor(slots.length)} or larger, or a longer ipv4SubnetPrefixLength`,
    );
  }
  const v6Room = networkQuarter.subnetCount(NETWORK_LENGTH_V6);
  if (v6Room < slots.length) {
    throw new InputError(
      "ipv6Prefix",
      prefix.toString(),
      `holds ${v6Room} /64 network(s) in its network quarter ${networkQuarter} but ${needed}`,
      `use a /${NETWORK_LENGTH_V6 - 2 - bitsFor(slots.length)} or larger`,
    );
  }
  const networks = slots.map((slot, i) => ({
    ...slot,
    v4: supernet.subnet(length, i),
    v6: networkQuarter.subnet(NETWORK_LENGTH_V6, i),
  }));
  const byZone = valid.zones.map((_, z) => ({
    ingress: networks[z * tiers.length],
    nodes: networks[z * tiers.length + tiers.length - 1],
  }));
  return { networks, byZone };
}

/** The smallest b with 2^b >= count: how many prefix bits `count` subnets take. */
function bitsFor(count: number): number {
  let bits = 0;
  while (2 ** bits < count) bits++;
  return bits;
}

export function describeNetwork(network: CarvedNetwork): PlannedNetwork {
  return {
    name: network.name,
    zone: network.zone,
    tier: network.tier,
    ipv4Cidr: network.v4.toString(),
    ipv6Cidr: network.v6.toString(),
    ipv4Gateway: network.v4.addressAt(OFFSET.gateway),
    ipv6Gateway: network.v6.addressAt(OFFSET.gateway),
  };
}

export function hostAt<Role extends PlannedHost["role"]>(
  name: string,
  role: Role,
  zone: string,
  network: CarvedNetwork,
  offset: number,
): PlannedHost & { role: Role } {
  return {
    name,
    role,
    zone,
    network: network.name,
    ipv4: network.v4.addressAt(offset),
    ipv6: network.v6.addressAt(offset),
    ipv4PrefixLength: network.v4.length,
    ipv6PrefixLength: network.v6.length,
  };
}
