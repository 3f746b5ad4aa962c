// What the cloudscale stack deploys, checked: the config with its one shared
// private network, the section and the address plan in the section's zone.
// The stack program and `npm run plan` both take it from here.
import type { AddressPlan } from "../../components/addressing";
import { planForStack, type StackConfig } from "../config";
import { withSharedPrivateTier } from "../shared-private-network";
import type { SecretChecks } from "../types";
import { cloudscaleSettings, type CloudscaleSection } from "./settings";

export interface CloudscalePlan {
  config: StackConfig;
  settings: CloudscaleSection;
  plan: AddressPlan;
}

/** Throws a ConfigError listing every problem; `{ secrets: false }` skips the token checks (offline plan). */
export function cloudscalePlan(stack: string, given: StackConfig, checks: SecretChecks = {}): CloudscalePlan {
  // One private network for nodes and ingress: cloudscale does not route between private networks.
  const config = withSharedPrivateTier(stack, given, "cloudscale");
  const settings = cloudscaleSettings(stack, config, checks);
  return { config, settings, plan: planForStack(stack, config, { zones: [settings.zone] }) };
}
