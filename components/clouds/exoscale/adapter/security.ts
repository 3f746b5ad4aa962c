// Security groups and anti-affinity groups. Exoscale security groups filter
// the public interface only (private networks are not filtered), so the
// nodes, reached by the ingress hosts over the private network, take no
// traffic from the Internet at all; the ingress hosts take web traffic over
// both families. Neither takes SSH from the Internet. Egress stays open
// (a group without egress rules allows all egress).
import type * as pulumi from "@pulumi/pulumi";
import { spreadOver, type Spread } from "../../../cluster";
import { AntiAffinityGroup, SecurityGroup, SecurityGroupRule, type SecurityGroupRuleArgs } from "../resources";
import { named, type Names } from "../../../cluster/names";

/** Names: Pulumi's (`pulumi`, a prefix, "" at a stack's root) and the API's (`api`, the environment name). */
export type { Names } from "../../../cluster/names";

const ANYWHERE = { v4: "0.0.0.0/0", v6: "::/0" } as const;
const WEB_PORTS = [80, 443] as const;

/** ICMPv6 that IPv6 needs to work at all: unreachable, packet too big (PMTUD), time exceeded, echo request. */
const ICMPV6_ESSENTIALS = [
  ["unreach", 1],
  ["too-big", 2],
  ["time-exceeded", 3],
  ["echo", 128],
] as const;

type RuleSpec = Omit<SecurityGroupRuleArgs, "securityGroup" | "flowDirection"> & { name: string };

/** ICMPv6 essentials and IPv4 "fragmentation needed" (PMTUD): every host needs them. */
function icmpRules(): RuleSpec[] {
  return [
    ...ICMPV6_ESSENTIALS.map(([name, type]): RuleSpec => ({ name: `icmpv6-${name}`, protocol: "icmpv6", network: ANYWHERE.v6, icmp: { type, code: -1 } })),
    { name: "icmp-frag-needed", protocol: "icmp", network: ANYWHERE.v4, icmp: { type: 3, code: 4 } },
  ];
}

/** HTTP and HTTPS, each from 0.0.0.0/0 and ::/0: one rule per family, always in pairs. */
function webRules(): RuleSpec[] {
  return WEB_PORTS.flatMap((port) =>
    (["v4", "v6"] as const).map((family): RuleSpec => ({ name: `tcp${port}-${family}`, protocol: "tcp", network: ANYWHERE[family], startPort: port, endPort: port })),
  );
}

function securityGroup(role: string, n: Names, description: string, rules: RuleSpec[], opts?: pulumi.CustomResourceOptions): SecurityGroup {
  const group = new SecurityGroup(named(n.pulumi, `sg-${role}`), { name: `${n.api}-${role}`, description }, opts);
  for (const { name, ...rule } of rules) {
    new SecurityGroupRule(named(n.pulumi, `sg-${role}-${name}`), { ...rule, securityGroup: group.id, flowDirection: "ingress" }, opts);
  }
  return group;
}

/**
 * SKS nodes talk to each other over their public addresses (no private
 * network), so the group admits its own members for what SKS needs (Exoscale's
 * SKS quick start): kubelet, and the CNI's overlay and health checks. The web
 * comes in on port 80 (the ingress DaemonSet) in both families.
 */
export const SKS_CLUSTER_RULES = {
  common: [{ name: "kubelet", protocol: "tcp", startPort: 10250, endPort: 10250 }],
  calico: [{ name: "calico-vxlan", protocol: "udp", startPort: 4789, endPort: 4789 }],
  cilium: [
    { name: "cilium-vxlan", protocol: "udp", startPort: 8472, endPort: 8472 },
    { name: "cilium-health", protocol: "tcp", startPort: 4240, endPort: 4240 },
    { name: "cilium-health-icmp", protocol: "icmp", icmp: { type: 8, code: 0 } },
  ],
} as const;

export function sksNodeSecurityGroup(n: Names, cni: "calico" | "cilium", opts?: pulumi.CustomResourceOptions): SecurityGroup {
  const group = securityGroup("sks-nodes", n, "SKS nodes: dual-stack HTTP ingress, cluster traffic among members", [...webRules(), ...icmpRules()], opts);
  for (const { name, ...rule } of [...SKS_CLUSTER_RULES.common, ...SKS_CLUSTER_RULES[cni]]) {
    new SecurityGroupRule(named(n.pulumi, `sg-sks-nodes-${name}`), { ...rule, securityGroup: group.id, sourceSecurityGroup: group.id, flowDirection: "ingress" }, opts);
  }
  return group;
}

export interface SecurityGroups {
  ingress: SecurityGroup;
  nodes: SecurityGroup;
}

export function securityGroups(n: Names, opts?: pulumi.CustomResourceOptions): SecurityGroups {
  return {
    ingress: securityGroup("ingress", n, "dual-stack ingress: HTTP(S) over IPv4 and IPv6", [...webRules(), ...icmpRules()], opts),
    nodes: securityGroup("nodes", n, "dual-stack nodes: reached over the private network only", icmpRules(), opts),
  };
}

/** Exoscale's limit: an anti-affinity group holds at most 8 instances. */
export const ANTI_AFFINITY_GROUP_SIZE = 8;

export type AntiAffinity = Spread<AntiAffinityGroup>;

/** Anti-affinity groups for `members` instances of a role, in groups of at most 8. */
export function antiAffinityGroups(role: string, n: Names, members: number, opts?: pulumi.CustomResourceOptions): AntiAffinity {
  return spreadOver(
    members,
    ANTI_AFFINITY_GROUP_SIZE,
    (g) => new AntiAffinityGroup(named(n.pulumi, `aag-${role}-${g}`), { name: `${n.api}-${role}-${g}`, description: `dual-stack ${role}: on separate hypervisors` }, opts),
  );
}
