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
import * as ec2 from "@pulumi/aws/ec2";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import { ANYWHERE } from "./network";
import { tagsFor } from "./tags";

type Family = "v4" | "v6";

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

const from = (family: Family) => (family === "v4" ? { cidrIpv4: ANYWHERE.ipv4 } : { cidrIpv6: ANYWHERE.ipv6 });

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
  const app = (["v4", "v6"] as const).map(
    (family): RuleSpec => ({
      name: `app-${family}`,
      direction: "ingress",
      ipProtocol: "tcp",
      fromPort: ingressPort,
      toPort: ingressPort,
      ...from(family),
      description: `the app on ${ingressPort}/tcp through the NLB (client addresses preserved), IP${family}`,
    }),
  );
  const icmpv6 = ICMPV6_TYPES.map(
    ([name, type, what]): RuleSpec => ({ name: `icmpv6-${name}`, direction: "ingress", ipProtocol: "icmpv6", fromPort: type, toPort: -1, ...from("v6"), description: `ICMPv6 ${what}` }),
  );
  const icmpv4: RuleSpec[] = [
    { name: "icmp-frag-needed", direction: "ingress", ipProtocol: "icmp", fromPort: 3, toPort: 4, ...from("v4"), description: "ICMP fragmentation needed (path MTU discovery)" },
    { name: "icmp-echo", direction: "ingress", ipProtocol: "icmp", fromPort: 8, toPort: -1, ...from("v4"), description: "ICMP echo request" },
  ];
  const egress = (["v4", "v6"] as const).map(
    (family): RuleSpec => ({ name: `all-out-${family}`, direction: "egress", ipProtocol: "-1", ...from(family), description: `all egress, IP${family}` }),
  );
  return [...app, ...icmpv6, ...icmpv4, ...egress];
}

export interface NodeSecurityGroup {
  group: ec2.SecurityGroup;
  rules: pulumi.Resource[];
}

export function nodeSecurityGroup(prefix: string, vpcId: pulumi.Input<string>, ingressPort: number): NodeSecurityGroup {
  const group = new ec2.SecurityGroup("sg-nodes", {
    vpcId,
    description: "dual-stack nodes: the app from the NLB (clients of both families), ICMPv6, egress IPv4+IPv6",
    tags: tagsFor(prefix, "nodes"),
  });
  const rules = nodeRules(ingressPort).map(({ name, direction, ...rule }) => {
    const args = { ...rule, securityGroupId: group.id };
    return direction === "ingress"
      ? new vpc.SecurityGroupIngressRule(`sg-nodes-in-${name}`, args)
      : new vpc.SecurityGroupEgressRule(`sg-nodes-out-${name}`, args);
  });
  return { group, rules };
}
