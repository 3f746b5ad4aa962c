// The nodes' security group. Where the web rules live: on the nodes, not on
// the NLB. The NLB has no security group; it preserves client addresses
// (instance targets always, the IPv6 ip targets because the target group
// turns preservation on), so the nodes see real IPv4 and IPv6 clients, and
// their group must admit the ingress port from 0.0.0.0/0 and ::/0. That also
// admits the NLB's health checks (HTTP from its own addresses, both families).
//
// Style: standalone rules (`aws.vpc.SecurityGroupIngressRule` /
// `SecurityGroupEgressRule`), one CIDR each. AWS recommends them over inline
// rules; each rule is one family, so every IPv4 rule has an explicit IPv6
// twin that tests can check; and they do not fight with rules added
// elsewhere (inline rules would remove them). Never mix with inline rules on
// the same group.
//
// Rules (no SSH from the Internet; nodes sit in private subnets anyway):
//   tcp <ingressPort>      from 0.0.0.0/0 and ::/0   the app, through the NLB
//   ICMPv6 from ::/0: destination unreachable (1), packet too big (2: IPv6
//     routers never fragment, so path-MTU discovery needs it), time exceeded
//     (3), echo request (128), and neighbour discovery (133..136)
//   ICMP from 0.0.0.0/0: fragmentation needed (type 3 code 4, IPv4 PMTUD),
//     echo request (8): the IPv4 twins of packet too big and echo
//   egress: everything, to 0.0.0.0/0 and ::/0. Pulumi removes AWS's default
//     allow-all egress rule, and the default covered IPv4 only anyway.
//
// The app port is the nodes' port 80 (NODE_APP_PORT in ./instance): the NLB
// listens on dualstack:aws.ingressPort and forwards to node port 80.
//
// Self-managed k3s only (clusterRules), from the VPC's own ranges (its IPv4
// supernet and its IPv6 /56), never from the Internet, one rule per family:
//   tcp 6443        Kubernetes API / k3s supervisor (agents and servers join)
//   udp 8472        flannel VXLAN: pod traffic of both families between nodes
//   tcp 10250       kubelet (logs, exec, metrics)
//   tcp 2379-2380   embedded etcd, with 3 servers only
import * as ec2 from "@pulumi/aws/ec2";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import { FAMILIES, type Family } from "../../../addressing";
import { ANYWHERE } from "./network";
import { named, type Names } from "../../../cluster/names";
import { tagsFor } from "./tags";

/** Rule names and descriptions carry the family as v4 / v6 (the names are the rules' Pulumi names). */
const SHORT: Record<Family, "v4" | "v6"> = { ipv4: "v4", ipv6: "v6" };

/** A rule of the nodes' group, without the group; exactly one of cidrIpv4 / cidrIpv6. */
export interface RuleSpec {
  name: string;
  direction: "ingress" | "egress";
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  description: string;
}

const from = (family: Family) => (family === "ipv4" ? { cidrIpv4: ANYWHERE.ipv4 } : { cidrIpv6: ANYWHERE.ipv6 });

/** ICMPv6 types from ::/0, all codes (toPort -1). */
const ICMPV6_TYPES: readonly [string, number, string][] = [
  ["unreachable", 1, "destination unreachable"],
  ["too-big", 2, "packet too big (path MTU discovery)"],
  ["time-exceeded", 3, "time exceeded"],
  ["echo", 128, "echo request"],
  ["nd-rs", 133, "neighbour discovery: router solicitation"],
  ["nd-ra", 134, "neighbour discovery: router advertisement"],
  ["nd-ns", 135, "neighbour discovery: neighbour solicitation"],
  ["nd-na", 136, "neighbour discovery: neighbour advertisement"],
];

/** Every rule of the nodes' group for an ingress port. Pure. */
export function nodeRules(ingressPort: number): RuleSpec[] {
  const app = FAMILIES.map(
    (family): RuleSpec => ({
      name: `app-${SHORT[family]}`,
      direction: "ingress",
      ipProtocol: "tcp",
      fromPort: ingressPort,
      toPort: ingressPort,
      ...from(family),
      description: `the app on ${ingressPort}/tcp through the NLB (client addresses preserved), IP${SHORT[family]}`,
    }),
  );
  const icmpv6 = ICMPV6_TYPES.map(
    ([name, type, what]): RuleSpec => ({ name: `icmpv6-${name}`, direction: "ingress", ipProtocol: "icmpv6", fromPort: type, toPort: -1, ...from("ipv6"), description: `ICMPv6 ${what}` }),
  );
  const icmpv4: RuleSpec[] = [
    { name: "icmp-frag-needed", direction: "ingress", ipProtocol: "icmp", fromPort: 3, toPort: 4, ...from("ipv4"), description: "ICMP fragmentation needed (path MTU discovery)" },
    { name: "icmp-echo", direction: "ingress", ipProtocol: "icmp", fromPort: 8, toPort: -1, ...from("ipv4"), description: "ICMP echo request" },
  ];
  const egress = FAMILIES.map(
    (family): RuleSpec => ({ name: `all-out-${SHORT[family]}`, direction: "egress", ipProtocol: "-1", ...from(family), description: `all egress, IP${SHORT[family]}` }),
  );
  return [...app, ...icmpv6, ...icmpv4, ...egress];
}

/** A rule from the VPC's ranges; the IPv6 /56 is unknown until the VPC exists. */
export interface ClusterRuleSpec extends Omit<RuleSpec, "cidrIpv4" | "cidrIpv6"> {
  cidrIpv4?: string;
  cidrIpv6?: pulumi.Input<string>;
}

/** The VPC's own ranges, one per family. */
export interface VpcRanges {
  ipv4: string;
  ipv6: pulumi.Input<string>;
}

/** Ports k3s nodes use between each other; etcd only with 3 servers (embedded etcd HA). */
export function k3sPorts(servers: number): readonly [string, string, number, number, string][] {
  return [
    ["k3s-api", "tcp", 6443, 6443, "Kubernetes API and k3s supervisor"],
    ["flannel-vxlan", "udp", 8472, 8472, "flannel VXLAN (pod traffic between nodes)"],
    ["kubelet", "tcp", 10250, 10250, "kubelet"],
    ...(servers >= 3 ? [["etcd", "tcp", 2379, 2380, "embedded etcd (3 servers)"] as [string, string, number, number, string]] : []),
  ];
}

/** Intra-cluster rules for self-managed k3s, from the VPC's ranges in both families. Pure. */
export function clusterRules(vpc: VpcRanges, servers: number): ClusterRuleSpec[] {
  return k3sPorts(servers).flatMap(([name, ipProtocol, fromPort, toPort, what]) =>
    FAMILIES.map(
      (family): ClusterRuleSpec => ({
        name: `${name}-${SHORT[family]}`,
        direction: "ingress",
        ipProtocol,
        fromPort,
        toPort,
        ...(family === "ipv4" ? { cidrIpv4: vpc.ipv4 } : { cidrIpv6: vpc.ipv6 }),
        description: `k3s: ${what}, from inside the VPC, IP${SHORT[family]}`,
      }),
    ),
  );
}

export interface NodeSecurityGroup {
  group: ec2.SecurityGroup;
  rules: pulumi.Resource[];
}

export interface ClusterRulesArgs {
  vpc: VpcRanges;
  servers: number;
}

/** The nodes' group; `cluster` adds the k3s rules (runtime kubernetes, self-managed). */
export function nodeSecurityGroup(
  names: Names,
  vpcId: pulumi.Input<string>,
  ingressPort: number,
  cluster: ClusterRulesArgs | undefined,
  opts: pulumi.CustomResourceOptions = {},
): NodeSecurityGroup {
  const n = (rest: string) => named(names.pulumi, rest);
  const group = new ec2.SecurityGroup(
    n("sg-nodes"),
    {
      vpcId,
      description: "dual-stack nodes: the app from the NLB (clients of both families), ICMPv6, egress IPv4+IPv6",
      tags: tagsFor(names.api, "nodes"),
    },
    opts,
  );
  const specs: ClusterRuleSpec[] = [...nodeRules(ingressPort), ...(cluster ? clusterRules(cluster.vpc, cluster.servers) : [])];
  const rules = specs.map(({ name, direction, ...rule }) => {
    const args = { ...rule, securityGroupId: group.id };
    return direction === "ingress"
      ? new vpc.SecurityGroupIngressRule(n(`sg-nodes-in-${name}`), args, opts)
      : new vpc.SecurityGroupEgressRule(n(`sg-nodes-out-${name}`), args, opts);
  });
  return { group, rules };
}
