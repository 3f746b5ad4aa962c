// The local lab: the same cluster as the clouds, on one Linux machine
// (components/lab: namespaces, a bridge, HAProxy, keepalived).
import { z } from "zod";
import { ADVERT_INTERVAL_SECONDS } from "../components/failover";
import { LAB_RUNTIME_PROBLEM, LabAdapter, labPreflightProblems } from "../components/lab";
import { APP_CONTAINER } from "../components/lab/docker/app";
import { dockerdBinDir } from "../components/lab/docker/paths";
import { ConfigError, planForStack, sectionProblems } from "./config";
import { stackCluster } from "./cluster";
import { LAB_LAYOUT } from "./legacy-layout";
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
  if (config.runtime !== "docker") throw new ConfigError(stack, [LAB_RUNTIME_PROBLEM]);
  const parsed = localSchema.safeParse(config.local ?? {});
  if (!parsed.success) throw new ConfigError(stack, sectionProblems("local", parsed.error.issues, config.local, localSchema));
  const plan = planForStack(stack, config, { zones: defaultZonesFor("local") });
  const binDir = dockerdBinDir();
  const problems = labPreflightProblems(undefined, undefined, binDir);
  if (problems.length) {
    throw new ConfigError(stack, problems.map((message) => ({ key: "dualstack:provider", value: "local", message })));
  }

  const adapter = new LabAdapter({
    advertIntervalSeconds: parsed.data.advertIntervalSeconds,
    appPort: parsed.data.appPort,
    dockerdBinDir: binDir,
  });

  const cluster = stackCluster(plan, adapter, { kind: "docker" }, LAB_LAYOUT);
  const network = cluster.network.made;
  return {
    addressPlan: plan,
    endpoints: cluster.endpoints,
    clientNamespace: network.client.namespace,
    switchNamespace: network.lanSwitch.namespace,
    appPort: parsed.data.appPort,
    // Each node's app container: its addresses, and its engine's socket (`docker -H unix://<socket> ...`).
    containers: cluster.nodes.hosts.map((h) => ({
      node: h.planned.name,
      namespace: h.made.host.namespace,
      socket: h.made.socket!,
      name: APP_CONTAINER,
      ipv4: h.made.container!.ipv4,
      ipv6: h.made.container!.ipv6,
      publishedIpv4: h.planned.ipv4,
    })),
  };
};
