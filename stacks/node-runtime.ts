// The node runtime a stack's config asks for: Docker, or a self-managed k3s
// node whose join token comes from the secret `dualstack:k3sToken` (checked at
// preview). The user data itself is the runtime's (components/runtime).
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../components/problems";
import { K3S_LIMITS, type NodeRuntime } from "../components/runtime";
import { requireSecret } from "../components/runtime/checks";
import { ConfigError, isManagedKubernetes, type StackConfig } from "./config";

/** Fails at preview when a self-managed k3s stack has no join token configured. */
export function requireK3sToken(stack: string, config: StackConfig): pulumi.Output<string> | undefined {
  if (config.runtime !== "kubernetes" || isManagedKubernetes(config)) return undefined;
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
  // The k3s renderer's own check, at preview: the user data is rendered inside an
  // apply on the secret, during `up` only where the plan is unknown (AWS).
  try {
    requireSecret("dualstack:k3sToken", pulumi.runtime.getConfig("dualstack:k3sToken"), K3S_LIMITS.minTokenLength);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new ConfigError(stack, [{ key: err.key, value: err.value, message: err.detail }]);
  }
  return token;
}

/** The cloud nodes' runtime strategy for the stack's config (self-managed k3s needs its token). */
export function nodeRuntimeOf(stack: string, config: StackConfig): NodeRuntime {
  const token = requireK3sToken(stack, config);
  return token ? { kind: "k3s", token } : { kind: "docker" };
}
