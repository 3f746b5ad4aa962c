// The entry point for the VMs: a Standard public load balancer with one frontend,
// backend pool, health probe, load-balancing rule and outbound rule per
// family, on two Standard, static public IPs (IPv4, IPv6). Azure's LB is the
// dual-stack VIP here: no HAProxy or keepalived hosts (the plan's ingress
// hosts are not built on Azure), and the LB itself is zone-redundant.
//
// Outbound: the rules' frontends are reused for egress (outbound rules), so a
// node's traffic leaves from the same two addresses clients connect to: two
// public IPs instead of four, one pair to allow-list. That needs
// disableOutboundSnat on the load-balancing rules (a frontend does SNAT only
// through the outbound rule then).
import * as network from "@pulumi/azure-native/network";
import type * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { FAMILIES, type Family } from "../../../addressing";
import { named } from "../../../cluster/names";
import { HTTP_PORT } from "./network";
import type { AzurePlacement } from "./settings";

const VERSION: Record<Family, "IPv4" | "IPv6"> = { ipv4: "IPv4", ipv6: "IPv6" };

export const LB = {
  name: "lb",
  frontend: (f: Family) => `frontend-${f}`,
  pool: (f: Family) => `pool-${f}`,
  probe: (f: Family) => `healthz-${f}`,
  rule: (f: Family) => `http-${f}`,
  outbound: (f: Family) => `outbound-${f}`,
  healthPath: "/healthz",
  /** SNAT ports are shared by the pool; 64,000 per frontend IP (Microsoft Learn, load-balancer-outbound-connections). */
  snatPortsPerIp: 64000,
  maxSnatPortsPerNode: 16000,
} as const;

export interface LoadBalancer {
  lb: network.LoadBalancer;
  publicIps: Record<Family, network.PublicIPAddress>;
  /** Backend pool ids for the NICs' ip-configurations, by family. */
  poolIds: Record<Family, pulumi.Output<string>>;
  /** The public addresses clients use. */
  ipv4: pulumi.Output<string>;
  ipv6: pulumi.Output<string>;
}

export function publicIp(prefix: string, family: Family, rg: resources.ResourceGroup, where: AzurePlacement, opts: pulumi.CustomResourceOptions = {}): network.PublicIPAddress {
  return new network.PublicIPAddress(
    named(prefix, `pip-${family}`),
    {
    resourceGroupName: rg.name,
    location: where.location,
    publicIpAddressName: `pip-${family}`,
    publicIPAddressVersion: VERSION[family],
    // IPv6 public IPs exist only as Standard + Static; IPv4 the same, so both families behave alike.
    sku: { name: "Standard", tier: "Regional" },
    publicIPAllocationMethod: "Static",
  }, opts);
}

export function loadBalancer(prefix: string, rg: resources.ResourceGroup, where: AzurePlacement, nodeCount: number, opts: pulumi.CustomResourceOptions = {}): LoadBalancer {
  const publicIps = { ipv4: publicIp(prefix, "ipv4", rg, where, opts), ipv6: publicIp(prefix, "ipv6", rg, where, opts) };
  // The LB's parts refer to each other by ARM id; the LB's own id is known from its name before it exists.
  const lbId = pulumi.interpolate`${rg.id}/providers/Microsoft.Network/loadBalancers/${LB.name}`;
  const part = (kind: string, name: string) => ({ id: pulumi.interpolate`${lbId}/${kind}/${name}` });
  const ports = snatPortsPerNode(nodeCount);

  const lb = new network.LoadBalancer(named(prefix, "lb"), {
    resourceGroupName: rg.name,
    location: where.location,
    loadBalancerName: LB.name,
    sku: { name: "Standard", tier: "Regional" },
    frontendIPConfigurations: FAMILIES.map((f) => ({ name: LB.frontend(f), publicIPAddress: { id: publicIps[f].id } })),
    backendAddressPools: FAMILIES.map((f) => ({ name: LB.pool(f) })),
    probes: FAMILIES.map((f) => ({
      name: LB.probe(f),
      protocol: "Http",
      port: HTTP_PORT,
      requestPath: LB.healthPath,
      intervalInSeconds: 5,
      probeThreshold: 2,
    })),
    loadBalancingRules: FAMILIES.map((f) => ({
      name: LB.rule(f),
      protocol: "Tcp",
      frontendPort: HTTP_PORT,
      backendPort: HTTP_PORT,
      frontendIPConfiguration: part("frontendIPConfigurations", LB.frontend(f)),
      backendAddressPool: part("backendAddressPools", LB.pool(f)),
      probe: part("probes", LB.probe(f)),
      enableFloatingIP: false,
      enableTcpReset: true,
      idleTimeoutInMinutes: 4,
      disableOutboundSnat: true,
    })),
    outboundRules: FAMILIES.map((f) => ({
      name: LB.outbound(f),
      protocol: "All",
      frontendIPConfigurations: [part("frontendIPConfigurations", LB.frontend(f))],
      backendAddressPool: part("backendAddressPools", LB.pool(f)),
      allocatedOutboundPorts: ports,
      enableTcpReset: true,
      idleTimeoutInMinutes: 4,
    })),
  }, opts);
  // From the LB's real id, so the NICs wait for the LB (and its pools) to exist.
  const poolIds = { ipv4: pulumi.interpolate`${lb.id}/backendAddressPools/${LB.pool("ipv4")}`, ipv6: pulumi.interpolate`${lb.id}/backendAddressPools/${LB.pool("ipv6")}` };
  return { lb, publicIps, poolIds, ipv4: addressOf(publicIps.ipv4, "IPv4"), ipv6: addressOf(publicIps.ipv6, "IPv6") };
}

/**
 * SNAT ports per node and family: the frontend IP's 64,000 ports shared by
 * the nodes plus one being replaced, in Azure's multiples of 8, capped so a
 * small pool does not take ports a later, larger one cannot give back.
 */
export function snatPortsPerNode(nodeCount: number): number {
  const share = Math.floor(LB.snatPortsPerIp / (nodeCount + 1) / 8) * 8;
  if (share < 8) throw new Error(`azure: ${nodeCount} nodes leave no SNAT ports per node on one frontend IP`);
  return Math.min(share, LB.maxSnatPortsPerNode);
}

/** A static public IP's address; Azure assigns it on creation, so a missing one is Azure's fault, said so. */
function addressOf(ip: network.PublicIPAddress, family: string): pulumi.Output<string> {
  return ip.ipAddress.apply((address) => {
    if (!address) throw new Error(`azure: the static ${family} public IP has no address`);
    return address;
  });
}
