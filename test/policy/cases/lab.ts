// The local lab's hosts.
import { LAB } from "../../../policies/lib/types";
import type { ResourceCase } from "../cases";
import { UNKNOWN_VALUE } from "../harness";

const host = { namespace: "ds-x-node-1", switchNamespace: "ds-x-switch", bridge: "br0", ifname: "eth0", peerIf: "vn1", forwarding: false, stateDir: "/run/dualstack/x/node-1" };

export const labResourceCases: ResourceCase[] = [
  { rule: "lab-host-dual-stack", title: "both families", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24", ipv6Cidr: "fd12:3456:789a::c/64" } },
  { rule: "lab-host-dual-stack", title: "no IPv6", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24" }, name: "node-1", violations: [/lab host "node-1" has no IPv6 address: set ipv6Cidr/] },
  { rule: "lab-host-dual-stack", title: "empty IPv6", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24", ipv6Cidr: "" }, violations: [/no IPv6 address/] },
  { rule: "lab-host-dual-stack", title: "IPv4 in the IPv6 field", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24", ipv6Cidr: "10.77.0.13/24" }, violations: [/ipv6Cidr "10\.77\.0\.13\/24" is not an IPv6 CIDR/] },
  { rule: "lab-host-dual-stack", title: "IPv6 only", type: LAB.host, props: { ...host, ipv6Cidr: "fd12:3456:789a::c/64" }, violations: [/has no IPv4 address: set ipv4Cidr/] },
  // previews: the decisive input is computed (unknown)

  { rule: "lab-host-dual-stack", title: "ipv6Cidr computed", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24", ipv6Cidr: UNKNOWN_VALUE }, unknown: true },
];
