// An independent oracle for special-purpose ranges: the blocks of the IANA
// IPv4 and IPv6 Special-Purpose Address Registries (and multicast, and the
// IPv6 space IANA has not assigned as unicast), written out here from the
// registries, checked with Node's own net.BlockList, not the planner's Cidr.
import { BlockList } from "node:net";
import { Address4, Address6 } from "ip-address";
import { span } from "./oracle";

/** [block, documentation-only] as the registries list them (not globally reachable, or not unicast). */
export const IANA_IPV4: [string, boolean][] = [
  ["0.0.0.0/8", false], ["127.0.0.0/8", false], ["169.254.0.0/16", false], ["192.0.0.0/24", false],
  ["192.0.2.0/24", true], ["192.31.196.0/24", false], ["192.52.193.0/24", false], ["192.88.99.0/24", false],
  ["192.175.48.0/24", false], ["198.18.0.0/15", false], ["198.51.100.0/24", true], ["203.0.113.0/24", true],
  ["224.0.0.0/4", false], ["240.0.0.0/4", false], ["255.255.255.255/32", false],
];
export const IANA_IPV6: [string, boolean][] = [
  ["::/128", false], ["::1/128", false], ["::ffff:0:0/96", false], ["64:ff9b::/96", false], ["64:ff9b:1::/48", false],
  ["100::/64", false], ["2001::/23", false], ["2001:db8::/32", true], ["2002::/16", false], ["2620:4f:8000::/48", false],
  ["3fff::/20", true], ["fe80::/10", false], ["fec0::/10", false], ["ff00::/8", false],
];
/** IANA IPv6 Address Space: the only unicast allocations. */
const IPV6_UNICAST = ["2000::/3", "fc00::/7"];

function listOf(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, length] = cidr.split("/");
    list.addSubnet(address, Number(length), cidr.includes(":") ? "ipv6" : "ipv4");
  }
  return list;
}

const text = (family: 4 | 6, value: bigint) => (family === 4 ? Address4.fromBigInt(value).correctForm() : Address6.fromBigInt(value).correctForm());

/** Whether `range` shares an address with a special block (documentation blocks only when not allowed). */
export function isSpecial(range: string, allowDocumentation: boolean): boolean {
  const r = span(range);
  const type = r.family === 4 ? "ipv4" : "ipv6";
  const table = (r.family === 4 ? IANA_IPV4 : IANA_IPV6).filter(([, doc]) => !(doc && allowDocumentation)).map(([b]) => b);
  const blocked = listOf(table);
  const mine = listOf([range]);
  const [first, last] = [text(r.family, r.first), text(r.family, r.last)];
  if (blocked.check(first, type) || blocked.check(last, type)) return true;
  // A block lying wholly inside the range (e.g. ::1/128 in ::/48).
  if (table.some((b) => mine.check(b.split("/")[0], type))) return true;
  if (r.family === 6) return !IPV6_UNICAST.some((space) => listOf([space]).check(first, type) && listOf([space]).check(last, type));
  return false;
}
