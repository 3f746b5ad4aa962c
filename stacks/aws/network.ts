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
import type { AddressPlan } from "../../components/addressing";
import type { StackConfig } from "../config";
import { Layout, LayoutNetwork, planFromVpc, plannedNetwork, VPC_IPV6_PREFIX_LENGTH } from "./plan";
import type { AwsSettings } from "./settings";
import { tagsFor } from "./tags";

export const ANYWHERE = { ipv4: "0.0.0.0/0", ipv6: "::/0" } as const;

export interface PlacedSubnet {
  network: LayoutNetwork;
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

export interface NetworkArgs {
  stack: string;
  config: StackConfig;
  settings: AwsSettings;
  zones: string[];
  layout: Layout;
}

export function dualStackNetwork(a: NetworkArgs): DualStackNetwork {
  const prefix = a.layout.name;
  const vpc = new ec2.Vpc("vpc", {
    cidrBlock: a.layout.ipv4Supernet,
    ...(a.settings.ipv6IpamPoolId
      ? { ipv6IpamPoolId: a.settings.ipv6IpamPoolId, ipv6NetmaskLength: VPC_IPV6_PREFIX_LENGTH }
      : { assignGeneratedIpv6CidrBlock: true }),
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: tagsFor(prefix, "vpc"),
  });
  const plan = planFromVpc(a.stack, a.config, a.zones, vpc.ipv6CidrBlock);
  const subnets = a.layout.networks.map((network) => placeSubnet(prefix, vpc, plan, network, a.settings.mode === "eks"));
  const publicSubnets = subnets.filter((s) => s.network.public).map((s) => s.subnet);
  const privateSubnets = subnets.filter((s) => !s.network.public).map((s) => s.subnet);

  const internetGateway = new ec2.InternetGateway("igw", { vpcId: vpc.id, tags: tagsFor(prefix, "igw") });
  const egressOnlyGateway = new ec2.EgressOnlyInternetGateway("eigw", { vpcId: vpc.id, tags: tagsFor(prefix, "eigw") });

  const publicTable = new ec2.RouteTable("rt-public", { vpcId: vpc.id, tags: tagsFor(prefix, "public") });
  new ec2.Route("rt-public-default-v4", { routeTableId: publicTable.id, destinationCidrBlock: ANYWHERE.ipv4, gatewayId: internetGateway.id });
  new ec2.Route("rt-public-default-v6", { routeTableId: publicTable.id, destinationIpv6CidrBlock: ANYWHERE.ipv6, gatewayId: internetGateway.id });

  const natGateway = a.settings.natGateway ? natGatewayIn(prefix, publicSubnets[0], internetGateway) : undefined;
  const privateTable = new ec2.RouteTable("rt-private", { vpcId: vpc.id, tags: tagsFor(prefix, "private") });
  new ec2.Route("rt-private-default-v6", { routeTableId: privateTable.id, destinationIpv6CidrBlock: ANYWHERE.ipv6, egressOnlyGatewayId: egressOnlyGateway.id });
  if (natGateway) {
    new ec2.Route("rt-private-default-v4", { routeTableId: privateTable.id, destinationCidrBlock: ANYWHERE.ipv4, natGatewayId: natGateway.id });
  }

  for (const { network, subnet } of subnets) {
    new ec2.RouteTableAssociation(`rta-${network.name}`, { subnetId: subnet.id, routeTableId: (network.public ? publicTable : privateTable).id });
  }

  const byName = new Map(subnets.map((s) => [s.network.name, s.subnet]));
  return {
    vpc,
    plan,
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
function placeSubnet(prefix: string, vpc: ec2.Vpc, plan: pulumi.Output<AddressPlan>, network: LayoutNetwork, eks: boolean): PlacedSubnet {
  const ipv6Cidr = plan.apply((p) => plannedNetwork(p, network.name).ipv6Cidr);
  // For the AWS Load Balancer Controller (EKS): where internet-facing and internal load balancers go.
  const elbRole = eks ? { [network.public ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1" } : {};
  const subnet = new ec2.Subnet(`subnet-${network.name}`, {
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
  });
  return { network, subnet, ipv6Cidr };
}

/** The private subnets' IPv4 way out: an elastic IP and a NAT gateway in the first public subnet. */
function natGatewayIn(prefix: string, subnet: ec2.Subnet, internetGateway: ec2.InternetGateway): ec2.NatGateway {
  const eip = new ec2.Eip("nat", { domain: "vpc", tags: tagsFor(prefix, "nat") }, { dependsOn: [internetGateway] });
  return new ec2.NatGateway("nat", { allocationId: eip.id, subnetId: subnet.id, tags: tagsFor(prefix, "nat") }, { dependsOn: [internetGateway] });
}
