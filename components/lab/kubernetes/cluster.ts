// The lab's real Kubernetes: a control-plane host (etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler) on the nodes' network, and on every
// node containerd + kubelet + kube-proxy in the node's namespace. The engine's
// Kubernetes provider reaches the API server through a loopback tunnel, with
// a kubeconfig that names certificate files (no secret in it or in the state).
import * as path from "node:path";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedNode } from "../../addressing";
import { parseCidr } from "../../addressing";
import type { ImageRecipe } from "../docker/app";
import { ClusterPki, CriRuntime, type Host, NodeDrain, Process } from "../resources";
import { API_PORT, apiTunnelPort, controlPlaneDirs, nodeDirs } from "./paths";
import { apiserverSans, controlPlane, type ControlPlaneHost } from "./control-plane";
import { labPauseImageTag } from "./images";
import { kubeconfigFile, renderKubeconfig } from "./kubeconfig";
import { kubeletArgs, renderCniConfig, renderContainerdConfig, renderKubeletConfig, renderKubeProxyConfig } from "./node-config";
import { pkiPaths } from "./pki-layout";

/** Control-plane components take seconds to be ready, longer on a loaded machine. */
const READY_TIMEOUT_MS = 120_000;

export interface LabKubernetes {
  /** The engine's provider for the lab cluster (through the tunnel). */
  provider: k8s.Provider;
  /** The admin kubeconfig (file references only), for `kubectl --kubeconfig`. */
  kubeconfigPath: string;
  kubeconfig: string;
  /** What nodes wait for: the API server answering through the tunnel, and the controllers. */
  ready: pulumi.Resource[];
  pki: ReturnType<typeof pkiPaths>;
  serverUrl: string;
  binDir: string;
}

export interface ControlPlaneArgs {
  plan: AddressPlan;
  host: Host;
  /** The host's name and addresses. */
  address: ControlPlaneHost;
  stateDir: string;
  binDir: string;
  namespace: string;
}

function firstAddress(cidr: string, family: 4 | 6): string {
  const parsed = parseCidr(cidr, family);
  if (!parsed.ok) throw new Error(`lab kubernetes: invalid service range ${cidr}`);
  return parsed.value.addressAt(1);
}

/** A component is ready once `url` answers 2xx (curl options: the TLS files to use). */
function readyAt(url: string, ...curlOptions: string[]): { readyTimeoutMs: number; readyCommand: string[] } {
  return { readyTimeoutMs: READY_TIMEOUT_MS, readyCommand: ["curl", "-sf", "-o", "/dev/null", "--max-time", "2", ...curlOptions, url] };
}

/** The control plane on its own lab host, and the engine's way in. */
export function labControlPlane(name: string, a: ControlPlaneArgs, parent: pulumi.Resource): LabKubernetes {
  const { plan, host, binDir } = a;
  const dirs = controlPlaneDirs(a.stateDir);
  const pki = pkiPaths(dirs.pki);
  const bin = (c: string) => path.join(binDir, c);
  const serviceIps = [firstAddress(plan.kubernetes.serviceCidrV4, 4), firstAddress(plan.kubernetes.serviceCidrV6, 6)];
  const cp = controlPlane(plan, a.address, pki, dirs);

  const certs = new ClusterPki(
    `${name}-pki`,
    {
      dir: dirs.pki,
      clusterName: plan.name,
      apiserver: apiserverSans(a.address, serviceIps),
      etcd: { ips: ["127.0.0.1"] },
      nodes: plan.nodes.map((n) => ({ name: n.name, ipv4: n.ipv4, ipv6: n.ipv6 })),
    },
    { parent, dependsOn: [host] },
  );
  const inHost = { namespace: host.namespace, stateDir: dirs.root };
  const etcd = new Process(
    `${name}-etcd`,
    { ...inHost, name: "etcd", command: bin("etcd"), args: cp.etcd, env: {}, files: [], ...readyAt("https://127.0.0.1:2379/health", "--cacert", pki.ca.cert, "--cert", pki.apiserverEtcdClient.cert, "--key", pki.apiserverEtcdClient.key) },
    { parent, dependsOn: [certs] },
  );
  const apiserver = new Process(
    `${name}-apiserver`,
    { ...inHost, name: "kube-apiserver", command: bin("kube-apiserver"), args: cp.apiserver, env: {}, files: [], ...readyAt(`https://127.0.0.1:${API_PORT}/readyz`, "--cacert", pki.ca.cert) },
    { parent, dependsOn: [etcd] },
  );
  const local = `https://127.0.0.1:${API_PORT}`;
  const kubeconfigOf = (client: "controller-manager" | "scheduler", pair: { cert: string; key: string }) => ({
    name: path.basename(kubeconfigFile(dirs, client)),
    content: renderKubeconfig({ cluster: plan.name, server: local, caFile: pki.ca.cert, user: client, client: pair }),
  });
  const controllerManager = new Process(
    `${name}-controller-manager`,
    { ...inHost, name: "kube-controller-manager", command: bin("kube-controller-manager"), args: cp.controllerManager, env: {}, files: [kubeconfigOf("controller-manager", pki.controllerManager)], ...readyAt("https://127.0.0.1:10257/healthz", "-k") },
    { parent, dependsOn: [apiserver] },
  );
  const scheduler = new Process(
    `${name}-scheduler`,
    { ...inHost, name: "kube-scheduler", command: bin("kube-scheduler"), args: cp.scheduler, env: {}, files: [kubeconfigOf("scheduler", pki.scheduler)], ...readyAt("https://127.0.0.1:10259/healthz", "-k") },
    { parent, dependsOn: [apiserver] },
  );

  // The API server listens in its namespace; the engine runs on the machine.
  // socat on loopback forwards each connection into the namespace.
  const port = apiTunnelPort(plan.name);
  const tunnelUrl = `https://127.0.0.1:${port}`;
  const kubeconfig = renderKubeconfig({ cluster: plan.name, server: tunnelUrl, caFile: pki.ca.cert, user: "dualstack-admin", client: pki.admin });
  const kubeconfigPath = kubeconfigFile(dirs, "admin");
  const tunnel = new Process(
    `${name}-api-tunnel`,
    {
      ...inHost,
      name: "api-tunnel",
      enter: "machine",
      command: "socat",
      args: [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `EXEC:nsenter --net=/run/netns/${a.namespace} socat STDIO TCP4\\:${cp.host.ipv4}\\:${API_PORT}`],
      env: {},
      files: [{ name: path.basename(kubeconfigPath), content: kubeconfig }],
      ...readyAt(`${tunnelUrl}/readyz`, "--cacert", pki.ca.cert),
    },
    { parent, dependsOn: [apiserver] },
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: only lab stacks with runtime kubernetes load the SDK
  const { Provider } = require("@pulumi/kubernetes/provider") as typeof import("@pulumi/kubernetes/provider");
  const provider = new Provider(`${name}-k8s`, { kubeconfig, enableServerSideApply: true }, { parent, dependsOn: [tunnel] });
  return { provider, kubeconfig, kubeconfigPath, ready: [tunnel, controllerManager, scheduler], pki, serverUrl: cp.serverUrl, binDir };
}

export interface KubeNodeArgs {
  plan: AddressPlan;
  node: PlannedNode;
  host: Host;
  stateDir: string;
  /** The node's namespace name (its cgroup name too). */
  namespace: string;
  cluster: LabKubernetes;
  image: { recipe: ImageRecipe; hash: string; cacheDir: string };
}

export interface LabKubeNode {
  runtime: CriRuntime;
  kubelet: Process;
  kubeProxy: Process;
  /** Evicts the node's pods before the rest of the node is deleted. */
  drain: NodeDrain;
}

/** containerd, the Node object with the planned pod ranges, the kubelet and kube-proxy of one node. */
export function labKubeNode(name: string, a: KubeNodeArgs, parent: pulumi.Resource): LabKubeNode {
  const { node, cluster } = a;
  const dirs = nodeDirs(a.stateDir);
  const pki = cluster.pki;
  const runtime = new CriRuntime(
    `${name}-containerd`,
    {
      namespace: a.host.namespace,
      root: dirs.root,
      socket: dirs.containerd.socket,
      config: renderContainerdConfig(dirs, labPauseImageTag(a.image.recipe)),
      cgroupParent: a.namespace,
      cniConfig: { dir: dirs.cniConfDir, content: renderCniConfig(node, dirs) },
      images: a.image,
    },
    { parent, dependsOn: [a.host] },
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, as above
  const corev1 = require("@pulumi/kubernetes/core/v1") as typeof import("@pulumi/kubernetes/core/v1");
  // Registered before its kubelet, with the node's planned pod ranges: the
  // controller-manager keeps them (and allocates only to nodes without any).
  const nodeObject = new corev1.Node(
    `${name}-node`,
    { metadata: { name: node.name }, spec: { podCIDR: node.podCidrV4, podCIDRs: [node.podCidrV4, node.podCidrV6] } },
    { parent, provider: cluster.provider, dependsOn: cluster.ready },
  );
  const kubeletDir = path.join(dirs.root, "kubelet-config");
  const kubeletConfig = path.join(kubeletDir, "kubelet.yaml");
  const kubeletKubeconfig = path.join(kubeletDir, "kubelet.kubeconfig");
  const kubelet = new Process(
    `${name}-kubelet`,
    {
      namespace: a.host.namespace,
      stateDir: kubeletDir,
      name: "kubelet",
      enter: "net",
      command: path.join(cluster.binDir, "kubelet"),
      args: kubeletArgs(node, dirs, kubeletConfig, kubeletKubeconfig),
      env: {},
      files: [
        { name: "kubelet.yaml", content: renderKubeletConfig(dirs, { caFile: pki.ca.cert, node: pki.node(node.name) }, `/${a.namespace}`) },
        { name: "kubelet.kubeconfig", content: renderKubeconfig({ cluster: a.plan.name, server: cluster.serverUrl, caFile: pki.ca.cert, user: `system:node:${node.name}`, client: pki.node(node.name) }) },
      ],
      ...readyAt("http://127.0.0.1:10248/healthz"),
    },
    { parent, dependsOn: [runtime, nodeObject] },
  );
  const proxyKubeconfig = path.join(kubeletDir, "kube-proxy.kubeconfig");
  const kubeProxy = new Process(
    `${name}-kube-proxy`,
    {
      namespace: a.host.namespace,
      stateDir: kubeletDir,
      name: "kube-proxy",
      enter: "net",
      command: path.join(cluster.binDir, "kube-proxy"),
      args: [`--config=${path.join(kubeletDir, "kube-proxy.yaml")}`, "--v=1"],
      env: {},
      files: [
        { name: "kube-proxy.yaml", content: renderKubeProxyConfig(node, `${a.plan.kubernetes.clusterCidrV4},${a.plan.kubernetes.clusterCidrV6}`, proxyKubeconfig) },
        { name: "kube-proxy.kubeconfig", content: renderKubeconfig({ cluster: a.plan.name, server: cluster.serverUrl, caFile: pki.ca.cert, user: "system:kube-proxy", client: pki.kubeProxy }) },
      ],
      ...readyAt("http://127.0.0.1:10256/healthz"),
    },
    { parent, dependsOn: [kubelet] },
  );
  // Deleted before kube-proxy and the kubelet (it depends on them): a removed node is drained first.
  const drain = new NodeDrain(
    `${name}-drain`,
    { node: node.name, kubectl: path.join(cluster.binDir, "kubectl"), kubeconfig: cluster.kubeconfigPath },
    { parent, dependsOn: [kubeProxy] },
  );
  return { runtime, kubelet, kubeProxy, drain };
}
