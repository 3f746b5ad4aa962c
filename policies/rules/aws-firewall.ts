// AWS security groups: inline ingress/egress blocks, and the standalone rule
// resources (aws.ec2.SecurityGroupRule, aws.vpc.SecurityGroupIngressRule /
// EgressRule), mapped onto the shared firewall model. IPv4 and IPv6 sources
// live in separate fields (cidrBlocks vs ipv6CidrBlocks, cidrIpv4 vs cidrIpv6),
// which is exactly how the IPv6 half gets forgotten.
import type { Finding, PlainResource, ResourceRule, StackRule } from "../lib/policy";
import { isProps, isUnknown, list, num, str, strings, UNKNOWN, type Props, type Unknown } from "../lib/props";
import { groupBy, refOf } from "../lib/refs";
import { AWS } from "../lib/types";
import {
  type FwRule,
  lacksIcmpv6,
  portsLabel,
  type Protocol,
  rulesMissingIpv6Twin,
  rulesOpeningSsh,
  sshMessage,
  twinMessage,
} from "./firewall";

const PROTOCOLS: Record<string, Protocol> = { "-1": "all", all: "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", icmpv6: "icmpv6" };

function protocolOf(v: ReturnType<typeof str>): Protocol | Unknown {
  if (isUnknown(v)) return UNKNOWN;
  const p = (v ?? "").toLowerCase();
  return PROTOCOLS[p] ?? p;
}

/** fromPort/toPort; for ICMP they are type/code, and -1 means all types. */
function portsOf(protocol: Protocol | Unknown, from: Props[string], to: Props[string]): FwRule["ports"] {
  const a = num(from);
  const b = num(to);
  if (protocol === "all") return "all";
  if (isUnknown(a) || isUnknown(b)) return UNKNOWN;
  if (protocol === "icmp" || protocol === "icmpv6") return a === undefined || a === -1 ? "all" : [[a, a]];
  if (a === undefined || b === undefined || a === -1) return "all";
  return [[a, b]];
}

function fwRule(direction: FwRule["direction"], protocolRaw: Props[string], from: Props[string], to: Props[string], remotesRaw: Props[string][], urn?: string): FwRule {
  const protocol = protocolOf(str(protocolRaw));
  const ports = portsOf(protocol, from, to);
  const remotes = remotesRaw.flatMap((r) => strings(r));
  const remoteUnknown = remotesRaw.some((r) => isUnknown(r) || (Array.isArray(r) && r.some(isUnknown)));
  return { direction, protocol, ports, remotes, remoteUnknown, urn, label: `${direction} ${portsLabel(protocol, ports)} from ${remotes.join(",") || "-"}` };
}

/** The inline rules of an aws.ec2.SecurityGroup / DefaultSecurityGroup. */
export function inlineSgRules(props: Props, urn?: string): FwRule[] {
  const out: FwRule[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    const blocks = list(props[direction]);
    if (!Array.isArray(blocks)) continue;
    for (const b of blocks) {
      if (isProps(b)) out.push(fwRule(direction, b.protocol, b.fromPort, b.toPort, [b.cidrBlocks, b.ipv6CidrBlocks], urn));
    }
  }
  return out;
}

/** A standalone rule resource as a firewall rule, or undefined for another type. */
export function standaloneSgRule(type: string, props: Props, urn?: string): FwRule | undefined {
  if (type === AWS.securityGroupRule) {
    const t = str(props.type);
    if (t !== "ingress" && t !== "egress") return undefined;
    return fwRule(t, props.protocol, props.fromPort, props.toPort, [props.cidrBlocks, props.ipv6CidrBlocks], urn);
  }
  if (type === AWS.ingressRule || type === AWS.egressRule) {
    const direction = type === AWS.ingressRule ? "ingress" : "egress";
    return fwRule(direction, props.ipProtocol, props.fromPort, props.toPort, [props.cidrIpv4, props.cidrIpv6], urn);
  }
  return undefined;
}

const SG_TYPES = [AWS.securityGroup, AWS.defaultSecurityGroup];
const RULE_TYPES = [AWS.securityGroupRule, AWS.ingressRule, AWS.egressRule];

export const awsSgIpv6Twin: ResourceRule = {
  name: "aws-sg-ipv6-twin",
  description:
    "Every AWS security group rule open to 0.0.0.0/0 has a ::/0 twin (ipv6CidrBlocks): IPv4 and IPv6 sources are separate fields, and a missing IPv6 half silently drops IPv6 clients.",
  types: SG_TYPES,
  check(props, name) {
    const rules = inlineSgRules(props);
    return rulesMissingIpv6Twin(rules).map((r) => twinMessage(r, `security group "${name}"`));
  },
};

/** Security group key -> its inline and standalone rules. */
function sgGroups(resources: readonly PlainResource[]): Map<string, { sg?: PlainResource; rules: FwRule[] }> {
  const groups = new Map<string, { sg?: PlainResource; rules: FwRule[] }>();
  for (const sg of resources.filter((r) => SG_TYPES.includes(r.type as (typeof SG_TYPES)[number]))) {
    groups.set(sg.urn, { sg, rules: inlineSgRules(sg.props, sg.urn) });
  }
  const standalone = resources.filter((r) => RULE_TYPES.includes(r.type as (typeof RULE_TYPES)[number]));
  for (const [key, members] of groupBy(standalone, (r) => refOf(r, "securityGroupId"))) {
    const g = groups.get(key) ?? { rules: [] };
    for (const m of members) {
      const rule = standaloneSgRule(m.type, m.props, m.urn);
      if (rule) g.rules.push(rule);
    }
    groups.set(key, g);
  }
  return groups;
}

export const awsSgRuleIpv6Twin: StackRule = {
  name: "aws-sg-rule-ipv6-twin",
  description:
    "Every standalone AWS security group rule open to 0.0.0.0/0 has a ::/0 twin on the same group (same direction, protocol, ports): a stack rule, because the twin is another resource.",
  types: [...SG_TYPES, ...RULE_TYPES],
  check(resources) {
    const findings: Finding[] = [];
    for (const g of sgGroups(resources).values()) {
      const standalone = g.rules.filter((r) => r.urn !== g.sg?.urn);
      for (const r of rulesMissingIpv6Twin(standalone, g.rules)) {
        findings.push({ urn: r.urn!, message: twinMessage(r, `security group rule`) + ` Add a rule with cidrIpv6/ipv6CidrBlocks "::/0".` });
      }
    }
    return findings;
  },
};

export const awsSgAllowsIcmpv6: StackRule = {
  name: "aws-sg-allows-icmpv6",
  description:
    "Internet-facing AWS security groups let ICMPv6 in from ::/0 (at least Packet Too Big, type 2): IPv6 routers never fragment, so without it path-MTU discovery fails and large responses hang.",
  types: [...SG_TYPES, ...RULE_TYPES],
  check(resources) {
    const findings: Finding[] = [];
    for (const g of sgGroups(resources).values()) {
      if (!lacksIcmpv6(g.rules)) continue;
      const urn = g.sg?.urn ?? g.rules[0]?.urn;
      if (!urn) continue;
      const name = g.sg?.name ?? "(existing group)";
      findings.push({
        urn,
        message: `security group "${name}" faces the Internet but blocks ICMPv6: add ingress { protocol: "icmpv6", fromPort: 2, toPort: -1, ipv6CidrBlocks: ["::/0"] } (Packet Too Big), or fromPort: -1 for all ICMPv6.`,
      });
    }
    return findings;
  },
};

export const awsNoPublicSsh: ResourceRule = {
  name: "aws-no-public-ssh",
  description:
    "No AWS security group rule opens SSH (22) to 0.0.0.0/0 or ::/0: the IPv6 Internet gets scanned too, and ::/0 rules are easy to overlook next to the IPv4 ones.",
  types: [...SG_TYPES, ...RULE_TYPES],
  check(props, name, type) {
    const rule = standaloneSgRule(type, props);
    const rules = rule ? [rule] : inlineSgRules(props);
    return rulesOpeningSsh(rules).map((r) => sshMessage(r, `"${name}"`));
  },
};
