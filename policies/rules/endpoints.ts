// Public endpoints and their address families, over resources (policies
// cannot see stack outputs). Multi-address endpoints (load balancers, lab
// hosts) are dual-stack on their own; single-address ones (Azure public IPs,
// Exoscale elastic IPs, cloudscale floating IPs) are dual-stack when an
// IPv4 one has an IPv6 counterpart in the same scope (same parent component
// and zone/region). Shared by the pair rules and the review's coverage line.
import type { Finding, PlainResource, StackRule } from "../lib/policy";
import type { IpVersion } from "../lib/cidr";
import { isUnknown, num, str, type Props } from "../lib/props";
import { AWS, AZURE, CLOUDSCALE, EXOSCALE, LAB } from "../lib/types";
import { awsLbIsDualStack } from "./aws";
import { azureLbFamilies, publicIpFamily } from "./azure";
import { cloudscaleLbFamilies } from "./cloudscale";
import { labHostIsDualStack } from "./lab";

type Resource = Pick<PlainResource, "urn" | "type" | "name" | "props" | "parent" | "propertyDependencies"> & { exempt?: boolean };

/** Single-address endpoint types: family of one resource, and what to add for the other family. */
const SINGLE: Record<string, { kind: string; family(p: Props): IpVersion | undefined; scope(p: Props): string; add: string }> = {
  [AZURE.publicIp]: {
    kind: "public IP",
    family: publicIpFamily,
    scope: (p) => String(str(p.location) ?? ""),
    add: 'an azure-native network.PublicIPAddress { publicIPAddressVersion: "IPv6", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" }',
  },
  [EXOSCALE.elasticIp]: {
    kind: "elastic IP",
    family: (p) => {
      const f = str(p.addressFamily);
      return isUnknown(f) ? undefined : f === "inet6" ? 6 : 4;
    },
    scope: (p) => String(str(p.zone) ?? ""),
    add: 'an exoscale ElasticIp { addressFamily: "inet6", zone, healthcheck } (instances need publicIpAssignment "dual")',
  },
  [CLOUDSCALE.floatingIp]: {
    kind: "floating IP",
    family: (p) => {
      const v = num(p.ipVersion);
      return isUnknown(v) ? undefined : v === 6 ? 6 : 4;
    },
    scope: (p) => `${String(str(p.type) ?? "regional")}/${String(str(p.region) ?? "")}`,
    add: "a cloudscale FloatingIp { ipVersion: 6, type, region, server } (a /128, or prefixLength 56 for a network)",
  },
};

export interface Endpoint {
  urn: string;
  name: string;
  kind: string;
  /** undefined: not known yet (preview). */
  families: Set<IpVersion> | undefined;
  /** Set for single-address endpoints: they pair up within a scope. */
  scope?: string;
  /** The component the endpoint belongs to (its parent's URN), if any. */
  parent?: string;
  exempt: boolean;
}

/** Every endpoint resource among `resources`, with the families it serves. */
export function endpointsOf(resources: readonly Resource[]): Endpoint[] {
  const publicIps = new Map<string, PlainResource>();
  for (const r of resources) if (r.type === AZURE.publicIp) publicIps.set(r.urn, { exempt: false, ...r });
  const out: Endpoint[] = [];
  for (const r of resources) {
    const base = { urn: r.urn, name: r.name, exempt: r.exempt ?? false };
    const single = SINGLE[r.type];
    if (single) {
      const f = single.family(r.props);
      out.push({ ...base, kind: single.kind, families: f ? new Set([f]) : undefined, scope: `${r.type}|${r.parent ?? ""}|${single.scope(r.props)}`, parent: r.parent });
      continue;
    }
    let kind: string | undefined;
    let families: Set<IpVersion> | undefined;
    if (r.type === AWS.lb || r.type === AWS.albLegacy) {
      kind = "load balancer";
      const dual = awsLbIsDualStack(r.props);
      families = dual === undefined ? undefined : dual ? new Set([4, 6]) : new Set([4]);
    } else if (r.type === AZURE.lb) {
      kind = "load balancer";
      families = azureLbFamilies({ exempt: false, ...r }, publicIps);
    } else if (r.type === CLOUDSCALE.lb) {
      kind = "load balancer";
      families = cloudscaleLbFamilies(r.props);
    } else if (r.type === EXOSCALE.nlbService) {
      kind = "NLB service";
      families = new Set([4]);
    } else if (r.type === LAB.host) {
      kind = "lab host";
      families = labHostIsDualStack(r.props) ? new Set([4, 6]) : new Set([4]);
    }
    if (kind) out.push({ ...base, kind, families });
  }
  return out;
}

// "ingress-ipv4" and "ingress-ipv6", "eip-v4"/"eip-v6", "vip4"/"vip6" pair by name first.
const stem = (name: string) => name.toLowerCase().replace(/(ip)?v?[46]|inet[46]/g, "");

export interface Pairing {
  pairs: [Endpoint, Endpoint][];
  /** IPv4-only single-address endpoints with no IPv6 counterpart in their scope. */
  unpaired: Endpoint[];
  /** IPv6 (or not yet known) single-address endpoints left without an IPv4 partner. */
  lone: Endpoint[];
}

/** Pairs IPv4 single-address endpoints with IPv6 ones of the same scope, by name first (exempt IPv4 ones sit out). */
export function pairUp(endpoints: readonly Endpoint[]): Pairing {
  const result: Pairing = { pairs: [], unpaired: [], lone: [] };
  const byScope = new Map<string, Endpoint[]>();
  for (const e of endpoints) {
    if (e.scope === undefined) continue;
    const list = byScope.get(e.scope);
    if (list) list.push(e);
    else byScope.set(e.scope, [e]);
  }
  for (const members of byScope.values()) {
    // An unknown family might be the missing IPv6 one: lenient.
    const v6 = members.filter((e) => !e.families || e.families.has(6));
    const v4 = members.filter((e) => e.families?.has(4) && !e.families.has(6) && !e.exempt);
    const used = new Set<Endpoint>();
    const take = (e: Endpoint, pred: (c: Endpoint) => boolean): boolean => {
      const c = v6.find((x) => !used.has(x) && pred(x));
      if (c) {
        used.add(c);
        result.pairs.push([e, c]);
      }
      return !!c;
    };
    const rest = v4.filter((e) => !take(e, (c) => stem(c.name) === stem(e.name)));
    for (const e of rest) if (!take(e, () => true)) result.unpaired.push(e);
    result.lone.push(...v6.filter((c) => !used.has(c)));
  }
  return result;
}

/**
 * "endpoints dual-stack: N/M" over endpoints (exemptions ignored: an exempt
 * endpoint is still not dual-stack). A v4+v6 pair is one dual-stack endpoint;
 * a lone IPv6 address is an endpoint that is not dual-stack; unknown families
 * (preview) count as dual-stack, since nothing says otherwise yet.
 */
export function coverage(endpoints: readonly Endpoint[]): { dual: number; total: number; notDual: Endpoint[] } {
  const multi = endpoints.filter((e) => e.scope === undefined);
  const p = pairUp(endpoints.map((e) => ({ ...e, exempt: false })));
  const original = new Map(endpoints.map((e) => [e.urn, e]));
  const notDual = [...multi.filter((e) => e.families && e.families.size < 2), ...p.unpaired, ...p.lone.filter((e) => e.families)].map((e) => original.get(e.urn) ?? e);
  const total = multi.length + p.pairs.length + p.unpaired.length + p.lone.length;
  return { dual: total - notDual.length, total, notDual };
}

/** ` of component "<name>"` for an endpoint inside a component (the name ends its URN). */
function componentOf(e: Endpoint): string {
  if (!e.parent || e.parent.includes("::pulumi:pulumi:Stack::")) return "";
  return ` of component "${e.parent.slice(e.parent.lastIndexOf("::") + 2)}"`;
}

function pairRule(name: string, type: string, description: string): StackRule {
  const single = SINGLE[type];
  return {
    name,
    description,
    types: [type],
    check(resources): Finding[] {
      return pairUp(endpointsOf(resources)).unpaired.map((e) => ({
        urn: e.urn,
        message: `${single.kind} "${e.name}"${componentOf(e)} is IPv4 with no IPv6 counterpart: add ${single.add} in the same component and zone, and attach it wherever "${e.name}" is attached.`,
      }));
    },
  };
}

export const azurePublicIpPairs = pairRule(
  "azure-public-ip-pairs",
  AZURE.publicIp,
  "Azure public IPs come in IPv4 + IPv6 pairs: a public IPv4 address without an IPv6 one is an endpoint IPv6-only clients cannot reach.",
);

export const exoscaleEipPairs = pairRule(
  "exoscale-eip-pairs",
  EXOSCALE.elasticIp,
  "Exoscale elastic IPs come in inet4 + inet6 pairs: on Exoscale, managed EIPs are the dual-stack ingress (the NLB is IPv4-only), so each IPv4 EIP needs its IPv6 twin.",
);

export const cloudscaleFloatingIpPairs = pairRule(
  "cloudscale-floating-ip-pairs",
  CLOUDSCALE.floatingIp,
  "cloudscale floating IPs come in IPv4 + IPv6 pairs: a failover address in one family only means the other family does not fail over (or does not exist).",
);
