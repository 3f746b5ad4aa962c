// The address plan a stack deploys, offline (`npm run plan`): the same
// checks and planning its stack program runs before any resource (stacks/
// <provider>/plan.ts), without the ones that need secrets, root or the cloud.
import type { AddressPlan } from "../components/addressing";
import { offlineAwsPlan, STAND_IN_PREFIX } from "./aws/plan";
import { azureStackPlan } from "./azure/plan";
import { cloudscalePlan } from "./cloudscale/plan";
import type { StackConfig } from "./config";
import { exoscalePlan } from "./exoscale/plan";
import { localPlan } from "./local/plan";

export interface OfflinePlan {
  plan: AddressPlan;
  /** What the plan cannot know offline, for the reader. */
  notes: string[];
}

/** Other namespaces' keys a plan needs, e.g. aws:region. */
export interface OfflineContext {
  awsRegion?: string;
}

/** Throws a ConfigError as the stack's preview would. */
export function offlinePlan(stack: string, config: StackConfig, context: OfflineContext = {}): OfflinePlan {
  const offline = { secrets: false };
  switch (config.provider) {
    case "local":
      return { plan: localPlan(stack, config).plan, notes: [] };
    case "cloudscale":
      return { plan: cloudscalePlan(stack, config, offline).plan, notes: [] };
    case "exoscale":
      return { plan: exoscalePlan(stack, config, offline).plan, notes: [] };
    case "azure":
      return { plan: azureStackPlan(stack, config).plan, notes: [] };
    case "aws": {
      const { plan, zones } = offlineAwsPlan(stack, config, context.awsRegion);
      return {
        plan,
        notes: [
          `zones ${zones.join(", ")}: the first ${zones.length} of ${context.awsRegion ? `aws:region ${context.awsRegion}` : "the region (aws:region not set)"} as AWS usually names them; the stack asks the region at preview`,
          `IPv6: the VPC's /56 is assigned by Amazon when it is created; the IPv6 values shown are from the stand-in ${STAND_IN_PREFIX} (lengths and offsets are exact)`,
        ],
      };
    }
  }
}
