// cloudscale.ch dynamic resources (pulumi-nodejs:dynamic/cloudscale:*).
// Facts: servers get public IPv6 unless use_ipv6 is false; a load balancer
// without vip_addresses gets a public IPv4 + IPv6 pair; private subnets are
// IPv4-only, so a VIP taken from one (no explicit address) is IPv4.
import { familiesOf, familyOf, isAnyV4, isAnyV6 } from "../lib/cidr";
import type { ResourceRule } from "../lib/policy";
import { bool, hasUnknown, isProps, isUnknown, list, num, str, strings, type Props } from "../lib/props";
import { CLOUDSCALE } from "../lib/types";

export const cloudscaleServerIpv6: ResourceRule = {
  name: "cloudscale-server-ipv6",
  description:
    "cloudscale servers keep IPv6 on (useIpv6 is not false): IPv6 is on by default on the public interface, and turning it off makes an IPv4-only host that cannot serve or reach the IPv6 Internet.",
  types: [CLOUDSCALE.server],
  check(props, name) {
    if (bool(props.useIpv6) !== false) return [];
    return [`server "${name}" sets useIpv6: false: remove it (IPv6 is the default on the public interface) so the server is dual-stack.`];
  },
};

/** The families of a cloudscale LB's VIPs; undefined while unknown. */
export function cloudscaleLbFamilies(props: Props): Set<4 | 6> | undefined {
  const vips = list(props.vipAddresses);
  if (isUnknown(vips)) return undefined;
  if (!Array.isArray(vips) || vips.length === 0) return new Set([4, 6]); // the public pair
  const families = new Set<4 | 6>();
  for (const v of vips) {
    if (!isProps(v)) continue;
    const address = str(v.address);
    if (isUnknown(address)) return undefined;
    families.add(address === undefined ? 4 : (familyOf(address) ?? 4));
  }
  return families;
}

export const cloudscaleLbDualStack: ResourceRule = {
  name: "cloudscale-lb-dual-stack",
  description:
    "cloudscale load balancers serve both families: leave vipAddresses out (public IPv4 + IPv6 pair) or list VIPs of both families; a VIP on a private subnet alone is IPv4-only.",
  types: [CLOUDSCALE.lb],
  check(props, name) {
    const f = cloudscaleLbFamilies(props);
    if (!f || f.size === 2) return [];
    return [`load balancer "${name}" only has IPv${[...f][0] ?? 4} VIPs: drop vipAddresses to get the public IPv4 + IPv6 pair, or add a VIP of the other family.`];
  },
};

export const cloudscaleListenerAllowsIpv6: ResourceRule = {
  name: "cloudscale-listener-allows-ipv6",
  description:
    "cloudscale LB listeners that restrict clients (allowedCidrs) allow IPv6 too: an IPv4-only allow list on a dual-stack load balancer refuses every IPv6 client.",
  types: [CLOUDSCALE.listener],
  check(props, name) {
    const cidrs = props.allowedCidrs;
    if (hasUnknown(cidrs)) return [];
    const allowed = strings(cidrs);
    if (allowed.length === 0) return []; // no list: everyone, both families
    const f = familiesOf(allowed);
    if (!f.has(4) || f.has(6)) return [];
    const twin = allowed.some(isAnyV4) ? '"::/0"' : "the matching IPv6 prefixes";
    return [`listener "${name}" allows only IPv4 clients (${allowed.join(", ")}): add ${twin} to allowedCidrs.`];
  },
};

export const cloudscaleNoPublicSsh: ResourceRule = {
  name: "cloudscale-no-public-ssh",
  description:
    "No cloudscale LB listener exposes SSH (port 22) to the whole Internet (no allowedCidrs, 0.0.0.0/0 or ::/0): restrict it to admin prefixes of both families.",
  types: [CLOUDSCALE.listener],
  check(props, name) {
    if (num(props.protocolPort) !== 22 || hasUnknown(props.allowedCidrs)) return [];
    const allowed = strings(props.allowedCidrs);
    if (allowed.length > 0 && !allowed.some((c) => isAnyV4(c) || isAnyV6(c))) return [];
    return [`listener "${name}" exposes SSH (22) to the whole Internet: set allowedCidrs to admin prefixes (IPv4 and IPv6).`];
  },
};
