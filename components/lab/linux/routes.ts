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
