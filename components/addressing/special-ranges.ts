// Address blocks no network, pod, service or Docker range may use: the IANA
// IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and successors),
// multicast, and for IPv6 everything outside the two assigned unicast blocks
// (IANA IPv6 Address Space: 2000::/3 global unicast, fc00::/7 unique local).
//
// Kept usable on purpose:
// - private space (RFC 1918) and ULA (RFC 4193): what the plan is for;
// - 100.64.0.0/10, shared address space (RFC 6598): meant for carrier-grade
//   NAT, but not globally routed and widely used as extra private space (AWS
//   accepts it as a VPC CIDR, EKS custom networking puts pods there), so a
//   plan may use it like RFC 1918;
// - public unicast: the operator's own assigned ranges;
// - documentation ranges (RFC 5737, RFC 3849, RFC 9637) only where the caller
//   allows them (the planner's own examples and tests, PlanInput
//   documentationRanges); stacks refuse them: a stack's ranges end up on a
//   real network, where these must not appear (RFC 3849 §4, RFC 5737 §4), and
//   a cloud cannot route or assign them (an AWS VPC's IPv6 comes from Amazon
//   or an IPAM pool of the operator's own space).
import { type Cidr, familyName, type IpVersion, parseCidr } from "./cidr";

export interface SpecialBlock {
  block: Cidr;
  /** What IANA calls it, as an error says it: "loopback", "multicast". */
  kind: string;
  /** Where it is defined, e.g. "RFC 1122". */
  rfc: string;
  /** Documentation-only (usable in examples, never on a real network). */
  documentation?: boolean;
}

const block = (cidr: string, kind: string, rfc: string, documentation?: boolean): SpecialBlock => {
  const parsed = parseCidr(cidr, cidr.includes(":") ? 6 : 4);
  if (!parsed.ok) throw new RangeError(`special block ${cidr} ${parsed.problem}`);
  return { block: parsed.value, kind, rfc, documentation };
};

// Most specific first: the first block a range overlaps is the one reported.
const IPV4: SpecialBlock[] = [
  block("0.0.0.0/8", '"this network"', "RFC 791"),
  block("127.0.0.0/8", "loopback", "RFC 1122"),
  block("169.254.0.0/16", "link-local", "RFC 3927"),
  block("192.0.0.0/24", "reserved for IETF protocol assignments", "RFC 6890"),
  block("192.0.2.0/24", "documentation-only (TEST-NET-1)", "RFC 5737", true),
  block("192.31.196.0/24", "AS112 DNS anycast", "RFC 7535"),
  block("192.52.193.0/24", "AMT relay anycast", "RFC 7450"),
  block("192.88.99.0/24", "deprecated 6to4 relay anycast", "RFC 7526"),
  block("192.175.48.0/24", "AS112 direct delegation", "RFC 7534"),
  block("198.18.0.0/15", "for benchmarking", "RFC 2544"),
  block("198.51.100.0/24", "documentation-only (TEST-NET-2)", "RFC 5737", true),
  block("203.0.113.0/24", "documentation-only (TEST-NET-3)", "RFC 5737", true),
  block("224.0.0.0/4", "multicast", "RFC 5771"),
  block("255.255.255.255/32", "limited broadcast", "RFC 919"),
  block("240.0.0.0/4", "reserved for future use", "RFC 1112"),
];

const IPV6: SpecialBlock[] = [
  block("::/128", "the unspecified address", "RFC 4291"),
  block("::1/128", "loopback", "RFC 4291"),
  block("::ffff:0:0/96", "IPv4-mapped", "RFC 4291"),
  block("64:ff9b::/96", "IPv4/IPv6 translation (NAT64)", "RFC 6052"),
  block("64:ff9b:1::/48", "local IPv4/IPv6 translation", "RFC 8215"),
  block("100::/64", "discard-only", "RFC 6666"),
  block("2001::/32", "Teredo tunnelling", "RFC 4380"),
  block("2001:2::/48", "for benchmarking", "RFC 5180"),
  block("2001:20::/28", "ORCHIDv2", "RFC 7343"),
  block("2001::/23", "reserved for IETF protocol assignments", "RFC 2928"),
  block("2001:db8::/32", "documentation-only", "RFC 3849", true),
  block("2002::/16", "6to4 tunnelling", "RFC 3056"),
  block("2620:4f:8000::/48", "AS112 direct delegation", "RFC 7534"),
  block("3fff::/20", "documentation-only", "RFC 9637", true),
  block("fe80::/10", "link-local", "RFC 4291"),
  block("fec0::/10", "deprecated site-local", "RFC 3879"),
  block("ff00::/8", "multicast", "RFC 4291"),
];

/** Private IPv4 space in the order the planner tries it for Docker's pool: RFC 1918 (Docker's own 172.16/12 first) and RFC 6598. */
export const PRIVATE_V4: readonly Cidr[] = ["172.16.0.0/12", "192.168.0.0/16", "10.0.0.0/8", "100.64.0.0/10"].map(
  (cidr) => block(cidr, "private", "RFC 1918, RFC 6598").block,
);

/** The only IPv6 unicast space IANA assigns; everything else is reserved by the IETF. */
const IPV6_UNICAST = [block("2000::/3", "global unicast", "RFC 4291"), block("fc00::/7", "unique local", "RFC 4193")];
const IPV6_RESERVED: Omit<SpecialBlock, "block"> = { kind: "reserved by the IETF (outside 2000::/3 and fc00::/7)", rfc: "RFC 4291" };

export interface SpecialMatch extends Omit<SpecialBlock, "block"> {
  /** The special block, or the range itself for IPv6 outside the assigned unicast space. */
  block: Cidr;
  /** Whether the range lies wholly inside the block (else it only overlaps it). */
  inside: boolean;
}

/** The first special-purpose block `range` overlaps, if any; documentation blocks only unless allowed. */
export function specialPurposeOf(range: Cidr, options: { allowDocumentation?: boolean } = {}): SpecialMatch | undefined {
  const table = range.family === 4 ? IPV4 : IPV6;
  for (const special of table) {
    if (special.documentation && options.allowDocumentation) continue;
    if (special.block.overlaps(range)) return { ...special, inside: special.block.contains(range) };
  }
  if (range.family === 6 && !IPV6_UNICAST.some((space) => space.block.contains(range))) {
    return { ...IPV6_RESERVED, block: range, inside: true };
  }
  return undefined;
}

/** `is link-local (169.254.0.0/16, RFC 3927)` or `overlaps ::1/128, loopback (RFC 4291)`. */
export function describeSpecial(match: SpecialMatch): string {
  if (match.inside && match.kind === IPV6_RESERVED.kind) return `is ${match.kind}`;
  return match.inside ? `is ${match.kind} (${match.block}, ${match.rfc})` : `overlaps ${match.block}, ${match.kind} (${match.rfc})`;
}

/** What fits instead, per family. */
export function usableSpace(family: IpVersion): string {
  return family === 4
    ? "use private space (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or the operator's own public range"
    : "use a unique local prefix in fd00::/8 (RFC 4193) or the operator's own global prefix (2000::/3)";
}

export function specialProblem(match: SpecialMatch, family: IpVersion): string {
  return `${describeSpecial(match)}, which no ${familyName(family)} network may use`;
}
