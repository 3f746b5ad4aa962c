// The local lab: the same topology as the clouds, on one Linux machine.
import { z } from "zod";
import { ADVERT_INTERVAL_SECONDS } from "../components/failover";
import { LocalLab, labPreflightProblems } from "../components/lab";
import { ConfigError, planForStack, sectionProblems } from "./config";
import type { StackProgram } from "./types";
import { defaultZonesFor } from "./zones";

const localSchema = z
  .object({
    /** Short adverts make failover fast: takeover is about 3.6 adverts. */
    advertIntervalSeconds: z.coerce.number().min(ADVERT_INTERVAL_SECONDS.min).max(ADVERT_INTERVAL_SECONDS.max).default(0.1),
    appPort: z.coerce.number().int().min(1024).max(65535).default(8080),
  })
  .strict();

export const localStack: StackProgram = async ({ stack, config }) => {
  if (config.runtime !== "docker") {
    throw new ConfigError(stack, [
      {
        key: "dualstack:runtime",
        value: config.runtime,
        message:
          "is not available on the local lab: lab nodes are namespaces that run the demo app directly; use docker here, " +
          "and kubernetes (self-managed k3s or managed) on a cloud stack",
      },
    ]);
  }
  const parsed = localSchema.safeParse(config.local ?? {});
  if (!parsed.success) {
    throw new ConfigError(stack, sectionProblems("local", parsed.error.issues, config.local));
  }
  const plan = planForStack(stack, config, { zones: defaultZonesFor("local") });

  const problems = labPreflightProblems();
  if (problems.length) {
    throw new ConfigError(stack, problems.map((message) => ({ key: "dualstack:provider", value: "local", message })));
  }

  const lab = new LocalLab("lab", { plan, advertIntervalSeconds: parsed.data.advertIntervalSeconds, appPort: parsed.data.appPort });
  return {
    addressPlan: plan,
    endpoints: {
      ipv4: `http://${plan.ingress.vips.ipv4}/`,
      ipv6: `http://[${plan.ingress.vips.ipv6}]/`,
    },
    clientNamespace: lab.clientNamespace,
    switchNamespace: lab.switchNamespace,
  };
};
