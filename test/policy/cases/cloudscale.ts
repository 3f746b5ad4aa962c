// cloudscale.ch dynamic resources (issue 5's contract).
import { CLOUDSCALE } from "../../../policies/lib/types";
import type { ResourceCase, StackCase } from "../cases";
import { type FakeResource, type Props, UNKNOWN_VALUE } from "../harness";

const server = { name: "node-1", flavor: "flex-4-2", image: "debian-12", zone: "lpg1", usePublicNetwork: true };
const fip = (name: string, ipVersion: 4 | 6, extra: Props = {}): FakeResource => ({ type: CLOUDSCALE.floatingIp, name, props: { ipVersion, type: "regional", region: "lpg", server: "uuid-1", ...extra }, parent: "ingress" });

export const cloudscaleResourceCases: ResourceCase[] = [
  { rule: "cloudscale-server-ipv6", title: "default (IPv6 on)", type: CLOUDSCALE.server, props: server },
  { rule: "cloudscale-server-ipv6", title: "useIpv6 true", type: CLOUDSCALE.server, props: { ...server, useIpv6: true } },
  { rule: "cloudscale-server-ipv6", title: "useIpv6 false", type: CLOUDSCALE.server, props: { ...server, useIpv6: false }, violations: [/server "res" sets useIpv6: false: remove it/] },

  { rule: "cloudscale-lb-dual-stack", title: "no vipAddresses: public IPv4 + IPv6", type: CLOUDSCALE.lb, props: { name: "lb", flavor: "lb-standard", zone: "lpg1" } },
  {
    rule: "cloudscale-lb-dual-stack",
    title: "explicit VIPs of both families",
    type: CLOUDSCALE.lb,
    props: { name: "lb", flavor: "lb-standard", zone: "lpg1", vipAddresses: [{ subnet: "s4", address: "10.0.0.5" }, { subnet: "s6", address: "fd00:db8::5" }] },
  },
  { rule: "cloudscale-lb-dual-stack", title: "VIP from a private subnet only", type: CLOUDSCALE.lb, props: { name: "lb", zone: "lpg1", vipAddresses: [{ subnet: "uuid-private" }] }, violations: [/load balancer "res" only has IPv4 VIPs: drop vipAddresses/] },
  { rule: "cloudscale-lb-dual-stack", title: "explicit IPv6 VIP only", type: CLOUDSCALE.lb, props: { vipAddresses: [{ subnet: "s6", address: "fd00:db8::5" }] }, violations: [/only has IPv6 VIPs/] },

  { rule: "cloudscale-listener-allows-ipv6", title: "no allow list", type: CLOUDSCALE.listener, props: { pool: "p", protocol: "tcp", protocolPort: 443 } },
  { rule: "cloudscale-listener-allows-ipv6", title: "both families", type: CLOUDSCALE.listener, props: { protocolPort: 443, allowedCidrs: ["0.0.0.0/0", "::/0"] } },
  { rule: "cloudscale-listener-allows-ipv6", title: "IPv6 prefixes only", type: CLOUDSCALE.listener, props: { protocolPort: 443, allowedCidrs: ["2001:db8::/32"] } },
  { rule: "cloudscale-listener-allows-ipv6", title: "0.0.0.0/0 only", type: CLOUDSCALE.listener, props: { protocolPort: 443, allowedCidrs: ["0.0.0.0/0"] }, violations: [/listener "res" allows only IPv4 clients \(0\.0\.0\.0\/0\): add "::\/0"/] },
  { rule: "cloudscale-listener-allows-ipv6", title: "office IPv4 range only", type: CLOUDSCALE.listener, props: { protocolPort: 443, allowedCidrs: ["203.0.113.0/24"] }, violations: [/add the matching IPv6 prefixes/] },

  { rule: "cloudscale-no-public-ssh", title: "SSH for admin prefixes", type: CLOUDSCALE.listener, props: { protocolPort: 22, allowedCidrs: ["203.0.113.0/24", "2001:db8:ad::/48"] } },
  { rule: "cloudscale-no-public-ssh", title: "HTTPS for everyone", type: CLOUDSCALE.listener, props: { protocolPort: 443 } },
  { rule: "cloudscale-no-public-ssh", title: "SSH for everyone (no allow list)", type: CLOUDSCALE.listener, props: { protocol: "tcp", protocolPort: 22 }, violations: [/listener "res" exposes SSH \(22\) to the whole Internet/] },
  { rule: "cloudscale-no-public-ssh", title: "SSH for ::/0", type: CLOUDSCALE.listener, props: { protocolPort: 22, allowedCidrs: ["203.0.113.0/24", "::/0"] }, violations: [/exposes SSH/] },
  // previews: the decisive input is computed (unknown)

  { rule: "cloudscale-server-ipv6", title: "useIpv6 computed", type: CLOUDSCALE.server, props: { ...server, useIpv6: UNKNOWN_VALUE }, unknown: true },
  { rule: "cloudscale-lb-dual-stack", title: "VIP address computed", type: CLOUDSCALE.lb, props: { vipAddresses: [{ subnet: "s", address: UNKNOWN_VALUE }] }, unknown: true },
  { rule: "cloudscale-listener-allows-ipv6", title: "allow list computed", type: CLOUDSCALE.listener, props: { protocolPort: 443, allowedCidrs: ["0.0.0.0/0", UNKNOWN_VALUE] }, unknown: true },
  { rule: "cloudscale-no-public-ssh", title: "allow list computed", type: CLOUDSCALE.listener, props: { protocolPort: 22, allowedCidrs: UNKNOWN_VALUE }, unknown: true },
];

export const cloudscaleStackCases: StackCase[] = [
  { rule: "cloudscale-floating-ip-pairs", title: "v4 + v6 in one region", resources: [fip("vip-v4", 4), fip("vip-v6", 6, { prefixLength: 56 })] },
  { rule: "cloudscale-floating-ip-pairs", title: "v4 with an exemption tag", resources: [fip("legacy", 4, { tags: { "dualstack:ipv4-only-reason": "partner allow-lists IPv4 only" } })] },
  {
    rule: "cloudscale-floating-ip-pairs",
    title: "v4 alone",
    resources: [fip("vip-v4", 4)],
    violations: [{ on: "vip-v4", message: /floating IP "vip-v4" of component "ingress" is IPv4 with no IPv6 counterpart: add a cloudscale FloatingIp \{ ipVersion: 6/ }],
  },
  {
    rule: "cloudscale-floating-ip-pairs",
    title: "global v4, regional v6: not the same scope",
    resources: [fip("vip-v4", 4, { type: "global", region: null }), fip("vip-v6", 6)],
    violations: [{ on: "vip-v4", message: /no IPv6 counterpart/ }],
  },
  // previews: the decisive input is computed (unknown)

  { rule: "cloudscale-floating-ip-pairs", title: "the partner's version computed", resources: [fip("vip-v4", 4), { ...fip("vip-v6", 6), props: { ipVersion: UNKNOWN_VALUE, type: "regional", region: "lpg" } }], unknown: true },
];
