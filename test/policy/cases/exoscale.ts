// Exoscale dynamic resources (issue 5's contract).
import { EXOSCALE } from "../../../policies/lib/types";
import type { ResourceCase, StackCase } from "../cases";
import { type FakeResource, type Props, UNKNOWN_VALUE } from "../harness";

const instance = { name: "node-1", zone: "ch-gva-2", instanceType: "standard.small", template: "debian-12", diskSize: 20 };
const sgRule = (name: string, props: object, sg = "web-sg"): FakeResource => ({ type: EXOSCALE.securityGroupRule, name, props: { securityGroup: UNKNOWN_VALUE, flowDirection: "ingress", protocol: "tcp", startPort: 443, endPort: 443, ...props }, deps: { securityGroup: [sg] } });
const sgRes = (name = "web-sg"): FakeResource => ({ type: EXOSCALE.securityGroup, name, props: { name } });
const eip = (name: string, addressFamily: "inet4" | "inet6" | undefined, extra: Props = {}): FakeResource => ({ type: EXOSCALE.elasticIp, name, props: { zone: "ch-gva-2", ...(addressFamily ? { addressFamily } : {}), healthcheck: { mode: "tcp", port: 443 }, ...extra }, parent: "ingress" });

export const exoscaleResourceCases: ResourceCase[] = [
  { rule: "exoscale-instance-dual-stack", title: "dual", type: EXOSCALE.instance, props: { ...instance, publicIpAssignment: "dual" } },
  { rule: "exoscale-instance-dual-stack", title: "inet4", type: EXOSCALE.instance, props: { ...instance, publicIpAssignment: "inet4" }, violations: [/instance "res" has publicIpAssignment "inet4": set publicIpAssignment: "dual"/] },
  { rule: "exoscale-instance-dual-stack", title: "unset (API default inet4)", type: EXOSCALE.instance, props: instance, violations: [/unset \(inet4\)/] },
  { rule: "exoscale-instance-dual-stack", title: "none (private only): exempt it with a reason instead", type: EXOSCALE.instance, props: { ...instance, publicIpAssignment: "none" }, violations: [/"none"/] },

  { rule: "exoscale-sks-nodepool-dual-stack", title: "dual", type: EXOSCALE.sksNodepool, props: { name: "pool", size: 3, publicIpAssignment: "dual" } },
  { rule: "exoscale-sks-nodepool-dual-stack", title: "inet4", type: EXOSCALE.sksNodepool, props: { name: "pool", size: 3, publicIpAssignment: "inet4" }, violations: [/SKS nodepool "res" has publicIpAssignment "inet4"/] },

  { rule: "exoscale-sks-dual-stack", title: "dual-stack pod and service ranges", type: EXOSCALE.sksCluster, props: { name: "sks", networking: { clusterCidr: "192.168.0.0/16,fd00:42::/56", serviceClusterIpRange: "10.96.0.0/12, fd00:43::/112" } } },
  {
    rule: "exoscale-sks-dual-stack",
    title: "no networking (IPv4 defaults)",
    type: EXOSCALE.sksCluster,
    props: { name: "sks", cni: "cilium" },
    violations: [/networking\.clusterCidr is unset; give it "<IPv4 CIDR>,<IPv6 CIDR>"/, /networking\.serviceClusterIpRange is unset/],
  },
  { rule: "exoscale-sks-dual-stack", title: "IPv4 pod range", type: EXOSCALE.sksCluster, props: { networking: { clusterCidr: "192.168.0.0/16", serviceClusterIpRange: "10.96.0.0/12,fd00:43::/112" } }, violations: [/clusterCidr is "192\.168\.0\.0\/16"/] },

  { rule: "exoscale-nlb-ipv4-only", title: "exempt with a reason label", type: EXOSCALE.nlbService, props: { name: "smtp", port: 25, labels: { "dualstack:ipv4-only-reason": "legacy SMTP relay, IPv6 via EIPs" } } },
  { rule: "exoscale-nlb-ipv4-only", title: "any NLB service", type: EXOSCALE.nlbService, props: { name: "https", port: 443 }, violations: [/NLB service "res" is reachable over IPv4 only .*managed elastic IPs of both families/] },

  { rule: "exoscale-no-public-ssh", title: "SSH from an admin prefix", type: EXOSCALE.securityGroupRule, props: { flowDirection: "ingress", protocol: "tcp", startPort: 22, endPort: 22, network: "2001:db8:ad::/48" } },
  { rule: "exoscale-no-public-ssh", title: "egress", type: EXOSCALE.securityGroupRule, props: { flowDirection: "egress", protocol: "tcp", startPort: 22, endPort: 22, network: "::/0" } },
  { rule: "exoscale-no-public-ssh", title: "SSH from ::/0", type: EXOSCALE.securityGroupRule, props: { flowDirection: "ingress", protocol: "tcp", startPort: 22, endPort: 22, network: "::/0" }, violations: [/"ingress tcp 22 from ::\/0" opens SSH/] },
  { rule: "exoscale-no-public-ssh", title: "ports 1-1024 from 0.0.0.0/0", type: EXOSCALE.securityGroupRule, props: { flowDirection: "ingress", protocol: "tcp", startPort: 1, endPort: 1024, network: "0.0.0.0/0" }, violations: [/opens SSH/] },
  // previews: the decisive input is computed (unknown)

  { rule: "exoscale-instance-dual-stack", title: "publicIpAssignment computed", type: EXOSCALE.instance, props: { ...instance, publicIpAssignment: UNKNOWN_VALUE }, unknown: true },
  { rule: "exoscale-sks-nodepool-dual-stack", title: "publicIpAssignment computed", type: EXOSCALE.sksNodepool, props: { publicIpAssignment: UNKNOWN_VALUE }, unknown: true },
  { rule: "exoscale-sks-dual-stack", title: "ranges computed", type: EXOSCALE.sksCluster, props: { networking: { clusterCidr: UNKNOWN_VALUE, serviceClusterIpRange: UNKNOWN_VALUE } }, unknown: true },
  { rule: "exoscale-no-public-ssh", title: "network computed", type: EXOSCALE.securityGroupRule, props: { flowDirection: "ingress", protocol: "tcp", startPort: 22, endPort: 22, network: UNKNOWN_VALUE }, unknown: true },
];

export const exoscaleStackCases: StackCase[] = [
  { rule: "exoscale-eip-pairs", title: "inet4 + inet6", resources: [eip("ingress-inet4", "inet4"), eip("ingress-inet6", "inet6")] },
  {
    rule: "exoscale-eip-pairs",
    title: "inet4 alone (also the default family)",
    resources: [eip("ingress", undefined)],
    violations: [{ on: "ingress", message: /elastic IP "ingress" of component "ingress" is IPv4 with no IPv6 counterpart: add an exoscale ElasticIp \{ addressFamily: "inet6"/ }],
  },
  { rule: "exoscale-eip-pairs", title: "inet6 in another zone does not count", resources: [eip("a4", "inet4"), eip("a6", "inet6", { zone: "de-fra-1" })], violations: [{ on: "a4", message: /no IPv6 counterpart/ }] },

  { rule: "exoscale-sg-rule-ipv6-twin", title: "HTTPS for both families", resources: [sgRes(), sgRule("https-v4", { network: "0.0.0.0/0" }), sgRule("https-v6", { network: "::/0" })] },
  { rule: "exoscale-sg-rule-ipv6-twin", title: "ICMP echo with an ICMPv6 twin", resources: [sgRes(), sgRule("ping4", { protocol: "icmp", icmp: { type: 8, code: 0 }, network: "0.0.0.0/0" }), sgRule("ping6", { protocol: "icmpv6", icmp: { type: 128, code: 0 }, network: "::/0" })] },
  {
    rule: "exoscale-sg-rule-ipv6-twin",
    title: "HTTPS for IPv4 only",
    resources: [sgRes(), sgRule("https-v4", { network: "0.0.0.0/0" })],
    violations: [{ on: "https-v4", message: /"ingress tcp 443 from 0\.0\.0\.0\/0" .*add "ingress tcp 443 from ::\/0".*network: "::\/0"/ }],
  },
  {
    rule: "exoscale-sg-rule-ipv6-twin",
    title: "the IPv6 twin is in another group",
    resources: [sgRes(), sgRes("other"), sgRule("https-v4", { network: "0.0.0.0/0" }), sgRule("https-v6", { network: "::/0" }, "other")],
    violations: [{ on: "https-v4", message: /no IPv6 counterpart/ }],
  },

  { rule: "exoscale-sg-allows-icmpv6", title: "Packet Too Big allowed", resources: [sgRes(), sgRule("https-v6", { network: "::/0" }), sgRule("ptb", { protocol: "icmpv6", icmp: { type: 2, code: 0 }, network: "::/0", startPort: null, endPort: null })] },
  { rule: "exoscale-sg-allows-icmpv6", title: "internal group", resources: [sgRes(), sgRule("https", { network: "10.0.0.0/8" })] },
  {
    rule: "exoscale-sg-allows-icmpv6",
    title: "Internet-facing, no ICMPv6",
    resources: [sgRes(), sgRule("https-v4", { network: "0.0.0.0/0" }), sgRule("https-v6", { network: "::/0" })],
    violations: [{ on: "web-sg", message: /security group "web-sg" faces the Internet but blocks ICMPv6: add a rule \{ flowDirection: "ingress", protocol: "icmpv6"/ }],
  },
  {
    rule: "exoscale-sg-allows-icmpv6",
    title: "Internet-facing, no ICMPv6, group outside the stack",
    resources: [{ ...sgRule("https-v6", { securityGroup: "sg-existing-uuid", network: "::/0" }), deps: {} }],
    violations: [{ on: "https-v6", message: /the security group of rule "https-v6" faces the Internet/ }],
  },
  // previews: the decisive input is computed (unknown)

  { rule: "exoscale-eip-pairs", title: "the partner's family computed", resources: [eip("a4", "inet4"), { ...eip("a6", "inet6"), props: { zone: "ch-gva-2", addressFamily: UNKNOWN_VALUE } }], unknown: true },
  { rule: "exoscale-sg-rule-ipv6-twin", title: "the twin's network computed", resources: [sgRes(), sgRule("h4", { network: "0.0.0.0/0" }), sgRule("h6", { network: UNKNOWN_VALUE })], unknown: true },
  { rule: "exoscale-sg-allows-icmpv6", title: "a rule's protocol computed", resources: [sgRes(), sgRule("h6", { network: "::/0" }), sgRule("maybe", { protocol: UNKNOWN_VALUE, network: "::/0" })], unknown: true },
];
