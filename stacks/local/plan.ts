// What the local lab stack deploys, checked: its `dualstack:local` section,
// its runtime and the address plan. The stack program and `npm run plan`
// both take it from here (the root check of the lab stays in the program).
import { z } from "zod";
import type { AddressPlan } from "../../components/addressing";
import { ADVERT_INTERVAL_SECONDS } from "../../components/failover";
import { LAB_KUBERNETES_MODE_PROBLEM, type LabRuntime } from "../../components/lab";
import { ConfigError, isManagedKubernetes, planForStack, sectionProblems, type StackConfig } from "../config";
import { defaultZonesFor } from "../zones";

const localSchema = z
  .object({
    /** Short adverts make failover fast: takeover is about 3.6 adverts. */
    advertIntervalSeconds: z.coerce.number().min(ADVERT_INTERVAL_SECONDS.min).max(ADVERT_INTERVAL_SECONDS.max).default(0.1),
    appPort: z.coerce.number().int().min(1024).max(65535).default(8080),
  })
  .strict();

export type LocalSection = z.infer<typeof localSchema>;

export interface LocalPlan {
  settings: LocalSection;
  runtime: LabRuntime;
  plan: AddressPlan;
}

export function localPlan(stack: string, config: StackConfig): LocalPlan {
  if (isManagedKubernetes(config)) throw new ConfigError(stack, [LAB_KUBERNETES_MODE_PROBLEM]);
  const parsed = localSchema.safeParse(config.local ?? {});
  if (!parsed.success) throw new ConfigError(stack, sectionProblems("local", parsed.error.issues, config.local, localSchema));
  return { settings: parsed.data, runtime: config.runtime, plan: planForStack(stack, config, { zones: defaultZonesFor("local") }) };
}
