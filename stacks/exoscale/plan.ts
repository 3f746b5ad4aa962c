// What the Exoscale stack deploys, checked: the config with its one shared
// private network, the section and the address plan in the section's zone.
// The stack program and `npm run plan` both take it from here.
import type { AddressPlan } from "../../components/addressing";
import { planForStack, type StackConfig } from "../config";
import { withSharedPrivateTier } from "../shared-private-network";
import type { SecretChecks } from "../types";
import { exoscaleSettings, type ExoscaleSection } from "./settings";

export interface ExoscalePlan {
  config: StackConfig;
  settings: ExoscaleSection;
  plan: AddressPlan;
}

/** Throws a ConfigError listing every problem; `{ secrets: false }` skips the credential checks (offline plan). */
export function exoscalePlan(stack: string, given: StackConfig, checks: SecretChecks = {}): ExoscalePlan {
  const config = withSharedPrivateTier(stack, given, "Exoscale");
  const settings = exoscaleSettings(stack, config, checks);
  return { config, settings, plan: planForStack(stack, config, { zones: [settings.zone] }) };
}
