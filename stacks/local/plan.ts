// What the local lab stack deploys, checked: its `dualstack:local` section,
// its runtime and the address plan. The stack program and `npm run plan`
// both take it from here (the root check of the lab stays in the program).
import { z } from "zod";
import type { AddressPlan } from "../../components/addressing";
import { ADVERT_INTERVAL_SECONDS } from "../../components/failover";
import { findTool, LAB_KUBERNETES_MODE_PROBLEM, type LabRuntime } from "../../components/lab";
import { ConfigError, isManagedKubernetes, planForStack, sectionProblems, type StackConfig } from "../config";
import { defaultZonesFor } from "../zones";

const localSchema = z
  .object({
    /** Short adverts make failover fast: takeover is about 3.6 adverts. */
    advertIntervalSeconds: z.coerce.number().min(ADVERT_INTERVAL_SECONDS.min).max(ADVERT_INTERVAL_SECONDS.max).default(0.1),
    appPort: z.coerce.number().int().min(1024).max(65535).default(8080),
    /** The ingress hosts' HAProxy and keepalived binaries (default: those on PATH); a new one restarts the daemon, VIPs handed over first. */
    haproxy: z.string().min(1).optional(),
    keepalived: z.string().min(1).optional(),
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
  const binaries = (["haproxy", "keepalived"] as const).filter((tool) => parsed.data[tool] !== undefined && !findTool(parsed.data[tool]!));
  if (binaries.length) {
    throw new ConfigError(
      stack,
      binaries.map((tool) => ({ key: `dualstack:local.${tool}`, value: parsed.data[tool], message: `is not an executable file: give the path of a ${tool} binary, or leave it unset for the ${tool} on PATH` })),
    );
  }
  return { settings: parsed.data, runtime: config.runtime, plan: planForStack(stack, config, { zones: defaultZonesFor("local") }) };
}
