// The worker nodes: Docker with a dual-stack daemon and the demo app,
// reached by the ingress hosts over the private network (IPv4 by DHCP, the
// planned ULA IPv6 set statically by netplan).
import type { AddressPlan } from "../../components/addressing";
import type { Server } from "../../components/clouds/cloudscale";
import { loadDemoAppSource, renderDockerUserData } from "../../components/runtime";
import { AntiAffinity, hostSummary, HostSummary, plannedServer } from "./hosts";
import { networkOf, PrivateNetwork } from "./network";
import { distroOf, type CloudscaleSection } from "./settings";

export interface NodesArgs {
  plan: AddressPlan;
  prefix: string;
  settings: CloudscaleSection;
  antiAffinity: AntiAffinity;
  networks: Map<string, PrivateNetwork>;
}

export interface Nodes {
  servers: Server[];
  summaries: HostSummary[];
}

/**
 * A node's #cloud-config. The node forwards (containers), so the public
 * interface needs accept_ra 2 to keep its IPv6 address and default route.
 */
export function nodeUserData(plan: AddressPlan, node: string, s: CloudscaleSection, appSource: string): string {
  return renderDockerUserData({
    plan,
    node,
    distro: distroOf(s.image),
    privateInterface: s.privateInterface,
    acceptRaInterfaces: [s.publicInterface],
    app: { source: appSource },
  });
}

export function nodes(a: NodesArgs): Nodes {
  const appSource = loadDemoAppSource();
  const servers = a.plan.nodes.map((node, i) =>
    plannedServer(node, {
      prefix: a.prefix,
      settings: a.settings,
      flavor: a.settings.flavor,
      serverGroup: a.antiAffinity.groupOf(i),
      network: networkOf(a.networks, node),
      userData: nodeUserData(a.plan, node.name, a.settings, appSource),
    }),
  );
  return { servers, summaries: a.plan.nodes.map((node, i) => hostSummary(node, servers[i])) };
}
