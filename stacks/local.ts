// The local lab: the same cluster as the clouds, on one Linux machine
// (components/lab: namespaces, a bridge, HAProxy, keepalived), its nodes
// running a Docker Engine each or a real Kubernetes.
import { LAB_NODE_PORT, LabAdapter, labPreflightProblems, type LabTypes } from "../components/lab";
import { APP_CONTAINER } from "../components/lab/docker/app";
import { dockerdBinDir } from "../components/lab/docker/paths";
import { kubernetesBinDir } from "../components/lab/kubernetes/paths";
import { DualStackWorkloads } from "../components/runtime/managed/workloads";
import { loadDemoAppSource } from "../components/runtime/demo-app-source";
import { ConfigError } from "./config";
import { stackCluster } from "./cluster";
import { LAB_LAYOUT } from "./legacy-layout";
import { localPlan } from "./local/plan";
import type { StackProgram } from "./types";

export const localStack: StackProgram = async ({ stack, config }) => {
  const { settings, plan, runtime } = localPlan(stack, config);
  const binDir = dockerdBinDir();
  const k8sBinDir = kubernetesBinDir();
  const problems = labPreflightProblems(undefined, undefined, binDir, runtime === "kubernetes" ? k8sBinDir : undefined);
  if (problems.length) {
    throw new ConfigError(stack, problems.map((message) => ({ key: "dualstack:provider", value: "local", message })));
  }

  const adapter = new LabAdapter({
    advertIntervalSeconds: settings.advertIntervalSeconds,
    appPort: settings.appPort,
    haproxy: settings.haproxy,
    keepalived: settings.keepalived,
    dockerdBinDir: binDir,
    kubernetesBinDir: k8sBinDir,
  });

  // What every lab stack outputs, whatever its nodes run.
  const labOutputs = (cluster: ReturnType<typeof stackCluster<LabTypes>>) => ({
    addressPlan: plan,
    endpoints: cluster.endpoints,
    clientNamespace: cluster.network.made.client.namespace,
    switchNamespace: cluster.network.made.lanSwitch.namespace,
    appPort: settings.appPort,
    runtime,
  });

  if (runtime === "kubernetes") {
    const cluster = stackCluster(plan, adapter, { kind: "kubernetes" }, { layout: LAB_LAYOUT, nodesOneAtATime: config.nodes.oneAtATime });
    const k8s = cluster.network.made.kubernetes!;
    // The demo app through the real provider, as on AKS/EKS/SKS: a Deployment
    // and a RequireDualStack Service, its NodePort what HAProxy targets.
    const workloads = new DualStackWorkloads(
      `${stack}-workloads`,
      {
        kubeconfig: k8s.kubeconfig,
        provider: k8s.provider,
        family: "dual",
        ingress: "node-port",
        app: { source: loadDemoAppSource(), image: adapter.demoImageTag(), containerPort: settings.appPort, nodePort: LAB_NODE_PORT, replicas: plan.nodes.length },
        dependsOn: cluster.nodes.hosts.map((h) => h.made.kube!.kubeProxy),
      },
    );
    return {
      ...labOutputs(cluster),
      kubeconfig: k8s.kubeconfigPath,
      nodePort: LAB_NODE_PORT,
      serviceClusterIps: workloads.clusterIps,
      serviceNamespace: workloads.service.metadata.namespace,
      serviceName: workloads.service.metadata.name,
    };
  }

  const cluster = stackCluster(plan, adapter, { kind: "docker" }, { layout: LAB_LAYOUT, nodesOneAtATime: config.nodes.oneAtATime });
  return {
    ...labOutputs(cluster),
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
