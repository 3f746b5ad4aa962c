// A cloud node's user data for the stack's runtime: Docker, or a self-managed
// k3s node whose join token comes from the secret `dualstack:k3sToken`. The
// result is an Output marked secret when it carries the token, so the token
// is encrypted in state like any other secret.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../components/addressing";
import { loadDemoAppSource, renderDockerUserData, renderK3sUserData, type Distro } from "../components/runtime";
import type { HostNetworkOptions } from "../components/runtime/cloud-init";
import { ConfigError, type StackConfig } from "./config";

export interface NodeUserDataArgs {
  stack: string;
  config: StackConfig;
  plan: AddressPlan;
  node: string;
  hostNetwork?: HostNetworkOptions;
  /** The image's distribution, for Docker's apt repository (default ubuntu). */
  distro?: Distro;
}

/** Fails at preview when a self-managed k3s stack has no join token configured. */
export function requireK3sToken(stack: string, config: StackConfig): pulumi.Output<string> | undefined {
  if (config.runtime !== "kubernetes" || (config.kubernetes?.mode ?? "self-managed") !== "self-managed") return undefined;
  const token = new pulumi.Config("dualstack").getSecret("k3sToken");
  if (!token) {
    throw new ConfigError(stack, [
      {
        key: "dualstack:k3sToken",
        value: undefined,
        message:
          "is required for runtime kubernetes (self-managed k3s): set a random join token with " +
          "`pulumi config set --secret dualstack:k3sToken $(openssl rand -hex 32)`",
      },
    ]);
  }
  return token;
}

export function nodeUserData(args: NodeUserDataArgs, k3sToken?: pulumi.Output<string>): pulumi.Output<string> {
  const app = { source: loadDemoAppSource() };
  if (args.config.runtime === "docker") {
    return pulumi.output(
      renderDockerUserData({ plan: args.plan, node: args.node, app, distro: args.distro, ...args.hostNetwork }),
    );
  }
  if (!k3sToken) throw new Error(`node ${args.node}: runtime kubernetes needs the k3s token (requireK3sToken)`);
  // 3 servers (embedded etcd HA) once there are enough nodes, else 1.
  const servers = args.plan.nodes.length >= 3 ? 3 : 1;
  return pulumi.secret(
    k3sToken.apply((token) =>
      renderK3sUserData({ plan: args.plan, node: args.node, token, servers, app, ...args.hostNetwork }),
    ),
  );
}
