// Azure (azure-native): virtual networks, subnets, default routes, load
// balancer frontends and AKS. Facts: a VNet needs an IPv6 address prefix and
// each IPv6 subnet is exactly a /64; a Standard LB needs separate IPv4 and
// IPv6 frontends (each on a public IP of its family).
import { familiesOf, isAnyV4, isAnyV6, parseCidr } from "../lib/cidr";
import type { Finding, PlainResource, ResourceRule, StackRule } from "../lib/policy";
import { at, hasUnknown, isProps, isUnknown, list, str, strings, type Props, type Value } from "../lib/props";
import { groupBy, nameOfUrn, refOf } from "../lib/refs";
import { AZURE } from "../lib/types";

/** addressPrefix + addressPrefixes of a subnet (inline or standalone). */
function subnetPrefixes(p: Props): string[] {
  return [...strings(p.addressPrefix), ...strings(p.addressPrefixes)];
}

function subnetProblem(p: Props, name: string): string | undefined {
  if (hasUnknown(p.addressPrefix) || hasUnknown(p.addressPrefixes)) return undefined;
  const v6 = subnetPrefixes(p)
    .map((c) => parseCidr(c))
    .filter((c) => c?.family === 6);
  if (v6.length === 0) return `subnet "${name}" has no IPv6 prefix: use addressPrefixes: [<IPv4 prefix>, <IPv6 /64 of the VNet>].`;
  if (!v6.some((c) => c?.prefixLength === 64)) return `subnet "${name}" has an IPv6 prefix that is not a /64: Azure IPv6 subnets must be exactly /64.`;
  return undefined;
}

export const azureVnetHasIpv6: ResourceRule = {
  name: "azure-vnet-has-ipv6",
  description:
    "Every Azure VNet has an IPv6 address prefix in addressSpace (and its inline subnets an IPv6 /64): IPv6 cannot be added to subnets, NICs or load balancers of a VNet without one.",
  types: [AZURE.vnet],
  check(props, name) {
    const problems: string[] = [];
    const prefixes = at(props.addressSpace, "addressPrefixes");
    if (!hasUnknown(prefixes) && !familiesOf(strings(prefixes)).has(6)) {
      problems.push(`VNet "${name}" has no IPv6 address prefix: add one (e.g. a /48 or /56 ULA or your assigned prefix) to addressSpace.addressPrefixes.`);
    }
    const subnets = list(props.subnets);
    if (Array.isArray(subnets)) {
      for (const s of subnets) {
        if (!isProps(s)) continue;
        const sub = str(s.name);
        const p = subnetProblem(s, `${name}/${typeof sub === "string" ? sub : "?"}`);
        if (p) problems.push(p);
      }
    }
    return problems;
  },
};

export const azureSubnetHasIpv6: ResourceRule = {
  name: "azure-subnet-has-ipv6",
  description:
    "Every Azure subnet has an IPv6 /64 next to its IPv4 prefix (addressPrefixes): NICs can only get an IPv6 ip-configuration in a subnet that has one.",
  types: [AZURE.subnet],
  check(props, name) {
    const p = subnetProblem(props, name);
    return p ? [p] : [];
  },
};

export const azureAksDualStack: ResourceRule = {
  name: "azure-aks-dual-stack",
  description:
    "AKS clusters are dual-stack (networkProfile.ipFamilies [IPv4, IPv6]): AKS supports real dual-stack pods and services, but only when chosen at creation.",
  types: [AZURE.aks],
  check(props, name) {
    const families = at(props.networkProfile, "ipFamilies");
    if (hasUnknown(families)) return [];
    const f = new Set(strings(families).map((s) => s.toLowerCase()));
    if (f.has("ipv4") && f.has("ipv6")) return [];
    return [`AKS cluster "${name}" is not dual-stack: set networkProfile.ipFamilies: ["IPv4", "IPv6"] (Azure CNI Overlay or Cilium) with pod and service CIDRs for both.`];
  },
};

type Routes = { v4?: string; v6: boolean; unknown: boolean };

function addRoute(acc: Routes, prefix: Value | undefined, urn: string): void {
  const p = str(prefix);
  if (isUnknown(p)) acc.unknown = true;
  else if (p !== undefined && isAnyV4(p)) acc.v4 ??= urn;
  else if (p !== undefined && isAnyV6(p)) acc.v6 = true;
}

export const azureDefaultRouteHasIpv6: StackRule = {
  name: "azure-default-route-has-ipv6",
  description:
    "Every Azure route table with a 0.0.0.0/0 route also has a ::/0 route: a user-defined IPv4 default (e.g. to a firewall) without the IPv6 one leaves IPv6 traffic on a different, unintended path.",
  types: [AZURE.routeTable, AZURE.route],
  check(resources) {
    const tables = resources.filter((r) => r.type === AZURE.routeTable);
    const tableByUrn = new Map(tables.map((t) => [t.urn, t]));
    const byTable = groupBy(
      resources.filter((r) => r.type === AZURE.route),
      (r) => refOf(r, "routeTableName"),
    );
    const findings: Finding[] = [];
    for (const key of new Set([...tables.map((t) => t.urn), ...byTable.keys()])) {
      const acc: Routes = { v6: false, unknown: false };
      const table = tableByUrn.get(key);
      const inline = table ? list(table.props.routes) : undefined;
      if (isUnknown(inline)) acc.unknown = true;
      if (table && Array.isArray(inline)) for (const r of inline) if (isProps(r)) addRoute(acc, r.addressPrefix, table.urn);
      for (const r of byTable.get(key) ?? []) addRoute(acc, r.props.addressPrefix, r.urn);
      if (acc.v4 === undefined || acc.v6 || acc.unknown) continue;
      const tableName = table?.name ?? (key.startsWith("id:") ? key.slice(3) : nameOfUrn(key));
      findings.push({
        urn: acc.v4,
        message: `route table "${tableName}" has a 0.0.0.0/0 route but no ::/0 route: add a route { addressPrefix: "::/0", nextHopType: <same as the IPv4 default> }.`,
      });
    }
    return findings;
  },
};

/** Families of a public IP resource (IPv4 is Azure's default). */
export function publicIpFamily(props: Props): 4 | 6 | undefined {
  const v = str(props.publicIPAddressVersion);
  if (isUnknown(v)) return undefined;
  return v?.toLowerCase() === "ipv6" ? 6 : 4;
}

/** The families an Azure LB's frontends serve; undefined when some frontend cannot be resolved. */
export function azureLbFamilies(lb: PlainResource, publicIps: ReadonlyMap<string, PlainResource>): Set<4 | 6> | undefined {
  const frontends = list(lb.props.frontendIPConfigurations);
  if (!Array.isArray(frontends)) return isUnknown(frontends) ? undefined : new Set();
  const families = new Set<4 | 6>();
  let unresolved = false;
  // Which public IPs the frontends use: from the engine's dependency record
  // (ids are unknown in a preview), else by literal id.
  const depIps = (lb.propertyDependencies.frontendIPConfigurations ?? []).map((u) => publicIps.get(u)).filter((r): r is PlainResource => !!r);
  for (const ip of depIps) {
    const f = publicIpFamily(ip.props);
    if (f) families.add(f);
    else unresolved = true;
  }
  for (const fe of frontends) {
    if (!isProps(fe)) continue;
    const pip = at(fe, "publicIPAddress");
    if (pip !== undefined && pip !== null) {
      if (depIps.length === 0) unresolved = true; // an existing IP outside this stack: can't tell
      continue;
    }
    if (at(fe, "publicIPPrefix") !== undefined) {
      unresolved = true;
      continue;
    }
    const v = str(at(fe, "privateIPAddressVersion"));
    if (isUnknown(v)) unresolved = true;
    else families.add(v?.toLowerCase() === "ipv6" ? 6 : 4);
  }
  return families.size === 2 || !unresolved ? families : undefined;
}

export const azureLbDualStack: StackRule = {
  name: "azure-lb-dual-stack",
  description:
    "Every Azure load balancer has an IPv4 and an IPv6 frontend (on public IPs of each family, or private frontends of each version): a Standard LB serves one family per frontend, so a single frontend means a single family.",
  types: [AZURE.lb, AZURE.publicIp],
  check(resources) {
    const publicIps = new Map(resources.filter((r) => r.type === AZURE.publicIp).map((r) => [r.urn, r]));
    const findings: Finding[] = [];
    for (const lb of resources.filter((r) => r.type === AZURE.lb)) {
      const families = azureLbFamilies(lb, publicIps);
      if (!families || families.size === 2) continue;
      const missing = families.has(6) ? "IPv4" : "IPv6";
      findings.push({
        urn: lb.urn,
        message: `load balancer "${lb.name}" has no ${missing} frontend: add a frontendIPConfiguration on a Standard, static public IP with publicIPAddressVersion "${missing}", plus its backend pool and rules.`,
      });
    }
    return findings;
  },
};
