// The local lab: the same cluster as the clouds, on one Linux machine
// (components/lab: namespaces, a bridge, HAProxy, keepalived).
import { LabAdapter, labPreflightProblems } from "../components/lab";
import { ConfigError } from "./config";
import { stackCluster } from "./cluster";
import { LAB_LAYOUT } from "./legacy-layout";
import { localPlan } from "./local/plan";
import type { StackProgram } from "./types";

export const localStack: StackProgram = async ({ stack, config }) => {
  const { settings, plan } = localPlan(stack, config);
  const problems = labPreflightProblems();
  if (problems.length) {
    throw new ConfigError(stack, problems.map((message) => ({ key: "dualstack:provider", value: "local", message })));
  }

  const adapter = new LabAdapter({ advertIntervalSeconds: settings.advertIntervalSeconds, appPort: settings.appPort });

  const cluster = stackCluster(plan, adapter, { kind: "docker" }, LAB_LAYOUT);
  const network = cluster.network.made;
  return {
    addressPlan: plan,
    endpoints: cluster.endpoints,
    clientNamespace: network.client.namespace,
    switchNamespace: network.lanSwitch.namespace,
  };
};
