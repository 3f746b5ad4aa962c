// The ingress side of the plan: the hosts' VRRP priorities, the VIPs (given
// or offset 4 of the first zone's ingress network) and the VRRP router ids.
import { createHash } from "node:crypto";
import type { Cidr } from "../cidr";
import { InputError } from "../errors";
import type { IngressPlan, PlannedHost, PlannedIngressHost } from "../types";
import type { GivenAddress, ValidInput } from "../validate";
import { OFFSET } from "./layout";
import type { CarvedNetwork } from "./networks";

/** 200, 150, 100, 50 for up to four hosts; closer steps beyond, always distinct and within 1..254. */
export function vrrpPriority(index: number, count: number): number {
  return 200 - index * Math.floor(200 / Math.max(4, count));
}

export function planIngress(
  valid: ValidInput,
  network: CarvedNetwork,
  allHosts: PlannedHost[],
  hosts: PlannedIngressHost[],
): IngressPlan {
  const neighbours = allHosts.filter((host) => host.network === network.name);
  return {
    network: network.name,
    hosts,
    vips: {
      ipv4: placeVip("vips.ipv4", valid.vips.ipv4, network.v4, neighbours.map((h) => h.ipv4)),
      ipv6: placeVip("vips.ipv6", valid.vips.ipv6, network.v6, neighbours.map((h) => h.ipv6)),
    },
    vrrp: vrrpRouterIds(valid.name),
  };
}

/** The given VIP if it is a free, unreserved address of the network; offset 4 if none was given. */
function placeVip(key: string, vip: GivenAddress | undefined, network: Cidr, hostAddresses: string[]): string {
  if (vip === undefined) return network.addressAt(OFFSET.vip);
  const suggestion = `use a free address of ${network}, e.g. "${network.addressAt(OFFSET.vip)}"`;
  if (!network.contains(vip.address)) {
    throw new InputError(key, vip.given, `is outside the first zone's ingress network ${network}`, suggestion);
  }
  const offset = vip.address - network.network;
  if (offset < OFFSET.firstUsable || vip.address === network.last) {
    throw new InputError(key, vip.given, "is reserved (network, gateway, cloud-reserved or last address)", suggestion);
  }
  const text = network.addressAt(offset);
  if (hostAddresses.includes(text)) throw new InputError(key, vip.given, "is already a host's address", suggestion);
  return text;
}

/**
 * VRRP virtual router ids (1..255), one per family, from the environment name:
 * stable when addresses change, and unlikely to clash with another
 * environment on the same L2 (a lab). 1..254 leaves room to step aside.
 */
function vrrpRouterIds(name: string): IngressPlan["vrrp"] {
  const routerIdV4 = routerIdFrom(name);
  const candidateV6 = routerIdFrom(`${name}/ipv6`);
  const routerIdV6 = candidateV6 === routerIdV4 ? (routerIdV4 % 255) + 1 : candidateV6;
  return { routerIdV4, routerIdV6 };
}

function routerIdFrom(seed: string): number {
  return 1 + (createHash("sha256").update(seed, "utf8").digest().readUInt32BE(0) % 254);
}
