// Picks the provider composition named by `dualstack:provider`. Modules load
// lazily so the local lab never pays for loading the Azure SDK.
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../components/problems";
import { ConfigError, parseStackConfig, PROVIDERS, ProviderName, rawConfigFromProgram } from "./config";
import type { StackProgram } from "./types";

const PROGRAMS: Partial<Record<ProviderName, () => Promise<StackProgram>>> = {
  local: async () => (await import("./local")).localStack,
  cloudscale: async () => (await import("./cloudscale")).cloudscaleStack,
  aws: async () => (await import("./aws")).awsStack,
  azure: async () => (await import("./azure")).azureStack,
  exoscale: async () => (await import("./exoscale")).exoscaleStack,
};

export async function runSelectedStack(): Promise<Record<string, unknown>> {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  try {
    const config = parseStackConfig(stack, rawConfigFromProgram());
    const load = PROGRAMS[config.provider];
    if (!load) {
      const ready = Object.keys(PROGRAMS).join(", ");
      throw new ConfigError(stack, [
        {
          key: "dualstack:provider",
          value: config.provider,
          message: `is a valid provider (${PROVIDERS.join(", ")}) but its stack is not built yet; ready now: ${ready}`,
        },
      ]);
    }
    return await (await load())({ project, stack, config });
  } catch (err) {
    // A clean one-message failure instead of a stack trace for operator mistakes.
    if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
    // A component refused what the stack derived from the config (its own key, e.g. "ipv4Pool.base").
    if (err instanceof InputError) throw new pulumi.RunError(`invalid configuration for stack "${stack}":\n  ${err.message}`);
    throw err;
  }
}
