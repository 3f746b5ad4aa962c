// AWS: VPC, subnets, load balancers, EKS, default routes, security groups.
import { AWS } from "../../../policies/lib/types";
import type { ResourceCase, StackCase } from "../cases";
import { type Props, UNKNOWN_VALUE } from "../harness";

const V4 = "0.0.0.0/0";
const V6 = "::/0";
const https = { protocol: "tcp", fromPort: 443, toPort: 443 };
const icmpv6All = { protocol: "58", fromPort: -1, toPort: -1, ipv6CidrBlocks: [V6] };

export const awsResourceCases: ResourceCase[] = [
  { rule: "aws-vpc-has-ipv6", title: "Amazon-assigned /56", type: AWS.vpc, props: { cidrBlock: "10.0.0.0/16", assignGeneratedIpv6CidrBlock: true } },
  { rule: "aws-vpc-has-ipv6", title: "IPAM pool", type: AWS.vpc, props: { cidrBlock: "10.0.0.0/16", ipv6IpamPoolId: "ipam-pool-0123", ipv6NetmaskLength: 56 } },
  { rule: "aws-vpc-has-ipv6", title: "explicit ipv6CidrBlock", type: AWS.vpc, props: { ipv6CidrBlock: "2600:1f18:abc::/56", ipv6IpamPoolId: "pool" } },
  { rule: "aws-vpc-has-ipv6", title: "IPv4 only", type: AWS.vpc, props: { cidrBlock: "10.0.0.0/16" }, violations: [/VPC "res" has no IPv6 block: set assignGeneratedIpv6CidrBlock: true/] },
  { rule: "aws-vpc-has-ipv6", title: "assignGenerated explicitly false", type: AWS.vpc, props: { cidrBlock: "10.0.0.0/16", assignGeneratedIpv6CidrBlock: false }, violations: [/no IPv6 block/] },

  { rule: "aws-subnet-has-ipv6", title: "a /64 assigned on creation", type: AWS.subnet, props: { cidrBlock: "10.0.1.0/24", ipv6CidrBlock: "2600:1f18:abc:1::/64", assignIpv6AddressOnCreation: true } },
  { rule: "aws-subnet-has-ipv6", title: "IPv6-native", type: AWS.subnet, props: { ipv6Native: true, ipv6CidrBlock: "2600:1f18:abc:2::/64" } },
  { rule: "aws-subnet-has-ipv6", title: "block computed from the VPC's (unknown in the first preview)", type: AWS.subnet, props: { cidrBlock: "10.0.1.0/24", ipv6CidrBlock: UNKNOWN_VALUE, assignIpv6AddressOnCreation: true } },
  {
    rule: "aws-subnet-has-ipv6",
    title: "IPv4 only",
    type: AWS.subnet,
    props: { cidrBlock: "10.0.1.0/24" },
    violations: [/has no ipv6CidrBlock: set it explicitly to a \/64/, /assignIpv6AddressOnCreation: true/],
  },
  { rule: "aws-subnet-has-ipv6", title: "block but no auto-assign", type: AWS.subnet, props: { ipv6CidrBlock: "2600:1f18:abc:1::/64" }, violations: [/launch without an IPv6 address/] },

  { rule: "aws-lb-dual-stack", title: "dualstack", type: AWS.lb, props: { loadBalancerType: "network", ipAddressType: "dualstack" } },
  { rule: "aws-lb-dual-stack", title: "dualstack-without-public-ipv4", type: AWS.lb, props: { ipAddressType: "dualstack-without-public-ipv4" } },
  { rule: "aws-lb-dual-stack", title: "legacy aws.alb token, dualstack", type: AWS.albLegacy, props: { ipAddressType: "dualstack" } },
  { rule: "aws-lb-dual-stack", title: "default (ipv4)", type: AWS.lb, props: { loadBalancerType: "application" }, violations: [/"res" is ipv4 only: set ipAddressType: "dualstack"/] },
  { rule: "aws-lb-dual-stack", title: "explicit ipv4", type: AWS.lb, props: { ipAddressType: "ipv4" }, violations: [/is ipv4 only/] },

  { rule: "aws-eks-ipv6", title: "IPv6 pods", type: AWS.eksCluster, props: { kubernetesNetworkConfig: { ipFamily: "ipv6" } } },
  { rule: "aws-eks-ipv6", title: "default (ipv4)", type: AWS.eksCluster, props: { version: "1.33" }, violations: [/has ipv4 pods: set kubernetesNetworkConfig: \{ ipFamily: "ipv6" \}/] },
  { rule: "aws-eks-ipv6", title: "explicit ipv4", type: AWS.eksCluster, props: { kubernetesNetworkConfig: { ipFamily: "ipv4" } }, violations: [/ipv4 pods/] },
  { rule: "aws-eks-dual-stack-ingress", title: "ipv4 cluster: nothing to add (aws-eks-ipv6 reports it)", type: AWS.eksCluster, props: {} },
  {
    rule: "aws-eks-dual-stack-ingress",
    title: "ipv6 cluster: advisory note",
    type: AWS.eksCluster,
    props: { kubernetesNetworkConfig: { ipFamily: "ipv6" } },
    violations: [/EKS cannot do dual-stack pods; ingress must be dual-stack/],
  },

  { rule: "aws-sg-ipv6-twin", title: "both families in one block", type: AWS.securityGroup, props: { ingress: [{ ...https, cidrBlocks: [V4], ipv6CidrBlocks: [V6] }] } },
  { rule: "aws-sg-ipv6-twin", title: "twin in a separate block", type: AWS.securityGroup, props: { ingress: [{ ...https, cidrBlocks: [V4] }, { ...https, ipv6CidrBlocks: [V6] }] } },
  { rule: "aws-sg-ipv6-twin", title: "twin with a wider port range", type: AWS.securityGroup, props: { ingress: [{ ...https, cidrBlocks: [V4] }, { protocol: "6", fromPort: 0, toPort: 65535, ipv6CidrBlocks: [V6] }] } },
  { rule: "aws-sg-ipv6-twin", title: "ICMP with an ICMPv6 twin", type: AWS.securityGroup, props: { ingress: [{ protocol: "icmp", fromPort: 8, toPort: 0, cidrBlocks: [V4] }, icmpv6All] } },
  { rule: "aws-sg-ipv6-twin", title: "all-traffic egress both families", type: AWS.securityGroup, props: { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [V4], ipv6CidrBlocks: [V6] }] } },
  { rule: "aws-sg-ipv6-twin", title: "restricted IPv4 sources need no twin", type: AWS.securityGroup, props: { ingress: [{ ...https, cidrBlocks: ["10.0.0.0/8"] }] } },
  {
    rule: "aws-sg-ipv6-twin",
    title: "HTTPS from 0.0.0.0/0 only",
    type: AWS.securityGroup,
    props: { ingress: [{ ...https, cidrBlocks: [V4] }] },
    violations: [/security group "res": "ingress tcp 443 from 0\.0\.0\.0\/0" .* add "ingress tcp 443 from ::\/0"/],
  },
  {
    rule: "aws-sg-ipv6-twin",
    title: "twin with the wrong ports, and an IPv4-only egress",
    type: AWS.securityGroup,
    props: { ingress: [{ ...https, cidrBlocks: [V4] }, { protocol: "tcp", fromPort: 80, toPort: 80, ipv6CidrBlocks: [V6] }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [V4] }] },
    violations: [/ingress tcp 443/, /"egress all from 0\.0\.0\.0\/0"/],
  },

  { rule: "aws-no-public-ssh", title: "SSH from admin prefixes of both families", type: AWS.securityGroup, props: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["203.0.113.0/24"], ipv6CidrBlocks: ["2001:db8:ad::/48"] }] } },
  { rule: "aws-no-public-ssh", title: "HTTPS open to all", type: AWS.securityGroup, props: { ingress: [{ ...https, cidrBlocks: [V4], ipv6CidrBlocks: [V6] }] } },
  { rule: "aws-no-public-ssh", title: "egress to port 22 anywhere", type: AWS.egressRule, props: { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: V4 } },
  {
    rule: "aws-no-public-ssh",
    title: "SSH open to ::/0 only (the forgotten family)",
    type: AWS.securityGroup,
    props: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: [V6] }] },
    violations: [/"res": "ingress tcp 22 from ::\/0" opens SSH \(22\) to the whole Internet/],
  },
  { rule: "aws-no-public-ssh", title: "all traffic from 0.0.0.0/0", type: AWS.securityGroup, props: { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [V4] }] }, violations: [/opens SSH/] },
  { rule: "aws-no-public-ssh", title: "standalone ingress rule, port range with 22", type: AWS.ingressRule, props: { ipProtocol: "tcp", fromPort: 20, toPort: 25, cidrIpv6: V6 }, violations: [/opens SSH/] },
  { rule: "aws-no-public-ssh", title: "ec2 SecurityGroupRule from 0.0.0.0/0", type: AWS.securityGroupRule, props: { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [V4] }, violations: [/opens SSH/] },
  // previews: the decisive input is computed (unknown)

  { rule: "aws-vpc-has-ipv6", title: "assignGeneratedIpv6CidrBlock computed", type: AWS.vpc, props: { cidrBlock: "10.0.0.0/16", assignGeneratedIpv6CidrBlock: UNKNOWN_VALUE }, unknown: true },
  { rule: "aws-subnet-has-ipv6", title: "block and flag computed", type: AWS.subnet, props: { ipv6CidrBlock: UNKNOWN_VALUE, assignIpv6AddressOnCreation: UNKNOWN_VALUE }, unknown: true },
  { rule: "aws-lb-dual-stack", title: "ipAddressType computed", type: AWS.lb, props: { ipAddressType: UNKNOWN_VALUE }, unknown: true },
  { rule: "aws-eks-ipv6", title: "network config computed", type: AWS.eksCluster, props: { kubernetesNetworkConfig: UNKNOWN_VALUE }, unknown: true },
  { rule: "aws-eks-dual-stack-ingress", title: "ipFamily computed", type: AWS.eksCluster, props: { kubernetesNetworkConfig: { ipFamily: UNKNOWN_VALUE } }, unknown: true },
  { rule: "aws-sg-ipv6-twin", title: "the twin's sources computed", type: AWS.securityGroup, props: { ingress: [{ ...https, cidrBlocks: [V4] }, { ...https, ipv6CidrBlocks: UNKNOWN_VALUE }] }, unknown: true },
  { rule: "aws-no-public-ssh", title: "SSH sources computed", type: AWS.securityGroup, props: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: UNKNOWN_VALUE }] }, unknown: true },
];

const sg = { type: AWS.securityGroup, name: "web-sg" };
const inRule = (name: string, props: Props) => ({ type: AWS.ingressRule, name, props: { ipProtocol: "tcp", fromPort: 443, toPort: 443, ...props }, deps: { securityGroupId: ["web-sg"] } });
const route = (name: string, props: object, table = "public") => ({ type: AWS.route, name, props: { routeTableId: UNKNOWN_VALUE, ...props }, deps: { routeTableId: [table] } });

export const awsStackCases: StackCase[] = [
  {
    rule: "aws-default-route-has-ipv6",
    title: "standalone ::/0 next to 0.0.0.0/0 (table id unknown in preview)",
    resources: [{ type: AWS.routeTable, name: "public", props: { vpcId: UNKNOWN_VALUE } }, route("v4", { destinationCidrBlock: V4, gatewayId: "igw" }), route("v6", { destinationIpv6CidrBlock: V6, gatewayId: "igw" })],
  },
  { rule: "aws-default-route-has-ipv6", title: "inline routes, both families", resources: [{ type: AWS.routeTable, name: "rt", props: { routes: [{ cidrBlock: V4, gatewayId: "igw" }, { ipv6CidrBlock: V6, egressOnlyGatewayId: "eigw" }] } }] },
  { rule: "aws-default-route-has-ipv6", title: "inline IPv4 default, standalone IPv6 default", resources: [{ type: AWS.defaultRouteTable, name: "public", props: { routes: [{ cidrBlock: V4 }] } }, route("v6", { destinationIpv6CidrBlock: V6 })] },
  { rule: "aws-default-route-has-ipv6", title: "only specific IPv4 routes", resources: [{ type: AWS.routeTable, name: "rt", props: { routes: [{ cidrBlock: "192.168.0.0/16" }] } }] },
  {
    rule: "aws-default-route-has-ipv6",
    title: "standalone 0.0.0.0/0 alone",
    resources: [{ type: AWS.routeTable, name: "public", props: {} }, route("v4", { destinationCidrBlock: V4, natGatewayId: "nat" })],
    violations: [{ on: "v4", message: /route table "public" has a 0\.0\.0\.0\/0 route but no ::\/0 route: add aws\.ec2\.Route .*destinationIpv6CidrBlock: "::\/0"/ }],
  },
  {
    rule: "aws-default-route-has-ipv6",
    title: "inline IPv4 default only; the other table is fine",
    resources: [
      { type: AWS.routeTable, name: "private", props: { routes: [{ cidrBlock: V4, natGatewayId: "nat" }] } },
      { type: AWS.routeTable, name: "public", props: { routes: [{ cidrBlock: V4 }, { ipv6CidrBlock: V6 }] } },
    ],
    violations: [{ on: "private", message: /route table "private".*egressOnlyGatewayId/ }],
  },
  {
    rule: "aws-default-route-has-ipv6",
    title: "routes on an existing table (literal id)",
    resources: [{ type: AWS.route, name: "v4", props: { routeTableId: "rtb-0abc", destinationCidrBlock: V4 } }],
    violations: [{ on: "v4", message: /route table "rtb-0abc"/ }],
  },

  { rule: "aws-sg-rule-ipv6-twin", title: "ingress rules for both families", resources: [{ ...sg, props: {} }, inRule("https-v4", { cidrIpv4: V4 }), inRule("https-v6", { cidrIpv6: V6 })] },
  {
    rule: "aws-sg-rule-ipv6-twin",
    title: "ec2 SecurityGroupRule with both lists",
    resources: [{ ...sg, props: {} }, { type: AWS.securityGroupRule, name: "r", props: { type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [V4], ipv6CidrBlocks: [V6] }, deps: { securityGroupId: ["web-sg"] } }],
  },
  { rule: "aws-sg-rule-ipv6-twin", title: "standalone IPv4 rule, inline IPv6 twin", resources: [{ ...sg, props: { ingress: [{ ...https, ipv6CidrBlocks: [V6] }] } }, inRule("https-v4", { cidrIpv4: V4 })] },
  {
    rule: "aws-sg-rule-ipv6-twin",
    title: "IPv4 rule alone; IPv6 twin on another group does not count",
    resources: [{ ...sg, props: {} }, { type: AWS.securityGroup, name: "other", props: {} }, inRule("https-v4", { cidrIpv4: V4 }), { ...inRule("https-v6", { cidrIpv6: V6 }), deps: { securityGroupId: ["other"] } }],
    violations: [{ on: "https-v4", message: /"ingress tcp 443 from 0\.0\.0\.0\/0" .*cidrIpv6/ }],
  },

  {
    rule: "aws-sg-allows-icmpv6",
    title: "Internet-facing with all ICMPv6",
    resources: [{ ...sg, props: { ingress: [{ ...https, cidrBlocks: [V4], ipv6CidrBlocks: [V6] }, icmpv6All] } }],
  },
  {
    rule: "aws-sg-allows-icmpv6",
    title: "Packet Too Big through a standalone rule",
    resources: [{ ...sg, props: {} }, inRule("https", { cidrIpv6: V6 }), inRule("ptb", { ipProtocol: "icmpv6", fromPort: 2, toPort: -1, cidrIpv6: V6 })],
  },
  { rule: "aws-sg-allows-icmpv6", title: "internal group (no Internet ingress)", resources: [{ ...sg, props: { ingress: [{ ...https, cidrBlocks: ["10.0.0.0/8"] }] } }] },
  {
    rule: "aws-sg-allows-icmpv6",
    title: "Internet-facing, no ICMPv6",
    resources: [{ ...sg, props: { ingress: [{ ...https, cidrBlocks: [V4], ipv6CidrBlocks: [V6] }] } }],
    violations: [{ on: "web-sg", message: /"web-sg" faces the Internet but blocks ICMPv6: add ingress \{ protocol: "icmpv6", fromPort: 2/ }],
  },
  {
    rule: "aws-sg-allows-icmpv6",
    title: "ICMPv6 echo only (type 128) is not Packet Too Big",
    resources: [{ ...sg, props: { ingress: [{ ...https, cidrBlocks: [V4] }, { protocol: "icmpv6", fromPort: 128, toPort: 0, ipv6CidrBlocks: [V6] }] } }],
    violations: [{ on: "web-sg", message: /blocks ICMPv6/ }],
  },
  // previews: the decisive input is computed (unknown)

  { rule: "aws-default-route-has-ipv6", title: "the other route's destination computed", resources: [{ type: AWS.routeTable, name: "public", props: {} }, route("v4", { destinationCidrBlock: V4 }), route("v6", { destinationIpv6CidrBlock: UNKNOWN_VALUE })], unknown: true },
  { rule: "aws-sg-rule-ipv6-twin", title: "the twin's cidrIpv6 computed", resources: [{ ...sg, props: {} }, inRule("https-v4", { cidrIpv4: V4 }), inRule("https-v6", { cidrIpv6: UNKNOWN_VALUE })], unknown: true },
  { rule: "aws-sg-allows-icmpv6", title: "a rule's protocol computed", resources: [{ ...sg, props: { ingress: [{ ...https, cidrBlocks: [V4] }] } }, inRule("maybe-icmp", { ipProtocol: UNKNOWN_VALUE, cidrIpv6: V6 })], unknown: true },
];
