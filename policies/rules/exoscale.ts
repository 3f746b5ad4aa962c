// Exoscale dynamic resources (pulumi-nodejs:dynamic/exoscale:*). Facts:
// instances and SKS nodepools get public IPv6 only with
// public-ip-assignment "dual"; the NLB has an IPv4 VIP only (dual-stack
// ingress = managed EIPs of both families); security group rules carry one
// network each, so 0.0.0.0/0 and ::/0 are two rules.
import { familiesOf, splitList } from "../lib/cidr";
import type { Finding, PlainResource, ResourceRule, StackRule } from "../lib/policy";
import { at, hasUnknown, isUnknown, num, str, UNKNOWN, type Props } from "../lib/props";
import { groupBy, refOf } from "../lib/refs";
import { EXOSCALE } from "../lib/types";
import { type FwRule, lacksIcmpv6, portsLabel, type Protocol, rulesMissingIpv6Twin, rulesOpeningSsh, sshMessage, twinMessage } from "./firewall";

function dual(what: string, field: string) {
  return (props: Props, name: string): string[] => {
    const v = str(props.publicIpAssignment);
    if (v === "dual" || isUnknown(v)) return [];
    return [`${what} "${name}" has ${field} ${v ? `"${v}"` : "unset (inet4)"}: set publicIpAssignment: "dual" so it gets a public IPv6 address too.`];
  };
}

export const exoscaleInstanceDualStack: ResourceRule = {
  name: "exoscale-instance-dual-stack",
  description:
    "Exoscale instances use publicIpAssignment \"dual\": the default (inet4) gives no IPv6 address, and managed IPv6 EIPs can only attach to instances with public IPv6.",
  types: [EXOSCALE.instance],
  check: dual("instance", "publicIpAssignment"),
};

export const exoscaleSksNodepoolDualStack: ResourceRule = {
  name: "exoscale-sks-nodepool-dual-stack",
  description: "Exoscale SKS nodepools use publicIpAssignment \"dual\": without it the nodes have no IPv6 address and dual-stack Services cannot work.",
  types: [EXOSCALE.sksNodepool],
  check: dual("SKS nodepool", "publicIpAssignment"),
};

export const exoscaleSksDualStack: ResourceRule = {
  name: "exoscale-sks-dual-stack",
  description:
    "Exoscale SKS clusters get dual-stack pod and service ranges (networking.clusterCidr and serviceClusterIpRange with an IPv4 and an IPv6 CIDR each): dual-stack can only be set at cluster creation.",
  types: [EXOSCALE.sksCluster],
  check(props, name) {
    const problems: string[] = [];
    for (const field of ["clusterCidr", "serviceClusterIpRange"] as const) {
      const v = at(props, "networking", field);
      if (hasUnknown(v)) continue;
      const f = familiesOf(typeof v === "string" ? splitList(v) : []);
      if (!f.has(4) || !f.has(6)) {
        problems.push(`SKS cluster "${name}": networking.${field} is ${typeof v === "string" ? `"${v}"` : "unset"}; give it "<IPv4 CIDR>,<IPv6 CIDR>".`);
      }
    }
    return problems;
  },
};

export const exoscaleNlbIpv4Only: ResourceRule = {
  name: "exoscale-nlb-ipv4-only",
  description:
    "Exoscale network load balancer services are flagged: the NLB has an IPv4 VIP only. Use managed elastic IPs (inet4 + inet6, with a healthcheck) on the ingress instances, or exempt the service with a reason.",
  types: [EXOSCALE.nlbService],
  check(_props, name) {
    return [
      `NLB service "${name}" is reachable over IPv4 only (Exoscale NLBs have no IPv6 VIP): serve this ingress through managed elastic IPs of both families, ` +
        `or tag it dualstack:ipv4-only-reason / list its URN in this rule's exceptions.`,
    ];
  },
};

const PROTOCOLS: Record<string, Protocol> = { all: "all", tcp: "tcp", udp: "udp", icmp: "icmp", icmpv6: "icmpv6" };

/** An Exoscale SecurityGroupRule as a firewall rule. */
export function exoscaleRule(p: Props, urn?: string): FwRule | undefined {
  const dir = str(p.flowDirection);
  if (dir !== "ingress" && dir !== "egress") return undefined;
  const proto = str(p.protocol);
  const protocol = isUnknown(proto) ? UNKNOWN : (PROTOCOLS[(proto ?? "").toLowerCase()] ?? (proto ?? "").toLowerCase());
  let ports: FwRule["ports"];
  if (protocol === "icmp" || protocol === "icmpv6") {
    const t = num(at(p, "icmp", "type"));
    ports = isUnknown(t) ? UNKNOWN : t === undefined || t === -1 ? "all" : [[t, t]];
  } else {
    const a = num(p.startPort);
    const b = num(p.endPort);
    ports = isUnknown(a) || isUnknown(b) ? UNKNOWN : a === undefined ? "all" : [[a, b ?? a]];
  }
  const network = str(p.network);
  const remotes = typeof network === "string" ? [network] : [];
  return { direction: dir, protocol, ports, remotes, remoteUnknown: isUnknown(network), urn, label: `${dir} ${portsLabel(protocol, ports)} ${dir === "ingress" ? "from" : "to"} ${remotes.join(",") || "-"}` };
}

/** Rules by security group (their `securityGroup` reference). */
const groups = (resources: readonly PlainResource[]) => groupBy(resources, (r) => refOf(r, "securityGroup"));

export const exoscaleSgRuleIpv6Twin: StackRule = {
  name: "exoscale-sg-rule-ipv6-twin",
  description:
    "Every Exoscale security group rule for 0.0.0.0/0 has a ::/0 twin in the same group (same direction, protocol, ports): each rule holds one network, so the IPv6 rule is a separate resource.",
  types: [EXOSCALE.securityGroupRule],
  check(resources) {
    const findings: Finding[] = [];
    for (const members of groups(resources).values()) {
      const rules = members.map((m) => exoscaleRule(m.props, m.urn)).filter((x): x is FwRule => !!x);
      for (const r of rulesMissingIpv6Twin(rules)) findings.push({ urn: r.urn!, message: twinMessage(r, "security group rule") + " (network: \"::/0\")." });
    }
    return findings;
  },
};

export const exoscaleSgAllowsIcmpv6: StackRule = {
  name: "exoscale-sg-allows-icmpv6",
  description:
    "Internet-facing Exoscale security groups allow ICMPv6 from ::/0 (at least Packet Too Big, type 2): without it IPv6 path-MTU discovery fails and large responses hang.",
  types: [EXOSCALE.securityGroup, EXOSCALE.securityGroupRule],
  check(resources) {
    const findings: Finding[] = [];
    const sgs = new Map(resources.filter((r) => r.type === EXOSCALE.securityGroup).map((r) => [r.urn, r]));
    for (const [key, members] of groups(resources.filter((r) => r.type === EXOSCALE.securityGroupRule))) {
      const rules = members.map((m) => exoscaleRule(m.props, m.urn)).filter((x): x is FwRule => !!x);
      if (!lacksIcmpv6(rules)) continue;
      // Reported on the group when it is in this stack, else on its first rule.
      const sg = sgs.get(key);
      findings.push({
        urn: sg?.urn ?? members[0].urn,
        message: `${sg ? `security group "${sg.name}"` : `the security group of rule "${members[0].name}"`} faces the Internet but blocks ICMPv6: add a rule { flowDirection: "ingress", protocol: "icmpv6", network: "::/0", icmp: { type: 2, code: 0 } } (or all ICMPv6 types).`,
      });
    }
    return findings;
  },
};

export const exoscaleNoPublicSsh: ResourceRule = {
  name: "exoscale-no-public-ssh",
  description:
    "No Exoscale security group rule opens SSH (22) to 0.0.0.0/0 or ::/0: the IPv6 Internet gets scanned too; restrict SSH to admin prefixes of both families.",
  types: [EXOSCALE.securityGroupRule],
  check(props, name) {
    const r = exoscaleRule(props);
    return r ? rulesOpeningSsh([r]).map((x) => sshMessage(x, `"${name}"`)) : [];
  },
};
