// The worker nodes: Docker with a dual-stack daemon and the demo app, or a
// self-managed k3s node (the demo app a LoadBalancer Service that k3s
// ServiceLB serves on port 80 of every node, both families). The ingress
// hosts reach them over the private network (IPv4 by DHCP, the planned ULA
// IPv6 set statically on eth1 by the user data); k3s itself runs between
// the nodes' private addresses (node-ip), where Exoscale security groups do
// not filter, so the nodes' group stays closed to everything but ICMP.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../components/addressing";
import type { Instance } from "../../components/clouds/exoscale";
import { MAX_USER_DATA_BASE64 } from "../../components/clouds/exoscale/providers/instance";
import { loadDemoAppSource, renderDockerUserData, renderK3sUserData } from "../../components/runtime";
import type { HostNetworkOptions } from "../../components/runtime/cloud-init";
import type { ConfigProblem, StackConfig } from "../config";
import { nodeUserData } from "../node-user-data";
import { hostSummary, HostSummary, plannedInstance, PRIVATE_INTERFACE, PUBLIC_INTERFACE, type RoleArgs } from "./hosts";
import { networkOf } from "./network";

/** eth1 gets the planned ULA; eth0 keeps its public IPv6 by RA although the node forwards. */
export const NODE_HOST_NETWORK: HostNetworkOptions = { privateInterface: PRIVATE_INTERFACE, acceptRaInterfaces: [PUBLIC_INTERFACE] };

export interface NodesArgs extends RoleArgs {
  stack: string;
  config: StackConfig;
  /** The k3s join token (requireK3sToken), for runtime kubernetes. */
  k3sToken?: pulumi.Output<string>;
}

export interface Nodes {
  instances: Instance[];
  summaries: HostSummary[];
}

/**
 * The widest node user data of the plan, in base64 characters, rendered as
 * stacks/node-user-data.ts renders it but with a stand-in token of the real
 * token's length (the text is only measured). k3s servers carry the demo
 * manifests; a joining server also the join URL, so the first, a joining
 * server, the first agent and the last node are the candidates.
 */
export function widestNodeUserData(config: StackConfig, plan: AddressPlan, tokenLength: number): number {
  const app = { source: loadDemoAppSource() };
  const servers = plan.nodes.length >= 3 ? 3 : 1; // as nodeUserData chooses
  const token = "x".repeat(Math.max(tokenLength, 16));
  const candidates = [...new Set([0, servers - 1, servers, plan.nodes.length - 1])].filter((i) => i < plan.nodes.length);
  const sizes = candidates.map((i) => {
    const node = plan.nodes[i].name;
    const text =
      config.runtime === "kubernetes"
        ? renderK3sUserData({ plan, node, token, servers, app, ...NODE_HOST_NETWORK })
        : renderDockerUserData({ plan, node, app, ...NODE_HOST_NETWORK });
    return Buffer.from(text, "utf8").toString("base64").length;
  });
  return Math.max(0, ...sizes);
}

/** The nodes' user data must fit Exoscale's limit; checked at preview, naming the runtime (the node count hardly matters). */
export function nodeUserDataProblems(config: StackConfig, plan: AddressPlan, tokenLength: number): ConfigProblem[] {
  const size = widestNodeUserData(config, plan, tokenLength);
  if (size <= MAX_USER_DATA_BASE64) return [];
  const what = config.runtime === "kubernetes" ? "k3s (its servers carry the demo manifests)" : "Docker and the demo app";
  const message =
    `makes the nodes' user data too large: with ${what} and dualstack:nodes.count ${plan.nodes.length} it would take up to ${size} ` +
    `characters in base64 where Exoscale accepts ${MAX_USER_DATA_BASE64}`;
  return [{ key: "dualstack:runtime", value: config.runtime, message }];
}

export function nodes(a: NodesArgs, opts?: pulumi.CustomResourceOptions): Nodes {
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
        userData: nodeUserData({ stack: a.stack, config: a.config, plan: a.plan, node: node.name, hostNetwork: NODE_HOST_NETWORK }, a.k3sToken),
      },
      opts,
    ),
  );
  return { instances, summaries: a.plan.nodes.map((node, i) => hostSummary(node, instances[i])) };
}
