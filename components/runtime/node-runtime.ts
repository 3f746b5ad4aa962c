// What runs on a cloud node, as a strategy the node pool takes: Docker with a
// dual-stack daemon and the demo app, or a self-managed k3s node joining with
// a secret token. The user data carries the token, so it is a secret then.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import { firstPerKey, planSources, renderProblems } from "../preflight";
import type { ConfigProblem } from "../problems";
import type { Distro } from "./docker/cloud-init";
import { renderDockerUserData } from "./docker/cloud-init";
import type { HostNetworkOptions } from "./cloud-init";
import { loadDemoAppSource } from "./demo-app-source";
import { renderK3sUserData } from "./kubernetes/cloud-init";
import { k3sServerCount } from "./kubernetes/servers";

/**
 * docker and k3s are what cloud nodes boot into (user data); kubernetes is
 * the upstream components a platform starts on the node itself, which only
 * the lab does (components/lab/kubernetes).
 */
export type NodeRuntime = { kind: "docker" } | { kind: "k3s"; token: pulumi.Input<string> } | { kind: "kubernetes" };

export { k3sServerCount };

export interface NodeUserDataOptions {
  hostNetwork?: HostNetworkOptions;
  /** The image's distribution, for Docker's apt repository (default ubuntu). */
  distro?: Distro;
}

/** The #cloud-config of `node` for `runtime`; a secret when it carries the k3s token. */
export function nodeUserData(plan: AddressPlan, node: string, runtime: NodeRuntime, o: NodeUserDataOptions = {}): pulumi.Output<string> {
  const app = { source: loadDemoAppSource() };
  if (runtime.kind === "kubernetes") throw new Error("runtime kubernetes (upstream components) has no cloud user data: cloud nodes run k3s");
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
export function widestNodeUserData(plan: AddressPlan, kind: NodeRuntime["kind"], tokenLength: number, hostNetwork?: HostNetworkOptions, unit: UserDataUnit = "base64"): number {
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
    return unit === "base64" ? Buffer.from(text, "utf8").toString("base64").length : Buffer.byteLength(text, "utf8");
  });
  return Math.max(0, ...sizes);
}

/** How a cloud counts its user-data limit: base64 characters, or the bytes of the text. */
export type UserDataUnit = "base64" | "bytes";

export interface UserDataLimit {
  cloud: string;
  max: number;
  unit: UserDataUnit;
  hostNetwork?: HostNetworkOptions;
  distro?: Distro;
  /** Config keys of the settings that reach the user data (interface names), to name them in messages. */
  settings?: Record<string, unknown>;
}

/** Longest k3s join token the user-data size checks allow for (`openssl rand -hex 32` gives 64). */
export const MAX_K3S_TOKEN_LENGTH = 128;

/**
 * The nodes' user data must fit the cloud's limit: checked at preview with a
 * stand-in token of the longest allowed length (the secret is never read),
 * naming the runtime (the node count hardly matters).
 */
export function nodeUserDataProblems(plan: AddressPlan, kind: NodeRuntime["kind"], limit: UserDataLimit, tokenLength = MAX_K3S_TOKEN_LENGTH): ConfigProblem[] {
  const invalid = nodeUserDataRenderProblems(plan, kind, limit);
  if (invalid.length) return invalid;
  const size = widestNodeUserData(plan, kind, kind === "k3s" ? tokenLength : 0, limit.hostNetwork, limit.unit);
  if (size <= limit.max) return [];
  const what = kind === "k3s" ? "k3s (its servers carry the demo manifests)" : "Docker and the demo app";
  const unit = limit.unit === "base64" ? "characters in base64" : "bytes";
  const message =
    `makes the nodes' user data too large: with ${what} and dualstack:nodes.count ${plan.nodes.length} it would take up to ${size} ` +
    `${unit} where ${limit.cloud} accepts ${limit.max}`;
  return [{ key: "dualstack:runtime", value: kind === "k3s" ? "kubernetes" : "docker", message }];
}

/**
 * Every node's user data rendered as `up` will (a stand-in token for k3s), so
 * the renderers' own checks fail the preview, naming the config key.
 */
export function nodeUserDataRenderProblems(plan: AddressPlan, kind: NodeRuntime["kind"], o: Pick<UserDataLimit, "hostNetwork" | "distro" | "settings"> = {}): ConfigProblem[] {
  const app = { source: loadDemoAppSource() };
  const servers = k3sServerCount(plan.nodes.length);
  const token = "x".repeat(64);
  const sources = planSources(plan, o.settings);
  const problems = plan.nodes.flatMap(({ name: node }) =>
    renderProblems(
      "the nodes' user data",
      () =>
        kind === "k3s"
          ? renderK3sUserData({ plan, node, token, servers, app, ...o.hostNetwork })
          : renderDockerUserData({ plan, node, app, distro: o.distro, ...o.hostNetwork }),
      sources,
    ),
  );
  return firstPerKey(problems);
}
