// The dual-stack VPC: the plan's IPv4 supernet plus an IPv6 /56 from Amazon
// (or an IPAM pool); per zone a public subnet (ingress tier: NLB, NAT) and a
// private subnet (nodes tier), each with its planned IPv4 CIDR and IPv6 /64.
//
// Routes, one per family wherever there is one for the other:
//   public:  0.0.0.0/0 -> internet gateway,   ::/0 -> internet gateway
//   private: 0.0.0.0/0 -> NAT gateway (if dualstack:aws.natGateway),
//            ::/0 -> egress-only internet gateway (NAT gateways are IPv4 only;
//            the egress-only gateway lets nodes out over IPv6 but nothing in).
// One NAT gateway, in the first public subnet, so one private route table
// serves every zone; a NAT gateway per zone would need a table per zone.
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedNetwork } from "../../../addressing";
import type { AwsNetworkArgs } from "./settings";
import { named, type Names } from "../../../cluster/names";
import { tagsFor } from "./tags";

export const ANYWHERE = { ipv4: "0.0.0.0/0", ipv6: "::/0" } as const;

/** What AWS assigns a VPC: an Amazon-provided IPv6 block is always a /56; IPAM pools are asked for one. */
export const VPC_IPV6_PREFIX_LENGTH = 56;

/** A plan network as AWS places it: the ingress tier's networks are the public subnets (NLB, NAT gateway). */
export interface SubnetNetwork extends Pick<PlannedNetwork, "name" | "zone" | "tier" | "ipv4Cidr"> {
  public: boolean;
}

/** The plan's networks with their public flag; the IPv6 values are left out (the plan's may be stand-ins). */
export function subnetNetworks(plan: AddressPlan): SubnetNetwork[] {
  const ingressTier = plan.networks.find((n) => n.name === plan.ingress.network)?.tier;
  return plan.networks.map((n) => ({ name: n.name, zone: n.zone, tier: n.tier, ipv4Cidr: n.ipv4Cidr, public: n.tier === ingressTier }));
}

export interface PlacedSubnet {
  network: SubnetNetwork;
  subnet: ec2.Subnet;
  /** The subnet's /64 from the plan (unknown until the VPC exists). */
  ipv6Cidr: pulumi.Output<string>;
}

export interface DualStackNetwork {
  vpc: ec2.Vpc;
  /** The address plan on the VPC's real IPv6 block. */
  plan: pulumi.Output<AddressPlan>;
  subnets: PlacedSubnet[];
  publicSubnets: ec2.Subnet[];
  privateSubnets: ec2.Subnet[];
  internetGateway: ec2.InternetGateway;
  egressOnlyGateway: ec2.EgressOnlyInternetGateway;
  natGateway?: ec2.NatGateway;
  /** The subnet of a plan network, by name. */
  subnetOf(network: string): ec2.Subnet;
}

export interface NetworkArgs extends AwsNetworkArgs {
  /** Plans with the VPC's real IPv6 block (see AwsAdapterArgs.planWith). */
  planWith(ipv6Prefix: string): AddressPlan;
}

/**
 * The VPC and its subnets for `plan`, whose IPv4 half is exact; the IPv6 half
 * comes from planning again with the block AWS assigned (`plan` of the result).
 */
export function dualStackNetwork(names: Names, plan: AddressPlan, a: NetworkArgs, opts: pulumi.CustomResourceOptions = {}): DualStackNetwork {
  const prefix = names.api;
  const n = (rest: string) => named(names.pulumi, rest);
  const vpc = new ec2.Vpc(
    n("vpc"),
    {
      cidrBlock: plan.ipv4Supernet,
      ...(a.ipv6IpamPoolId ? { ipv6IpamPoolId: a.ipv6IpamPoolId, ipv6NetmaskLength: VPC_IPV6_PREFIX_LENGTH } : { assignGeneratedIpv6CidrBlock: true }),
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: tagsFor(prefix, "vpc"),
    },
    opts,
  );
  const assigned = vpc.ipv6CidrBlock.apply((block) => {
    if (!block) throw new Error("aws: the VPC has no IPv6 CIDR block; expected an Amazon-provided or IPAM /56");
    return a.planWith(block);
  });
  const subnets = subnetNetworks(plan).map((network) => placeSubnet(n, prefix, vpc, assigned, network, a.eks ?? false, opts));
  const publicSubnets = subnets.filter((s) => s.network.public).map((s) => s.subnet);
  const privateSubnets = subnets.filter((s) => !s.network.public).map((s) => s.subnet);

  const internetGateway = new ec2.InternetGateway(n("igw"), { vpcId: vpc.id, tags: tagsFor(prefix, "igw") }, opts);
  const egressOnlyGateway = new ec2.EgressOnlyInternetGateway(n("eigw"), { vpcId: vpc.id, tags: tagsFor(prefix, "eigw") }, opts);

  const publicTable = new ec2.RouteTable(n("rt-public"), { vpcId: vpc.id, tags: tagsFor(prefix, "public") }, opts);
  new ec2.Route(n("rt-public-default-v4"), { routeTableId: publicTable.id, destinationCidrBlock: ANYWHERE.ipv4, gatewayId: internetGateway.id }, opts);
  new ec2.Route(n("rt-public-default-v6"), { routeTableId: publicTable.id, destinationIpv6CidrBlock: ANYWHERE.ipv6, gatewayId: internetGateway.id }, opts);

  const natGateway = a.natGateway ? natGatewayIn(n, prefix, publicSubnets[0], internetGateway, opts) : undefined;
  const privateTable = new ec2.RouteTable(n("rt-private"), { vpcId: vpc.id, tags: tagsFor(prefix, "private") }, opts);
  new ec2.Route(n("rt-private-default-v6"), { routeTableId: privateTable.id, destinationIpv6CidrBlock: ANYWHERE.ipv6, egressOnlyGatewayId: egressOnlyGateway.id }, opts);
  if (natGateway) {
    new ec2.Route(n("rt-private-default-v4"), { routeTableId: privateTable.id, destinationCidrBlock: ANYWHERE.ipv4, natGatewayId: natGateway.id }, opts);
  }

  for (const { network, subnet } of subnets) {
    new ec2.RouteTableAssociation(n(`rta-${network.name}`), { subnetId: subnet.id, routeTableId: (network.public ? publicTable : privateTable).id }, opts);
  }

  const byName = new Map(subnets.map((s) => [s.network.name, s.subnet]));
  return {
    vpc,
    plan: assigned,
    subnets,
    publicSubnets,
    privateSubnets,
    internetGateway,
    egressOnlyGateway,
    natGateway,
    subnetOf(name) {
      const subnet = byName.get(name);
      if (!subnet) throw new Error(`aws: no subnet for plan network ${name}`);
      return subnet;
    },
  };
}

/**
 * A subnet with both families, its IPv6 /64 always given explicitly (leaving
 * it to the provider trips an open bug); new interfaces get an IPv6 address,
 * and only public subnets hand out public IPv4 addresses. Resource-based host
 * names (i-0123...) with A and AAAA records, so names do not encode IPv4.
 */
function placeSubnet(
  n: (name: string) => string,
  prefix: string,
  vpc: ec2.Vpc,
  plan: pulumi.Output<AddressPlan>,
  network: SubnetNetwork,
  eks: boolean,
  opts: pulumi.CustomResourceOptions,
): PlacedSubnet {
  const ipv6Cidr = plan.apply((p) => plannedNetwork(p, network.name).ipv6Cidr);
  // For the AWS Load Balancer Controller (EKS): where internet-facing and internal load balancers go.
  const elbRole = eks ? { [network.public ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1" } : {};
  const subnet = new ec2.Subnet(n(`subnet-${network.name}`), {
    vpcId: vpc.id,
    availabilityZone: network.zone,
    cidrBlock: network.ipv4Cidr,
    ipv6CidrBlock: ipv6Cidr,
    assignIpv6AddressOnCreation: true,
    mapPublicIpOnLaunch: network.public,
    privateDnsHostnameTypeOnLaunch: "resource-name",
    enableResourceNameDnsARecordOnLaunch: true,
    enableResourceNameDnsAaaaRecordOnLaunch: true,
    tags: tagsFor(prefix, network.name, { "dualstack:tier": network.tier, ...elbRole }),
  }, opts);
  return { network, subnet, ipv6Cidr };
}

/** The private subnets' IPv4 way out: an elastic IP and a NAT gateway in the first public subnet. */
function natGatewayIn(n: (name: string) => string, prefix: string, subnet: ec2.Subnet, internetGateway: ec2.InternetGateway, opts: pulumi.CustomResourceOptions): ec2.NatGateway {
  const after = { ...opts, dependsOn: [internetGateway] };
  const eip = new ec2.Eip(n("nat"), { domain: "vpc", tags: tagsFor(prefix, "nat") }, after);
  return new ec2.NatGateway(n("nat"), { allocationId: eip.id, subnetId: subnet.id, tags: tagsFor(prefix, "nat") }, after);
}

/** A named network of a plan (the planner guarantees the names). */
export function plannedNetwork(plan: AddressPlan, name: string): PlannedNetwork {
  const network = plan.networks.find((n) => n.name === name);
  if (!network) throw new Error(`aws: the plan has no network ${name}`);
  return network;
}
