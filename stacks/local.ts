// The local lab: the same topology as the clouds, on one Linux machine.
import { planForStack } from "./config";
import { defaultZonesFor } from "./zones";
import type { StackProgram } from "./types";

export const localStack: StackProgram = async ({ stack, config }) => {
  const plan = planForStack(stack, config, { zones: defaultZonesFor("local") });
  return { addressPlan: plan };
};
