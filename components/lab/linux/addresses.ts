// Static dual-stack addressing of an interface, plus optional default routes.
import { isIPv4, isIPv6 } from "node:net";
import { ip, ipJson, isNotFound } from "./exec";
import { validateInterfaceName, validateNamespaceName } from "./names";
import type { Family } from "../../addressing";


/** Addresses of one interface as CIDR strings ("10.0.0.10/24", "fd00::a/64"). */
export interface InterfaceAddresses {
  ipv4: string[];
  ipv6: string[];
}

export interface EnsureAddressesOptions {
  /** IPv4 address(es) with prefix length, e.g. "10.0.0.10/24". */
  ipv4?: string | string[];
  /** IPv6 address(es) with prefix length, e.g. "fd00::a/64"; added with nodad (usable at once). */
  ipv6?: string | string[];
  /** IPv4 default gateway (on-link via this interface). */
  gateway4?: string;
  /** IPv6 default gateway (global or fe80::, on-link via this interface). */
  gateway6?: string;
}

interface AddrInfo {
  family: "inet" | "inet6";
  local: string;
  prefixlen: number;
  scope: string;
  dadfailed?: boolean;
}

/** Returns the family of `cidr`, or throws a clear error if it is not "<address>/<prefix length>". */
export function cidrFamily(cidr: string): Family {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  const addr = m?.[1] ?? "";
  const len = Number(m?.[2]);
  if (m && isIPv4(addr) && len <= 32) return "ipv4";
  // Zone ids (fe80::1%eth0) are not addresses we assign.
  if (m && isIPv6(addr) && !addr.includes("%") && len <= 128) return "ipv6";
  throw new Error(`invalid CIDR ${JSON.stringify(cidr)}: use "<address>/<prefix length>", e.g. "10.0.0.10/24" or "fd00::a/64"`);
}

/**
 * Adds the given addresses to `ifname` in `ns` (present ones are left as they
 * are: `ip addr replace` is idempotent). Other addresses are not removed.
 */
export async function ensureAddresses(ns: string, ifname: string, opts: EnsureAddressesOptions): Promise<void> {
  validateNamespaceName(ns);
  validateInterfaceName(ifname);
  const wanted: Array<[Family, string]> = [
    ...toList(opts.ipv4).map((c): [Family, string] => ["ipv4", c]),
    ...toList(opts.ipv6).map((c): [Family, string] => ["ipv6", c]),
  ];
  for (const [family, cidr] of wanted) {
    if (cidrFamily(cidr) !== family) throw new Error(`${cidr} given as ${family} but is not an ${family} CIDR`);
  }
  for (const [family, cidr] of wanted) {
    // nodad: skip duplicate address detection so the address is never "tentative" (unusable) for ~1-2 s.
    const extra = family === "ipv6" ? ["nodad"] : [];
    await ip(ns, [family === "ipv4" ? "-4" : "-6", "addr", "replace", cidr, "dev", ifname, ...extra]);
  }
  if (opts.gateway4 !== undefined || opts.gateway6 !== undefined) {
    await ensureDefaultRoutes(ns, ifname, { ipv4: opts.gateway4, ipv6: opts.gateway6 });
  }
}

/** Global-scope addresses of `ifname` in `ns`, as canonical lowercase CIDR strings, in kernel order. */
export async function readAddresses(ns: string, ifname: string): Promise<InterfaceAddresses> {
  validateNamespaceName(ns);
  validateInterfaceName(ifname);
  const links = await ipJson<{ addr_info?: AddrInfo[] }>(ns, ["addr", "show", "dev", ifname]);
  const result: InterfaceAddresses = { ipv4: [], ipv6: [] };
  for (const a of links[0]?.addr_info ?? []) {
    if (a.scope !== "global" || a.dadfailed) continue;
    // iproute2 prints inet_ntop output: already RFC 5952 for IPv6; lowercase guards the invariant.
    const cidr = `${a.local.toLowerCase()}/${a.prefixlen}`;
    (a.family === "inet" ? result.ipv4 : result.ipv6).push(cidr);
  }
  return result;
}

/** Removes one address (CIDR) from `ifname` in `ns`; no-op when it is not there. */
export async function deleteAddress(ns: string, ifname: string, cidr: string): Promise<void> {
  validateNamespaceName(ns);
  validateInterfaceName(ifname);
  const family = cidrFamily(cidr);
  try {
    await ip(ns, [family === "ipv4" ? "-4" : "-6", "addr", "del", cidr, "dev", ifname]);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Sets (replaces) the default route of each given family via `ifname`. */
export async function ensureDefaultRoutes(
  ns: string,
  ifname: string,
  gateways: { ipv4?: string; ipv6?: string },
): Promise<void> {
  validateNamespaceName(ns);
  validateInterfaceName(ifname);
  if (gateways.ipv4 !== undefined) {
    if (!isIPv4(gateways.ipv4)) throw new Error(`invalid IPv4 gateway ${JSON.stringify(gateways.ipv4)}`);
    await ip(ns, ["-4", "route", "replace", "default", "via", gateways.ipv4, "dev", ifname]);
  }
  if (gateways.ipv6 !== undefined) {
    if (!isIPv6(gateways.ipv6)) throw new Error(`invalid IPv6 gateway ${JSON.stringify(gateways.ipv6)}`);
    await ip(ns, ["-6", "route", "replace", "default", "via", gateways.ipv6, "dev", ifname]);
  }
}

function toList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
