// Address-family facts about CIDR strings, through `ip-address` (so "::/0",
// "0::0/0" and "0:0::/0" are all the IPv6 default route, and "10.0.0.1" is a /32).
import { Address4, Address6 } from "ip-address";

/** The IP version number (the pack is its own package, so it keeps its own copy of this one type). */
export type IpVersion = 4 | 6;

export interface ParsedCidr {
  family: IpVersion;
  prefixLength: number;
}

const cache = new Map<string, ParsedCidr | undefined>();

/** Parses an IPv4/IPv6 address or CIDR; undefined when it is neither (a service tag, "*", garbage). */
export function parseCidr(text: string): ParsedCidr | undefined {
  // Policies see the same few CIDRs thousands of times; parsing is the hot path.
  if (cache.has(text)) return cache.get(text);
  const s = text.trim();
  let parsed: ParsedCidr | undefined;
  if (Address4.isValid(s)) parsed = { family: 4, prefixLength: new Address4(s).subnetMask };
  else if (Address6.isValid(s)) parsed = { family: 6, prefixLength: new Address6(s).subnetMask };
  // ip-address accepts a few malformed texts ("fd00::/8/8") with a NaN mask.
  if (parsed && !Number.isInteger(parsed.prefixLength)) parsed = undefined;
  if (cache.size > 10_000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

export function familyOf(text: string): IpVersion | undefined {
  return parseCidr(text)?.family;
}

/** The whole IPv4 Internet: 0.0.0.0/0 (any address with prefix length 0). */
export function isAnyV4(text: string): boolean {
  const p = parseCidr(text);
  return p?.family === 4 && p.prefixLength === 0;
}

/** The whole IPv6 Internet: ::/0. */
export function isAnyV6(text: string): boolean {
  const p = parseCidr(text);
  return p?.family === 6 && p.prefixLength === 0;
}

/** The families present in a list of CIDRs (unparseable entries ignored). */
export function familiesOf(cidrs: readonly string[]): Set<IpVersion> {
  const out = new Set<IpVersion>();
  for (const c of cidrs) {
    const f = familyOf(c);
    if (f) out.add(f);
  }
  return out;
}

/** Azure-style comma/space separated lists ("10.0.0.0/8,fd00::/8") and plain lists alike. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
