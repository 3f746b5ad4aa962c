// The worker nodes: Docker with a dual-stack daemon and the demo app, or
// self-managed k3s (the demo app as a dual-stack Service on port 80), reached
// by the ingress hosts over the private network (IPv4 by DHCP, the planned
// ULA IPv6 set statically by netplan).
import type * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../components/addressing";
import type { Server } from "../../components/clouds/cloudscale";
import type { StackConfig } from "../config";
import { nodeUserData } from "../node-user-data";
import { AntiAffinity, hostSummary, HostSummary, plannedServer } from "./hosts";
import { networkOf, PrivateNetwork } from "./network";
import { distroOf, type CloudscaleSection } from "./settings";

export interface NodesArgs {
  stack: string;
  config: StackConfig;
  /** The k3s join token (runtime kubernetes), from requireK3sToken. */
  k3sToken?: pulumi.Output<string>;
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

export function nodes(a: NodesArgs): Nodes {
  // The node forwards (containers, pods), so the public interface needs accept_ra 2
  // to keep its IPv6 address and default route.
  const hostNetwork = { privateInterface: a.settings.privateInterface, acceptRaInterfaces: [a.settings.publicInterface] };
  const servers = a.plan.nodes.map((node, i) =>
    plannedServer(node, {
      prefix: a.prefix,
      settings: a.settings,
      flavor: a.settings.flavor,
      serverGroup: a.antiAffinity.groupOf(i),
      network: networkOf(a.networks, node),
      userData: nodeUserData(
        { stack: a.stack, config: a.config, plan: a.plan, node: node.name, hostNetwork, distro: distroOf(a.settings.image) },
        a.k3sToken,
      ),
    }),
  );
  return { servers, summaries: a.plan.nodes.map((node, i) => hostSummary(node, servers[i])) };
}
