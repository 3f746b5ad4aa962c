// The dual-stack network: resource group, VNet (IPv4 supernet + IPv6 networks
// quarter), one subnet per plan network with its IPv4 prefix and its IPv6 /64,
// and one NSG on every subnet. NSG rules are single-family: one rule cannot
// mix IPv4 and IPv6 prefixes, so every rule open to 0.0.0.0/0 has a ::/0 twin.
// Self-managed k3s adds its node-to-node ports (clusterRules), from the
// VNet's own address space in each family only.
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedNetwork } from "../../../addressing";
import { named } from "../../../cluster/names";
import { DEMO_APP_DEFAULTS } from "../../../runtime/demo-app";
import type { AzurePlacement } from "./settings";
import { vnetAddressSpace, type VnetSpace } from "./space";

/**
 * Azure names are short and fixed ("vnet", "nsg", "lb", "node-1", ...): every
 * resource lives in the stack's own resource group, which carries the stack
 * name, and the load balancer's parts refer to each other by names known
 * before it exists.
 */
export const NAMES = {
  vnet: "vnet",
  nsg: "nsg",
} as const;

/** The port clients use, in both modes: the Docker host port and the AKS Service port (80). */
export const HTTP_PORT = DEMO_APP_DEFAULTS.publicPort;

export interface Network {
  resourceGroup: resources.ResourceGroup;
  vnet: network.VirtualNetwork;
  space: VnetSpace;
  nsg: network.NetworkSecurityGroup;
  /** By plan network name. */
  subnets: Map<string, network.Subnet>;
}

export interface NetworkOptions {
  /** Self-managed k3s: open its ports between the nodes; `servers` 3 adds embedded etcd's. */
  k3s?: { servers: number };
}

export function dualStackNetwork(prefix: string, plan: AddressPlan, where: AzurePlacement, options: NetworkOptions = {}, opts: pulumi.CustomResourceOptions = {}): Network {
  const n = (rest: string) => named(prefix, rest);
  const resourceGroup = new resources.ResourceGroup(n("rg"), { resourceGroupName: where.resourceGroupName, location: where.location }, opts);
  const common = { resourceGroupName: resourceGroup.name, location: where.location };
  const space = vnetAddressSpace(plan);
  const vnet = new network.VirtualNetwork(
    n("vnet"),
    {
      ...common,
      virtualNetworkName: NAMES.vnet,
      addressSpace: { addressPrefixes: [space.ipv4, space.ipv6] },
      // Subnets are their own resources below; none are declared inline (the two would fight).
    },
    opts,
  );
  const nsg = new network.NetworkSecurityGroup(
    n("nsg"),
    {
      ...common,
      networkSecurityGroupName: NAMES.nsg,
      securityRules: [...inboundRules(HTTP_PORT), ...(options.k3s ? clusterRules(space, options.k3s.servers) : [])],
    },
    opts,
  );
  return { resourceGroup, vnet, space, nsg, subnets: subnets(n, plan, resourceGroup, vnet, nsg, opts) };
}

/**
 * One subnet per plan network. Created one after the other: Azure runs one
 * operation per VNet at a time and answers parallel subnet writes with
 * AnotherOperationInProgress.
 */
function subnets(
  n: (name: string) => string,
  plan: AddressPlan,
  rg: resources.ResourceGroup,
  vnet: network.VirtualNetwork,
  nsg: network.NetworkSecurityGroup,
  opts: pulumi.CustomResourceOptions,
): Map<string, network.Subnet> {
  const byName = new Map<string, network.Subnet>();
  let previous: network.Subnet | undefined;
  for (const planned of plan.networks) {
    const subnet = new network.Subnet(
      n(`subnet-${planned.name}`),
      {
        resourceGroupName: rg.name,
        virtualNetworkName: vnet.name,
        subnetName: planned.name,
        addressPrefixes: subnetPrefixes(planned),
        networkSecurityGroup: { id: nsg.id },
        // Egress goes through the load balancer's outbound rules (VMs) or AKS's own: no implicit default outbound IPs.
        defaultOutboundAccess: false,
      },
      { ...opts, dependsOn: previous ? [previous] : [] },
    );
    byName.set(planned.name, subnet);
    previous = subnet;
  }
  return byName;
}

/** A subnet's prefixes: its IPv4 network and its IPv6 /64, in that order. */
export function subnetPrefixes(n: Pick<PlannedNetwork, "ipv4Cidr" | "ipv6Cidr">): [string, string] {
  if (!n.ipv6Cidr.endsWith("/64")) throw new Error(`azure: IPv6 subnets must be exactly /64, the plan gave ${n.ipv6Cidr}`);
  return [n.ipv4Cidr, n.ipv6Cidr];
}

/** The Internet in each family; an NSG rule holds one family only. */
const INTERNET = { ipv4: "0.0.0.0/0", ipv6: "::/0" } as const;

/**
 * Inbound rules on every subnet. The destination is "*": behind the load
 * balancer it is a VM's private address, behind AKS's (floating IP) the
 * Service's public one. No SSH from the Internet: Azure's default
 * DenyAllInBound closes it (reach the VMs with Bastion or `az ssh`).
 */
export function inboundRules(httpPort: number): inputs.network.SecurityRuleArgs[] {
  const rule = (name: string, priority: number, protocol: string, source: string, port: string, description: string): inputs.network.SecurityRuleArgs => ({
    name,
    priority,
    direction: "Inbound",
    access: "Allow",
    protocol,
    sourceAddressPrefix: source,
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    destinationPortRange: port,
    description,
  });
  return [
    rule("allow-http-ipv4", 100, "Tcp", INTERNET.ipv4, String(httpPort), "HTTP from the IPv4 Internet (through the load balancer)"),
    rule("allow-http-ipv6", 101, "Tcp", INTERNET.ipv6, String(httpPort), "HTTP from the IPv6 Internet (through the load balancer)"),
    // Health probes of both families come from the AzureLoadBalancer tag (168.63.129.16 and its IPv6 twin); AKS probes node ports.
    rule("allow-lb-probes", 110, "*", "AzureLoadBalancer", "*", "load balancer health probes, both families"),
    rule("allow-icmp-ipv4", 120, "Icmp", INTERNET.ipv4, "*", "ICMP: ping, fragmentation needed"),
    // IPv6 has no fragmentation on path: Packet Too Big must get through, or large responses stall.
    rule("allow-icmpv6", 121, "Icmp", INTERNET.ipv6, "*", "ICMPv6: packet too big, ping"),
  ];
}

/** Ports k3s nodes use between each other; etcd only with 3 servers (embedded etcd HA). */
const K3S_PORTS: readonly { name: string; protocol: "Tcp" | "Udp"; ports: string; what: string; etcd?: true }[] = [
  { name: "k3s-api", protocol: "Tcp", ports: "6443", what: "Kubernetes API and k3s supervisor" },
  { name: "flannel-vxlan", protocol: "Udp", ports: "8472", what: "flannel VXLAN (pod traffic between nodes)" },
  { name: "kubelet", protocol: "Tcp", ports: "10250", what: "kubelet" },
  { name: "etcd", protocol: "Tcp", ports: "2379-2380", what: "embedded etcd (3 servers)", etcd: true },
];

/**
 * Self-managed k3s between the nodes, from the VNet's own IPv4 and IPv6
 * space, never the Internet; one rule per family (priorities 200..). Azure's
 * default AllowVnetInBound (65000) admits this traffic already; these rules
 * state what k3s needs and keep it working under a lower-priority deny.
 */
export function clusterRules(space: VnetSpace, servers: number): inputs.network.SecurityRuleArgs[] {
  const ports = K3S_PORTS.filter((p) => !p.etcd || servers >= 3);
  return ports.flatMap((p, i) =>
    (["ipv4", "ipv6"] as const).map(
      (family, j): inputs.network.SecurityRuleArgs => ({
        name: `allow-${p.name}-${family}`,
        priority: 200 + 2 * i + j,
        direction: "Inbound",
        access: "Allow",
        protocol: p.protocol,
        sourceAddressPrefix: space[family],
        sourcePortRange: "*",
        destinationAddressPrefix: space[family],
        destinationPortRange: p.ports,
        description: `k3s: ${p.what}, from inside the VNet (${family === "ipv4" ? "IPv4" : "IPv6"})`,
      }),
    ),
  );
}

/** Subnet outputs for the stack: both prefixes as Azure holds them. */
export function subnetSummaries(plan: AddressPlan, subnets: Map<string, network.Subnet>): SubnetSummary[] {
  return plan.networks.map((n) => ({
    name: n.name,
    zone: n.zone,
    tier: n.tier,
    addressPrefixes: subnetPrefixes(n),
    id: subnetOf(subnets, n.name).id,
  }));
}

export interface SubnetSummary {
  name: string;
  zone: string;
  tier: string;
  /** [IPv4, IPv6 /64]. */
  addressPrefixes: [string, string];
  id: pulumi.Output<string>;
}

/** The subnet of a plan network (the planner guarantees every host's network exists). */
export function subnetOf(subnets: Map<string, network.Subnet>, name: string): network.Subnet {
  const subnet = subnets.get(name);
  if (!subnet) throw new Error(`azure: no subnet for plan network ${name}`);
  return subnet;
}
