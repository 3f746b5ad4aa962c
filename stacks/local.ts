// The local lab: the same cluster as the clouds, on one Linux machine
// (components/lab: namespaces, a bridge, HAProxy, keepalived).
import { LabAdapter, labPreflightProblems } from "../components/lab";
import { APP_CONTAINER } from "../components/lab/docker/app";
import { dockerdBinDir } from "../components/lab/docker/paths";
import { ConfigError } from "./config";
import { stackCluster } from "./cluster";
import { LAB_LAYOUT } from "./legacy-layout";
import { localPlan } from "./local/plan";
import type { StackProgram } from "./types";

export const localStack: StackProgram = async ({ stack, config }) => {
  const { settings, plan } = localPlan(stack, config);
  const binDir = dockerdBinDir();
  const problems = labPreflightProblems(undefined, undefined, binDir);
  if (problems.length) {
    throw new ConfigError(stack, problems.map((message) => ({ key: "dualstack:provider", value: "local", message })));
  }

  const adapter = new LabAdapter({
    advertIntervalSeconds: settings.advertIntervalSeconds,
    appPort: settings.appPort,
    dockerdBinDir: binDir,
  });

  const cluster = stackCluster(plan, adapter, { kind: "docker" }, LAB_LAYOUT);
  const network = cluster.network.made;
  return {
    addressPlan: plan,
    endpoints: cluster.endpoints,
    clientNamespace: network.client.namespace,
    switchNamespace: network.lanSwitch.namespace,
    appPort: settings.appPort,
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
