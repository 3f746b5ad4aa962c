// Azure (azure-native): VNets, subnets, AKS, routes, load balancers, public IPs, NSGs.
import { AZURE } from "../../../policies/lib/types";
import type { ResourceCase, StackCase } from "../cases";
import { type FakeResource, type Props, UNKNOWN_VALUE } from "../harness";

const V4 = "0.0.0.0/0";
const V6 = "::/0";
const rule = (name: string, props: Props) => ({ name, direction: "Inbound", access: "Allow", protocol: "Tcp", priority: 100, sourcePortRange: "*", destinationAddressPrefix: "*", ...props });

export const azureResourceCases: ResourceCase[] = [
  { rule: "azure-vnet-has-ipv6", title: "IPv4 + IPv6 address space", type: AZURE.vnet, props: { addressSpace: { addressPrefixes: ["10.0.0.0/16", "fd00:db8:1::/48"] } } },
  {
    rule: "azure-vnet-has-ipv6",
    title: "inline subnets with a /64 each",
    type: AZURE.vnet,
    props: { addressSpace: { addressPrefixes: ["10.0.0.0/16", "fd00:db8:1::/48"] }, subnets: [{ name: "nodes", addressPrefixes: ["10.0.1.0/24", "fd00:db8:1:1::/64"] }] },
  },
  { rule: "azure-vnet-has-ipv6", title: "IPv4 only", type: AZURE.vnet, props: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] } }, violations: [/VNet "res" has no IPv6 address prefix/] },
  {
    rule: "azure-vnet-has-ipv6",
    title: "inline subnet without IPv6, inline subnet with a /80",
    type: AZURE.vnet,
    props: {
      addressSpace: { addressPrefixes: ["10.0.0.0/16", "fd00:db8:1::/48"] },
      subnets: [
        { name: "a", addressPrefix: "10.0.1.0/24" },
        { name: "b", addressPrefixes: ["10.0.2.0/24", "fd00:db8:1:2::/80"] },
      ],
    },
    violations: [/subnet "res\/a" has no IPv6 prefix/, /subnet "res\/b" .*not a \/64/],
  },

  { rule: "azure-subnet-has-ipv6", title: "IPv4 + IPv6 /64", type: AZURE.subnet, props: { addressPrefixes: ["10.0.1.0/24", "fd00:db8:1:1::/64"] } },
  { rule: "azure-subnet-has-ipv6", title: "IPv4 only", type: AZURE.subnet, props: { addressPrefix: "10.0.1.0/24" }, violations: [/subnet "res" has no IPv6 prefix: use addressPrefixes/] },
  { rule: "azure-subnet-has-ipv6", title: "IPv6 /56", type: AZURE.subnet, props: { addressPrefixes: ["10.0.1.0/24", "fd00:db8:1::/56"] }, violations: [/must be exactly \/64/] },

  { rule: "azure-aks-dual-stack", title: "IPv4 + IPv6", type: AZURE.aks, props: { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", ipFamilies: ["IPv4", "IPv6"] } } },
  { rule: "azure-aks-dual-stack", title: "IPv4 only", type: AZURE.aks, props: { networkProfile: { ipFamilies: ["IPv4"] } }, violations: [/AKS cluster "res" is not dual-stack: set networkProfile\.ipFamilies/] },
  { rule: "azure-aks-dual-stack", title: "no network profile", type: AZURE.aks, props: { dnsPrefix: "x" }, violations: [/not dual-stack/] },

  { rule: "azure-nsg-ipv6-twin", title: "HTTPS from both families", type: AZURE.nsg, props: { securityRules: [rule("https-v4", { sourceAddressPrefix: V4, destinationPortRange: "443" }), rule("https-v6", { sourceAddressPrefix: V6, destinationPortRange: "443", priority: 101 })] } },
  { rule: "azure-nsg-ipv6-twin", title: "the Internet service tag covers both families", type: AZURE.nsg, props: { securityRules: [rule("https", { sourceAddressPrefix: "Internet", destinationPortRange: "443" })] } },
  { rule: "azure-nsg-ipv6-twin", title: "a Deny from 0.0.0.0/0 opens nothing", type: AZURE.nsg, props: { securityRules: [rule("deny", { access: "Deny", sourceAddressPrefix: V4, destinationPortRange: "*" })] } },
  {
    rule: "azure-nsg-ipv6-twin",
    title: "HTTPS from 0.0.0.0/0 only",
    type: AZURE.nsg,
    props: { securityRules: [rule("https-v4", { sourceAddressPrefix: V4, destinationPortRange: "443" })] },
    violations: [/NSG "res": "https-v4: Inbound tcp 443 from 0\.0\.0\.0\/0" .*add "https-v4: Inbound tcp 443 from ::\/0".*one rule cannot mix families/],
  },
  {
    rule: "azure-nsg-ipv6-twin",
    title: "prefix list and port list; IPv6 twin misses a port",
    type: AZURE.nsg,
    props: { securityRules: [rule("web-v4", { sourceAddressPrefixes: [V4], destinationPortRanges: ["80", "443"] }), rule("web-v6", { sourceAddressPrefixes: [V6], destinationPortRanges: ["443"] })] },
    violations: [/tcp 80,443 from 0\.0\.0\.0\/0/],
  },

  { rule: "azure-no-public-ssh", title: "SSH from an admin prefix", type: AZURE.nsg, props: { securityRules: [rule("ssh", { sourceAddressPrefix: "203.0.113.0/24", destinationPortRange: "22" })] } },
  { rule: "azure-no-public-ssh", title: "outbound SSH to anywhere", type: AZURE.nsg, props: { securityRules: [rule("ssh-out", { direction: "Outbound", destinationAddressPrefix: "*", destinationPortRange: "22" })] } },
  { rule: "azure-no-public-ssh", title: "SSH from Internet", type: AZURE.nsg, props: { securityRules: [rule("ssh", { sourceAddressPrefix: "Internet", destinationPortRange: "22" })] }, violations: [/"res": "ssh: Inbound tcp 22 from Internet" opens SSH/] },
  { rule: "azure-no-public-ssh", title: "any port from *", type: AZURE.nsg, props: { securityRules: [rule("all", { protocol: "*", sourceAddressPrefix: "*", destinationPortRange: "*" })] }, violations: [/opens SSH/] },
  { rule: "azure-no-public-ssh", title: "standalone rule, 20-25 from ::/0", type: AZURE.securityRule, props: rule("ssh6", { sourceAddressPrefix: V6, destinationPortRange: "20-25" }), violations: [/opens SSH/] },
  // previews: the decisive input is computed (unknown)

  { rule: "azure-vnet-has-ipv6", title: "address prefixes computed", type: AZURE.vnet, props: { addressSpace: { addressPrefixes: ["10.0.0.0/16", UNKNOWN_VALUE] } }, unknown: true },
  { rule: "azure-subnet-has-ipv6", title: "prefixes computed", type: AZURE.subnet, props: { addressPrefixes: UNKNOWN_VALUE }, unknown: true },
  { rule: "azure-aks-dual-stack", title: "ipFamilies computed", type: AZURE.aks, props: { networkProfile: { ipFamilies: UNKNOWN_VALUE } }, unknown: true },
  { rule: "azure-nsg-ipv6-twin", title: "the twin's source computed", type: AZURE.nsg, props: { securityRules: [rule("h4", { sourceAddressPrefix: V4, destinationPortRange: "443" }), rule("h6", { sourceAddressPrefix: UNKNOWN_VALUE, destinationPortRange: "443" })] }, unknown: true },
  { rule: "azure-no-public-ssh", title: "SSH source computed", type: AZURE.nsg, props: { securityRules: [rule("ssh", { sourceAddressPrefix: UNKNOWN_VALUE, destinationPortRange: "22" })] }, unknown: true },
];

const pip = (name: string, version: "IPv4" | "IPv6", extra: Partial<FakeResource> = {}): FakeResource => ({
  type: AZURE.publicIp,
  name,
  props: { location: "switzerlandnorth", publicIPAddressVersion: version, sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
  parent: "ingress",
  ...extra,
});
const lbFrontends = (names: string[]) => names.map((n) => ({ name: `fe-${n}`, publicIPAddress: { id: UNKNOWN_VALUE } }));
const secRule = (name: string, props: Props): FakeResource => ({ type: AZURE.securityRule, name, props: rule(name, props), deps: { networkSecurityGroupName: ["nsg"] } });

export const azureStackCases: StackCase[] = [
  { rule: "azure-default-route-has-ipv6", title: "inline defaults, both families", resources: [{ type: AZURE.routeTable, name: "rt", props: { routes: [{ name: "d4", addressPrefix: V4, nextHopType: "VirtualAppliance" }, { name: "d6", addressPrefix: V6, nextHopType: "VirtualAppliance" }] } }] },
  {
    rule: "azure-default-route-has-ipv6",
    title: "standalone routes, both families",
    resources: [
      { type: AZURE.routeTable, name: "rt", props: {} },
      { type: AZURE.route, name: "d4", props: { addressPrefix: V4, nextHopType: "Internet" }, deps: { routeTableName: ["rt"] } },
      { type: AZURE.route, name: "d6", props: { addressPrefix: V6, nextHopType: "Internet" }, deps: { routeTableName: ["rt"] } },
    ],
  },
  {
    rule: "azure-default-route-has-ipv6",
    title: "inline IPv4 default only",
    resources: [{ type: AZURE.routeTable, name: "rt", props: { routes: [{ name: "d4", addressPrefix: V4, nextHopType: "VirtualAppliance" }] } }],
    violations: [{ on: "rt", message: /route table "rt" has a 0\.0\.0\.0\/0 route but no ::\/0 route: add a route \{ addressPrefix: "::\/0"/ }],
  },
  {
    rule: "azure-default-route-has-ipv6",
    title: "standalone IPv4 default only",
    resources: [{ type: AZURE.routeTable, name: "rt", props: {} }, { type: AZURE.route, name: "d4", props: { addressPrefix: V4 }, deps: { routeTableName: ["rt"] } }],
    violations: [{ on: "d4", message: /route table "rt"/ }],
  },

  { rule: "azure-lb-dual-stack", title: "IPv4 and IPv6 public frontends", resources: [pip("ip4", "IPv4"), pip("ip6", "IPv6"), { type: AZURE.lb, name: "lb", props: { frontendIPConfigurations: lbFrontends(["v4", "v6"]) }, deps: { frontendIPConfigurations: ["ip4", "ip6"] } }] },
  {
    rule: "azure-lb-dual-stack",
    title: "internal LB with private frontends of both versions",
    resources: [{ type: AZURE.lb, name: "ilb", props: { frontendIPConfigurations: [{ name: "a", subnet: { id: "s" } }, { name: "b", subnet: { id: "s" }, privateIPAddressVersion: "IPv6" }] } }],
  },
  { rule: "azure-lb-dual-stack", title: "frontend on an existing public IP (outside the stack): undecidable", resources: [{ type: AZURE.lb, name: "lb", props: { frontendIPConfigurations: [{ name: "a", publicIPAddress: { id: "/subscriptions/x/publicIPAddresses/old" } }] } }] },
  {
    rule: "azure-lb-dual-stack",
    title: "IPv4 public frontend only",
    resources: [pip("ip4", "IPv4"), { type: AZURE.lb, name: "lb", props: { frontendIPConfigurations: lbFrontends(["v4"]) }, deps: { frontendIPConfigurations: ["ip4"] } }],
    violations: [{ on: "lb", message: /load balancer "lb" has no IPv6 frontend: add a frontendIPConfiguration .*publicIPAddressVersion "IPv6"/ }],
  },
  {
    rule: "azure-lb-dual-stack",
    title: "private IPv4 frontend only",
    resources: [{ type: AZURE.lb, name: "ilb", props: { frontendIPConfigurations: [{ name: "a", subnet: { id: "s" } }] } }],
    violations: [{ on: "ilb", message: /no IPv6 frontend/ }],
  },

  { rule: "azure-public-ip-pairs", title: "a v4/v6 pair", resources: [pip("ingress-ipv4", "IPv4"), pip("ingress-ipv6", "IPv6")] },
  { rule: "azure-public-ip-pairs", title: "a lone IPv6 address is fine", resources: [pip("v6only", "IPv6")] },
  {
    rule: "azure-public-ip-pairs",
    title: "IPv4 public IP alone (version defaults to IPv4)",
    resources: [{ ...pip("nat", "IPv4"), props: { location: "switzerlandnorth" } }],
    violations: [{ on: "nat", message: /public IP "nat" of component "ingress" is IPv4 with no IPv6 counterpart: add an azure-native network\.PublicIPAddress \{ publicIPAddressVersion: "IPv6"/ }],
  },
  {
    rule: "azure-public-ip-pairs",
    title: "two IPv4, one IPv6: pairs by name, reports the other",
    resources: [pip("web-ipv4", "IPv4"), pip("api-ipv4", "IPv4"), pip("web-ipv6", "IPv6")],
    violations: [{ on: "api-ipv4", message: /"api-ipv4" of component "ingress" is IPv4 with no IPv6 counterpart/ }],
  },
  {
    rule: "azure-public-ip-pairs",
    title: "counterpart in another component does not count",
    resources: [pip("a-ipv4", "IPv4"), pip("a-ipv6", "IPv6", { parent: "elsewhere" })],
    violations: [{ on: "a-ipv4", message: /no IPv6 counterpart/ }],
  },

  { rule: "azure-security-rule-ipv6-twin", title: "standalone rules for both families", resources: [{ type: AZURE.nsg, name: "nsg", props: {} }, secRule("h4", { sourceAddressPrefix: V4, destinationPortRange: "443" }), secRule("h6", { sourceAddressPrefix: V6, destinationPortRange: "443" })] },
  {
    rule: "azure-security-rule-ipv6-twin",
    title: "standalone IPv4 rule, IPv6 twin inline in the NSG",
    resources: [{ type: AZURE.nsg, name: "nsg", props: { securityRules: [rule("h6", { sourceAddressPrefix: V6, destinationPortRange: "443" })] } }, secRule("h4", { sourceAddressPrefix: V4, destinationPortRange: "443" })],
  },
  {
    rule: "azure-security-rule-ipv6-twin",
    title: "standalone IPv4 rule alone",
    resources: [{ type: AZURE.nsg, name: "nsg", props: {} }, secRule("h4", { sourceAddressPrefix: V4, destinationPortRange: "443" })],
    violations: [{ on: "h4", message: /security rule: "h4: Inbound tcp 443 from 0\.0\.0\.0\/0" .*add "h4: Inbound tcp 443 from ::\/0"/ }],
  },
  // previews: the decisive input is computed (unknown)

  { rule: "azure-default-route-has-ipv6", title: "a route's prefix computed", resources: [{ type: AZURE.routeTable, name: "rt", props: { routes: [{ addressPrefix: V4 }, { addressPrefix: UNKNOWN_VALUE }] } }], unknown: true },
  { rule: "azure-lb-dual-stack", title: "frontends computed", resources: [{ type: AZURE.lb, name: "lb", props: { frontendIPConfigurations: UNKNOWN_VALUE } }], unknown: true },
  { rule: "azure-public-ip-pairs", title: "the partner's version computed", resources: [pip("a-ipv4", "IPv4"), { ...pip("a-ipv6", "IPv6"), props: { location: "switzerlandnorth", publicIPAddressVersion: UNKNOWN_VALUE } }], unknown: true },
  { rule: "azure-security-rule-ipv6-twin", title: "the twin's source computed", resources: [{ type: AZURE.nsg, name: "nsg", props: {} }, secRule("h4", { sourceAddressPrefix: V4, destinationPortRange: "443" }), secRule("h6", { sourceAddressPrefix: UNKNOWN_VALUE, destinationPortRange: "443" })], unknown: true },
];
