// The worker nodes: Docker with a dual-stack daemon and the demo app, reached
// by the ingress hosts over the private network (IPv4 by DHCP, the planned
// ULA IPv6 set statically on eth1 by the user data).
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../components/addressing";
import type { Instance, PrivateNetwork } from "../../components/clouds/exoscale";
import { loadDemoAppSource, renderUserData } from "../../components/runtime";
import { hostSummary, HostSummary, plannedInstance, PRIVATE_INTERFACE, PUBLIC_INTERFACE } from "./hosts";
import { networkOf } from "./network";
import type { AntiAffinity, SecurityGroups } from "./security";
import type { ExoscaleSection } from "./settings";

export interface NodesArgs {
  plan: AddressPlan;
  prefix: string;
  settings: ExoscaleSection;
  securityGroups: SecurityGroups;
  antiAffinity: AntiAffinity;
  networks: Map<string, PrivateNetwork>;
}

export interface Nodes {
  instances: Instance[];
  summaries: HostSummary[];
}

/** A node's #cloud-config: Docker, the app, and eth0 keeping its public IPv6 by RA although the node forwards. */
export function nodeUserData(plan: AddressPlan, node: string, appSource: string): string {
  return renderUserData("docker", {
    plan,
    node,
    privateInterface: PRIVATE_INTERFACE,
    acceptRaInterfaces: [PUBLIC_INTERFACE],
    app: { source: appSource },
  });
}

export function nodes(a: NodesArgs, opts?: pulumi.CustomResourceOptions): Nodes {
  const appSource = loadDemoAppSource();
  const instances = a.plan.nodes.map((node, i) =>
    plannedInstance(
      node,
      {
        prefix: a.prefix,
        settings: a.settings,
        instanceType: a.settings.instanceType,
        securityGroup: a.securityGroups.nodes,
        antiAffinityGroup: a.antiAffinity.groupOf(i),
        network: networkOf(a.networks, node),
        userData: nodeUserData(a.plan, node.name, appSource),
      },
      opts,
    ),
  );
  return { instances, summaries: a.plan.nodes.map((node, i) => hostSummary(node, instances[i])) };
}
