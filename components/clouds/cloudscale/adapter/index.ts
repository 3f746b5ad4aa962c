// The cluster on cloudscale.ch: servers with public IPv4 + IPv6 and their
// planned private IPv4 on a private network (the planned ULA IPv6 set in
// the guest: cloudscale's private subnets are IPv4 only), spread over
// anti-affinity server groups; a floating IPv4 + IPv6 pair as the entry
// point, moved by keepalived on the ingress hosts through the API (VRRP
// over the private network, the addresses on the public interface).
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedIngressHost, PlannedNode } from "../../../addressing";
import { spreadOver, type AdapterTypes, type CloudAdapter, type HostRequest, type Role, type Spread } from "../../../cluster";
import { firstPerKey } from "../../../preflight";
import type { ConfigProblem } from "../../../problems";
import { nodeUserData, nodeUserDataRenderProblems, type NodeRuntime } from "../../../runtime";
import { Server, ServerGroup } from "../resources";
import { assignFloatingIps, floatingIps, type FloatingIps } from "./entry-addresses";
import { ingressUserData, ingressUserDataProblems, settingKeys } from "./user-data";
import { networkOf, privateNetworks, type PrivateNetwork } from "./network";
import { CLOUDSCALE_HOST_DEFAULTS, distroOf, type CloudscaleAdapterArgs, type CloudscaleHostSettings } from "./settings";

export { FAILOVER_PATHS, CLOUD_ADVERT_INTERVAL_SECONDS, ingressUserData, ingressUserDataProblems, type FloatingNetworks } from "./user-data";
export { serviceAddress, type FloatingIps } from "./entry-addresses";
export { CLOUDSCALE_HOST_DEFAULTS, REGION_OF_ZONE, distroOf, type CloudscaleAdapterArgs, type CloudscaleHostSettings, type Zone } from "./settings";
export type { PrivateNetwork } from "./network";

/**
 * Servers per anti-affinity group. A strict group needs one hypervisor per
 * member, and cloudscale limits group sizes (unverified: we assume 4), so
 * larger roles are spread over several groups.
 */
export const ANTI_AFFINITY_GROUP_SIZE = 4;

export interface CloudscaleHost {
  server: Server;
  publicIpv4: pulumi.Output<string>;
  publicIpv6: pulumi.Output<string>;
}

export interface CloudscaleTypes extends AdapterTypes {
  network: Map<string, PrivateNetwork>;
  placement: Spread<ServerGroup>;
  software: pulumi.Input<string>;
  entry: FloatingIps;
  host: CloudscaleHost;
}

/** Counts of hosts per role in a plan. */
const roleCount = (plan: AddressPlan, role: Role) => (role === "nodes" ? plan.nodes.length : plan.ingress.hosts.length);

export class CloudscaleAdapter implements CloudAdapter<CloudscaleTypes> {
  readonly cloud = "cloudscale";

  private readonly s: CloudscaleHostSettings & { failoverToken: pulumi.Input<string> };

  constructor(args: CloudscaleAdapterArgs) {
    this.s = { ...CLOUDSCALE_HOST_DEFAULTS, ...args };
  }

  preflight(plan: AddressPlan, runtime: NodeRuntime): ConfigProblem[] {
    // cloudscale documents no user-data limit, so no size check: every host's user data is
    // rendered as `up` will, so the renderers' checks fail here, before any resource.
    const nodes = nodeUserDataRenderProblems(plan, runtime.kind, { ...this.nodeNetwork(), settings: settingKeys(this.s) });
    return firstPerKey([...ingressUserDataProblems(plan, this.s), ...nodes]);
  }

  /** The node's host network and Docker repository: the same for preflight and the real user data. */
  private nodeNetwork() {
    // The node forwards (containers, pods), so the public interface needs accept_ra 2
    // to keep its IPv6 address and default route.
    return { hostNetwork: { privateInterface: this.s.privateInterface, acceptRaInterfaces: [this.s.publicInterface] }, distro: distroOf(this.s.image) };
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource) {
    return privateNetworks(prefix, plan, this.s.zone, parent);
  }

  placement(prefix: string, plan: AddressPlan, role: Role, parent: pulumi.Resource) {
    return spreadOver(
      roleCount(plan, role),
      ANTI_AFFINITY_GROUP_SIZE,
      (g) => new ServerGroup(`${prefix}-group-${role}-${g}`, { name: `${plan.name}-${role}-${g}`, zone: this.s.zone, type: "anti-affinity" }, { parent }),
    );
  }

  nodeSoftware(plan: AddressPlan, node: PlannedNode, runtime: NodeRuntime) {
    return nodeUserData(plan, node.name, runtime, this.nodeNetwork());
  }

  entryPoint(prefix: string, _plan: AddressPlan, parent: pulumi.Resource) {
    return floatingIps(prefix, this.s, parent);
  }

  ingressSoftware(plan: AddressPlan, host: PlannedIngressHost, fips: FloatingIps) {
    const rendered = pulumi
      .all([fips.floatingIps.ipv4.network, fips.floatingIps.ipv6.network, this.s.failoverToken])
      .apply(([ipv4, ipv6, token]) => ingressUserData(plan, host, this.s, { ipv4, ipv6 }, token));
    // Secret (already, through the token; explicitly here): the state keeps it encrypted.
    return pulumi.secret(rendered);
  }

  host(r: HostRequest<CloudscaleTypes>, parent: pulumi.Resource): CloudscaleHost {
    const s = this.s;
    const server = new Server(
      r.name,
      {
        // API names carry the DNS-safe environment name: server names become host names.
        name: `${r.plan.name}-${r.host.name}`,
        flavor: r.role === "ingress" ? s.ingressFlavor : s.flavor,
        image: s.image,
        zone: s.zone,
        volumeSizeGb: s.volumeSizeGb,
        sshKeys: s.sshKeys,
        // IPv6 rides on the public interface (SLAAC); the private network is IPv4 by DHCP.
        useIpv6: true,
        interfaces: [{ network: "public" }, { addresses: [{ subnet: networkOf(r.network, r.host).subnet.uuid, address: r.host.ipv4 }] }],
        serverGroups: [r.placement.groupOf(r.index).uuid],
        userData: r.software,
      },
      { parent },
    );
    return { server, publicIpv4: server.publicIpv4, publicIpv6: server.publicIpv6 };
  }

  attachEntryPoint(prefix: string, fips: FloatingIps, hosts: CloudscaleHost[], parent: pulumi.Resource): void {
    // The first host has the highest VRRP priority: keepalived's first master.
    assignFloatingIps(prefix, fips, hosts[0].server, parent);
  }
}
