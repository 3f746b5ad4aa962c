// Test oracles written independently of the planner's Cidr type: parsing goes
// through ip-address directly, canonical IPv6 text is rebuilt from RFC 5952
// rules by hand, so a formatting bug in either would show up as a mismatch.
import { createHash } from "node:crypto";
import { Address4, Address6 } from "ip-address";

/** RFC 5952 §4: lowercase, no leading zeros, the longest run (>= 2) of zero groups as "::", the first on ties. */
export function rfc5952(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > best.length) best = { start: i, length: end - i };
    i = Math.max(end, i + 1);
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.length < 2) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

export function isIpv6(text: string): boolean {
  return text.includes(":");
}

/** Address value and prefix length of "addr" or "addr/len" text, via ip-address. */
export function parse(text: string): { value: bigint; length: number; bits: number } {
  const address = isIpv6(text) ? new Address6(text) : new Address4(text);
  return { value: address.bigInt(), length: address.subnetMask, bits: isIpv6(text) ? 128 : 32 };
}

/** First and last address of "addr" or "addr/len" text (a bare address is a range of one). */
export function span(text: string): { first: bigint; last: bigint; family: 4 | 6 } {
  const { value, length, bits } = parse(text);
  const hostBits = BigInt(bits - length);
  const first = (value >> hostBits) << hostBits;
  return { first, last: first + (1n << hostBits) - 1n, family: bits === 128 ? 6 : 4 };
}

/** Whether `child` (address or CIDR) lies inside CIDR `parent`. */
export function inside(child: string, parent: string): boolean {
  const c = span(child);
  const p = span(parent);
  return c.family === p.family && c.first >= p.first && c.last <= p.last;
}

/** Overlapping pairs among ranges of one family (none, for siblings). Sorted, so neighbours suffice. */
export function overlapping(texts: string[]): string[] {
  const sorted = texts.map((text) => ({ text, ...span(text) })).sort((a, b) => (a.first < b.first ? -1 : 1));
  return sorted.slice(1).flatMap((range, i) => {
    const previous = sorted[i];
    return range.first <= previous.last ? [`${previous.text} / ${range.text}`] : [];
  });
}

/** The text is canonical per the library and RFC 5952, and a CIDR has no host bits set. */
export function isCanonical(text: string): boolean {
  const [address, length] = text.split("/");
  const hasHostBits = length !== undefined && span(text).first !== parse(text).value;
  if (hasHostBits || (length !== undefined && String(Number(length)) !== length)) return false;
  if (!isIpv6(text)) return /^\d+(\.\d+){3}$/.test(address) && new Address4(address).correctForm() === address;
  const parsed = new Address6(address);
  return parsed.correctForm() === address && rfc5952(parsed.bigInt()) === address;
}

/** The ULA /48 of a name by RFC 4193's recipe (fd00::/8 + low 40 bits of SHA-1), hashing the name. */
export function expectedUla(name: string): bigint {
  const sha1 = createHash("sha1").update(name).digest("hex");
  return ((0xfdn << 40n) | BigInt(`0x${sha1.slice(-10)}`)) << 80n;
}
