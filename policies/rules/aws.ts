// AWS: networks, default routes, load balancers and EKS, as pure rules over
// resource inputs. Facts: a VPC gets an Amazon /56 with
// assignGeneratedIpv6CidrBlock (unknown until created, so subnet blocks are
// unknown in the first preview: unknown counts as fine); NAT gateways are
// IPv4-only, so private subnets need ::/0 via an egress-only internet gateway.
import { isAnyV4, isAnyV6 } from "../lib/cidr";
import type { Finding, PlainResource, ResourceRule, StackRule } from "../lib/policy";
import { at, bool, hasUnknown, isProps, isUnknown, list, str, UNKNOWN, type Props } from "../lib/props";
import { groupBy, nameOfUrn, refOf } from "../lib/refs";
import { AWS } from "../lib/types";

const set = (v: unknown): boolean => isUnknown(v) || (typeof v === "string" && v !== "");

export const awsVpcHasIpv6: ResourceRule = {
  name: "aws-vpc-has-ipv6",
  description:
    "Every AWS VPC gets an IPv6 block (assignGeneratedIpv6CidrBlock, an IPAM pool or ipv6CidrBlock): without one, no subnet, instance or load balancer in it can ever have IPv6.",
  types: [AWS.vpc],
  check(props, name) {
    const generated = bool(props.assignGeneratedIpv6CidrBlock);
    if (generated === true || isUnknown(generated) || set(props.ipv6IpamPoolId) || set(props.ipv6CidrBlock)) return [];
    return [`VPC "${name}" has no IPv6 block: set assignGeneratedIpv6CidrBlock: true (an Amazon /56) or ipv6IpamPoolId.`];
  },
};

export const awsSubnetHasIpv6: ResourceRule = {
  name: "aws-subnet-has-ipv6",
  description:
    "Every AWS subnet has an IPv6 /64 and assigns IPv6 addresses on launch (or is IPv6-native): otherwise instances in it start IPv4-only even in a dual-stack VPC.",
  types: [AWS.subnet],
  check(props, name) {
    const native = bool(props.ipv6Native);
    if (native === true || isUnknown(native)) return [];
    const problems: string[] = [];
    if (!set(props.ipv6CidrBlock)) {
      problems.push(`subnet "${name}" has no ipv6CidrBlock: set it explicitly to a /64 of the VPC's block (e.g. with cidrsubnet on vpc.ipv6CidrBlock).`);
    }
    const assign = bool(props.assignIpv6AddressOnCreation);
    if (assign !== true && !isUnknown(assign)) {
      problems.push(`subnet "${name}" does not set assignIpv6AddressOnCreation: true, so instances launch without an IPv6 address.`);
    }
    return problems;
  },
};

const DUAL_STACK_LB = new Set(["dualstack", "dualstack-without-public-ipv4"]);

export const awsLbDualStack: ResourceRule = {
  name: "aws-lb-dual-stack",
  description:
    "Every AWS ALB/NLB listens on both families (ipAddressType dualstack or dualstack-without-public-ipv4): the load balancer is the endpoint clients resolve, and an ipv4 one has no AAAA record at all.",
  types: [AWS.lb, AWS.albLegacy],
  check(props, name) {
    const t = str(props.ipAddressType);
    if (isUnknown(t) || (t !== undefined && DUAL_STACK_LB.has(t))) return [];
    return [`load balancer "${name}" is ${t ?? "ipv4"} only: set ipAddressType: "dualstack" (its subnets need IPv6 /64s).`];
  },
};

export const awsEksIpv6: ResourceRule = {
  name: "aws-eks-ipv6",
  description:
    "EKS clusters use IPv6 pods (kubernetesNetworkConfig.ipFamily ipv6): EKS cannot run dual-stack pods, ipv6 is the closest it gets (pods still reach IPv4 through the node), and it can only be chosen at creation.",
  types: [AWS.eksCluster],
  check(props, name) {
    const family = str(at(props.kubernetesNetworkConfig, "ipFamily"));
    if (family === "ipv6" || isUnknown(family)) return [];
    return [
      `EKS cluster "${name}" has ${family ?? "ipv4"} pods: set kubernetesNetworkConfig: { ipFamily: "ipv6" } (only possible at creation) and put a dual-stack load balancer in front.`,
    ];
  },
};

export const awsEksDualStackIngress: ResourceRule = {
  name: "aws-eks-dual-stack-ingress",
  description:
    "Advisory: an IPv6 EKS cluster is compliant, but EKS cannot do dual-stack pods, so IPv4 clients depend on a dual-stack ingress (NLB/ALB with ipAddressType dualstack).",
  types: [AWS.eksCluster],
  enforcementLevel: "advisory",
  check(props, name) {
    if (str(at(props.kubernetesNetworkConfig, "ipFamily")) !== "ipv6") return [];
    return [`EKS cluster "${name}": EKS cannot do dual-stack pods; ingress must be dual-stack (a load balancer with ipAddressType "dualstack").`];
  },
};

type DefaultRoutes = { v4?: string; v6: boolean; unknown: boolean };

function inlineRoutes(table: PlainResource, acc: DefaultRoutes): void {
  const routes = list(table.props.routes);
  if (isUnknown(routes)) acc.unknown = true;
  if (!Array.isArray(routes)) return;
  for (const r of routes) {
    if (!isProps(r)) continue;
    if (hasUnknown(r.cidrBlock) || hasUnknown(r.ipv6CidrBlock)) acc.unknown = true;
    const v4 = str(r.cidrBlock);
    const v6 = str(r.ipv6CidrBlock);
    if (typeof v4 === "string" && isAnyV4(v4)) acc.v4 ??= table.urn;
    if (typeof v6 === "string" && isAnyV6(v6)) acc.v6 = true;
  }
}

function standaloneRoute(route: PlainResource, acc: DefaultRoutes): void {
  const v4 = str(route.props.destinationCidrBlock);
  const v6 = str(route.props.destinationIpv6CidrBlock);
  if (v4 === UNKNOWN || v6 === UNKNOWN) acc.unknown = true;
  if (typeof v4 === "string" && isAnyV4(v4)) acc.v4 ??= route.urn;
  if (typeof v6 === "string" && isAnyV6(v6)) acc.v6 = true;
}

export const awsDefaultRouteHasIpv6: StackRule = {
  name: "aws-default-route-has-ipv6",
  description:
    "Every AWS route table with a 0.0.0.0/0 route also has a ::/0 route (internet gateway, or egress-only gateway for private subnets): otherwise IPv6 addresses exist but IPv6 traffic has nowhere to go.",
  types: [AWS.route, AWS.routeTable, AWS.defaultRouteTable],
  check(resources) {
    const tables = resources.filter((r) => r.type !== AWS.route);
    const tableByUrn = new Map(tables.map((t) => [t.urn, t]));
    const routes = resources.filter((r) => r.type === AWS.route);
    const byTable = groupBy(routes, (r) => refOf(r, "routeTableId"));
    const findings: Finding[] = [];
    const keys = new Set([...tables.map((t) => t.urn), ...byTable.keys()]);
    for (const key of keys) {
      const acc: DefaultRoutes = { v6: false, unknown: false };
      const table = tableByUrn.get(key);
      if (table) inlineRoutes(table, acc);
      for (const r of byTable.get(key) ?? []) standaloneRoute(r, acc);
      if (acc.v4 === undefined || acc.v6 || acc.unknown) continue;
      const tableName = table ? table.name : key.startsWith("id:") ? key.slice(3) : nameOfUrn(key);
      findings.push({
        urn: acc.v4,
        message:
          `route table "${tableName}" has a 0.0.0.0/0 route but no ::/0 route: add aws.ec2.Route { routeTableId, destinationIpv6CidrBlock: "::/0", ` +
          `gatewayId: <internet gateway> } (public) or egressOnlyGatewayId: <egress-only internet gateway> (private; NAT gateways are IPv4-only).`,
      });
    }
    return findings;
  },
};

/** Exported for the review's endpoint count. */
export function awsLbIsDualStack(props: Props): boolean | undefined {
  const t = str(props.ipAddressType);
  return isUnknown(t) ? undefined : t !== undefined && DUAL_STACK_LB.has(t);
}
