// One firewall-rule model for AWS security groups, Azure NSGs and Exoscale
// security groups, and the three checks over it:
//  - a rule open to the whole IPv4 Internet has an IPv6 twin (else IPv6
//    clients are silently dropped while IPv4 works: the classic half outage);
//  - SSH is not open to the whole Internet in either family;
//  - ICMPv6 Packet Too Big reaches Internet-facing groups (IPv6 routers never
//    fragment: without PTB, path-MTU discovery breaks and large responses hang).
// Unknown parts (values computed during preview) make a rule count as
// "possibly anything": it never causes a violation and may serve as a twin.
import { isAnyV4, isAnyV6 } from "../lib/cidr";
import { UNKNOWN, type Unknown } from "../lib/props";

export type Protocol = "all" | "tcp" | "udp" | "icmp" | "icmpv6" | string;
/** Inclusive port range; for ICMP protocols the ICMP type range. */
export type PortRange = readonly [number, number];

export interface FwRule {
  direction: "ingress" | "egress";
  protocol: Protocol | Unknown;
  /** "all" ports (or all ICMP types), or the ranges. */
  ports: "all" | readonly PortRange[] | Unknown;
  /** The other end: CIDRs, or family-neutral tags ("*", "Internet"). */
  remotes: readonly string[];
  /** Some remote value is unknown. */
  remoteUnknown: boolean;
  /** For messages, e.g. `ingress tcp 443 from 0.0.0.0/0`. */
  label: string;
  /** The resource the rule belongs to (stack rules report on it). */
  urn?: string;
}

/** Remotes that mean "everyone, both families" (Azure service tags, wildcards). */
const ANY_BOTH = new Set(["*", "any", "internet"]);

export const opensToAnyV4 = (r: FwRule): boolean => r.remotes.some((x) => isAnyV4(x) || ANY_BOTH.has(x.toLowerCase()));
export const opensToAnyV6 = (r: FwRule): boolean => r.remotes.some((x) => isAnyV6(x) || ANY_BOTH.has(x.toLowerCase()));
export const opensToInternet = (r: FwRule): boolean => opensToAnyV4(r) || opensToAnyV6(r);
/** Open to all of IPv4 but not to all of IPv6: needs a twin. */
const ipv4OnlyOpen = (r: FwRule): boolean => opensToAnyV4(r) && !opensToAnyV6(r);

const isUnknownRule = (r: FwRule): boolean => r.protocol === UNKNOWN || r.ports === UNKNOWN || r.remoteUnknown;

function covers(outer: FwRule["ports"], inner: FwRule["ports"]): boolean {
  if (outer === UNKNOWN || outer === "all") return true;
  if (inner === UNKNOWN) return true;
  if (inner === "all") return false;
  return inner.every(([a, b]) => outer.some(([c, d]) => c <= a && b <= d));
}

/** The IPv6 protocol that serves the same purpose as an IPv4 one. */
function twinProtocolMatches(v4: Protocol, candidate: Protocol): boolean {
  if (candidate === "all") return true;
  if (v4 === "icmp") return candidate === "icmpv6" || candidate === "icmp"; // Azure's "Icmp" covers both
  return candidate === v4;
}

function isTwin(v4: FwRule, c: FwRule): boolean {
  if (c.direction !== v4.direction) return false;
  if (isUnknownRule(c)) return true; // might be it: lenient
  if (!opensToAnyV6(c)) return false;
  if (!twinProtocolMatches(v4.protocol as Protocol, c.protocol as Protocol)) return false;
  // ICMP types differ between families (echo 8 vs 128): any ICMPv6 twin will do.
  if (v4.protocol === "icmp") return true;
  return covers(c.ports, v4.ports);
}

/** Rules open to 0.0.0.0/0 with no ::/0 counterpart among `all` (same direction, protocol, ports). */
export function rulesMissingIpv6Twin(rules: readonly FwRule[], all: readonly FwRule[] = rules): FwRule[] {
  return rules.filter((r) => ipv4OnlyOpen(r) && !isUnknownRule(r) && !all.some((c) => isTwin(r, c)));
}

export function twinMessage(r: FwRule, where: string): string {
  const twin = r.label.replace(/0\.0\.0\.0\/0/g, "::/0");
  return `${where}: "${r.label}" is open to all of IPv4 but has no IPv6 counterpart; add "${twin}" so IPv6 clients are not dropped.`;
}

export const SSH_PORT = 22;

function includesPort(ports: FwRule["ports"], port: number): boolean {
  if (ports === UNKNOWN) return false;
  if (ports === "all") return true;
  return ports.some(([a, b]) => a <= port && port <= b);
}

/** Ingress rules that let the whole Internet (either family) reach TCP 22. */
export function rulesOpeningSsh(rules: readonly FwRule[]): FwRule[] {
  return rules.filter(
    (r) => r.direction === "ingress" && (r.protocol === "tcp" || r.protocol === "all") && includesPort(r.ports, SSH_PORT) && opensToInternet(r),
  );
}

export function sshMessage(r: FwRule, where: string): string {
  return `${where}: "${r.label}" opens SSH (22) to the whole Internet; restrict it to admin/bastion CIDRs in both families (or use a bastion/SSM/serial console).`;
}

export const ICMPV6_PACKET_TOO_BIG = 2;

/**
 * For a group (one security group's rules): true when it faces the Internet
 * (some ingress open to 0.0.0.0/0 or ::/0) and no ingress rule lets ICMPv6
 * Packet Too Big in from ::/0. Unknown rules count as possibly allowing it.
 */
export function lacksIcmpv6(rules: readonly FwRule[]): boolean {
  const ingress = rules.filter((r) => r.direction === "ingress");
  if (!ingress.some((r) => opensToInternet(r))) return false;
  return !ingress.some(
    (r) =>
      isUnknownRule(r) ||
      (opensToAnyV6(r) && (r.protocol === "all" || (r.protocol === "icmpv6" && (r.ports === "all" || includesPort(r.ports, ICMPV6_PACKET_TOO_BIG))))),
  );
}

export function portsLabel(protocol: Protocol | Unknown, ports: FwRule["ports"]): string {
  const p = protocol === UNKNOWN ? "?" : protocol;
  if (p === "all") return "all";
  if (ports === UNKNOWN) return `${p} ?`;
  if (ports === "all") return p.startsWith("icmp") ? `${p} all types` : `${p} all ports`;
  const text = ports.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",");
  return p.startsWith("icmp") ? `${p} type ${text}` : `${p} ${text}`;
}
