// Static routes inside a lab host: how the lab routes each node's Docker
// IPv6 /64 to that node, as a cloud route table or a routed prefix would.
import { isIP } from "node:net";
import { parseCidr, type IpVersion } from "../../addressing";
import { ip, ipJson } from "./exec";
import { validateInterfaceName, validateNamespaceName } from "./names";

export interface StaticRoute {
  /** Destination prefix, e.g. the node's Docker /64. */
  to: string;
  /** Next hop on the host's link (same family as `to`). */
  via: string;
}

interface RouteEntry {
  dst: string;
  gateway?: string;
}

function checkRoute(r: StaticRoute): { family: "-4" | "-6"; to: string } {
  const version: IpVersion = r.to.includes(":") ? 6 : 4;
  const to = parseCidr(r.to, version);
  if (!to.ok) throw new Error(`route ${JSON.stringify(r.to)}: ${to.problem}`);
  if (isIP(r.via) !== version) throw new Error(`route ${r.to} via ${r.via}: next hop must be an IPv${version} address`);
  return { family: version === 4 ? "-4" : "-6", to: to.value.toString() };
}

function canonical(dst: string): string | undefined {
  const parsed = parseCidr(dst, dst.includes(":") ? 6 : 4);
  return parsed.ok ? parsed.value.toString() : undefined;
}

/** Adds or replaces every route (idempotent). */
export async function ensureRoutes(ns: string, ifname: string, routes: readonly StaticRoute[]): Promise<void> {
  validateNamespaceName(ns);
  validateInterfaceName(ifname);
  for (const r of routes) {
    const { family, to } = checkRoute(r);
    await ip(ns, [family, "route", "replace", to, "via", r.via, "dev", ifname]);
  }
}

/** Which of `routes` the host really has (same prefix and next hop). */
export async function presentRoutes(ns: string, routes: readonly StaticRoute[]): Promise<StaticRoute[]> {
  validateNamespaceName(ns);
  const table = [...(await ipJson<RouteEntry>(ns, ["-4", "route", "show"])), ...(await ipJson<RouteEntry>(ns, ["-6", "route", "show"]))];
  return routes.filter((r) => {
    const to = checkRoute(r).to;
    return table.some((e) => canonical(e.dst) === to && e.gateway === r.via);
  });
}

/**
 * The routing table and rule priority through which an ingress host accepts
 * the VIPs it does not hold. Not the `local` table: ARP answers (and IPv6
 * neighbour advertisements) only for addresses on an interface or in the
 * `local` table, so only the VRRP master announces the VIPs.
 */
const ACCEPT_TABLE = "100";
const ACCEPT_RULE_PRIORITY = "100";

function hostRoute(address: string): { family: "-4" | "-6"; to: string } {
  const version = isIP(address);
  if (version !== 4 && version !== 6) throw new Error(`${JSON.stringify(address)} is not an IP address`);
  return { family: version === 4 ? "-4" : "-6", to: `${address}/${version === 4 ? 32 : 128}` };
}

/**
 * Makes the host take packets for `addresses` as its own even when no
 * interface has them (a local route in a table of its own, looked up for
 * them first): a client whose neighbour cache still names this host after a
 * VIP moved away reaches its HAProxy (bound with `transparent`) instead of
 * losing the SYN. Idempotent.
 */
export async function acceptAddresses(ns: string, addresses: readonly string[]): Promise<void> {
  validateNamespaceName(ns);
  for (const a of addresses) {
    const { family, to } = hostRoute(a);
    await ip(ns, [family, "route", "replace", "local", to, "dev", "lo", "table", ACCEPT_TABLE]);
    const rules = await ipJson<{ dst?: string; table?: string }>(ns, [family, "rule", "show", "to", to]);
    if (!rules.some((r) => r.table === ACCEPT_TABLE)) {
      await ip(ns, [family, "rule", "add", "to", to, "lookup", ACCEPT_TABLE, "priority", ACCEPT_RULE_PRIORITY]);
    }
  }
}

/** Which of `addresses` the host accepts as acceptAddresses set it up (rule and route both there). */
export async function acceptedAddresses(ns: string, addresses: readonly string[]): Promise<string[]> {
  validateNamespaceName(ns);
  const accepted: string[] = [];
  for (const a of addresses) {
    const { family, to } = hostRoute(a);
    const rules = await ipJson<{ table?: string }>(ns, [family, "rule", "show", "to", to]);
    const routes = await ipJson<{ dst: string; type?: string }>(ns, [family, "route", "show", "table", ACCEPT_TABLE]);
    const bare = to.split("/")[0];
    if (rules.some((r) => r.table === ACCEPT_TABLE) && routes.some((r) => r.type === "local" && (r.dst === bare || r.dst === to))) accepted.push(a);
  }
  return accepted;
}
