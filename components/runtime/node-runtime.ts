// What runs on a cloud node, as a strategy the node pool takes: Docker with a
// dual-stack daemon and the demo app, or a self-managed k3s node joining with
// a secret token. The user data carries the token, so it is a secret then.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import type { Distro } from "./docker/cloud-init";
import { renderDockerUserData } from "./docker/cloud-init";
import type { HostNetworkOptions } from "./cloud-init";
import { loadDemoAppSource } from "./demo-app-source";
import { renderK3sUserData } from "./kubernetes/cloud-init";

export type NodeRuntime = { kind: "docker" } | { kind: "k3s"; token: pulumi.Input<string> };

/** k3s servers of a self-managed cluster: 3 (embedded etcd HA) once there are enough nodes, else 1. */
export function k3sServerCount(nodeCount: number): number {
  return nodeCount >= 3 ? 3 : 1;
}

export interface NodeUserDataOptions {
  hostNetwork?: HostNetworkOptions;
  /** The image's distribution, for Docker's apt repository (default ubuntu). */
  distro?: Distro;
}

/** The #cloud-config of `node` for `runtime`; a secret when it carries the k3s token. */
export function nodeUserData(plan: AddressPlan, node: string, runtime: NodeRuntime, o: NodeUserDataOptions = {}): pulumi.Output<string> {
  const app = { source: loadDemoAppSource() };
  if (runtime.kind === "docker") {
    return pulumi.output(renderDockerUserData({ plan, node, app, distro: o.distro, ...o.hostNetwork }));
  }
  const servers = k3sServerCount(plan.nodes.length);
  return pulumi.secret(
    pulumi.output(runtime.token).apply((token) => renderK3sUserData({ plan, node, token, servers, app, ...o.hostNetwork })),
  );
}

/**
 * The widest node user data of the plan in base64 characters, rendered with
 * a stand-in token of `tokenLength` (the text is only measured). k3s servers
 * carry the demo manifests, a joining server also the join URL: so the
 * first, a joining server, the first agent and the last node are the candidates.
 */
export function widestNodeUserData(plan: AddressPlan, kind: NodeRuntime["kind"], tokenLength: number, hostNetwork?: HostNetworkOptions): number {
  const app = { source: loadDemoAppSource() };
  const servers = k3sServerCount(plan.nodes.length);
  const token = "x".repeat(Math.max(tokenLength, 16));
  const candidates = [...new Set([0, servers - 1, servers, plan.nodes.length - 1])].filter((i) => i >= 0 && i < plan.nodes.length);
  const sizes = candidates.map((i) => {
    const node = plan.nodes[i].name;
    const text =
      kind === "k3s"
        ? renderK3sUserData({ plan, node, token, servers, app, ...hostNetwork })
        : renderDockerUserData({ plan, node, app, ...hostNetwork });
    return Buffer.from(text, "utf8").toString("base64").length;
  });
  return Math.max(0, ...sizes);
}
