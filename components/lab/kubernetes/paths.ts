// Where the lab cluster keeps its things: the control plane's under its
// host's state dir, each node's runtime and kubelet under the node's own.
// Destroy removes directories, and
// two lab stacks never share a socket, a port in one namespace, or a file.
import * as path from "node:path";
import { cacheRoot } from "../docker/paths";

/** The releases scripts/kubernetes.sh builds (same values as the script). */
export const KUBERNETES_VERSION = "v1.37.2";
export const ETCD_VERSION = "v3.7.3";

/** Where Debian's containernetworking-plugins puts bridge, host-local, portmap, loopback. */
export const CNI_BIN_DIR = "/usr/lib/cni";

/** The API server's port on the control-plane node. */
export const API_PORT = 6443;

/** Where scripts/kubernetes.sh puts the components and etcd (same rule as the script). */
export function kubernetesBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBERNETES_BIN_DIR || path.join(cacheRoot(env), "kubernetes", KUBERNETES_VERSION, "bin");
}

export interface ControlPlaneDirs {
  /** <control-plane host's state dir>/kubernetes */
  root: string;
  /** The cluster's certificates and keys (ClusterPki). */
  pki: string;
  etcdData: string;
  /** kubeconfigs of the control-plane components and the admin. */
  kubeconfigs: string;
}

export function controlPlaneDirs(stateDir: string): ControlPlaneDirs {
  const root = path.join(stateDir, "kubernetes");
  return { root, pki: path.join(root, "pki"), etcdData: path.join(root, "etcd"), kubeconfigs: root };
}

export interface NodeDirs {
  /** <node state dir>/kubernetes: everything below is the node's runtime and kubelet. */
  root: string;
  containerd: { root: string; state: string; socket: string; config: string };
  /** kubelet --root-dir: pod volumes (mounts) live here. */
  kubeletRoot: string;
  cniConfDir: string;
  /** host-local IPAM's allocations. */
  cniDataDir: string;
}

export function nodeDirs(stateDir: string): NodeDirs {
  const root = path.join(stateDir, "kubernetes");
  const c = path.join(root, "containerd");
  return {
    root,
    containerd: { root: path.join(c, "root"), state: path.join(c, "state"), socket: path.join(c, "containerd.sock"), config: path.join(c, "config.toml") },
    kubeletRoot: path.join(root, "kubelet"),
    cniConfDir: path.join(root, "cni", "net.d"),
    cniDataDir: path.join(root, "cni", "ipam"),
  };
}

/**
 * The loopback port on this machine through which the engine's Kubernetes
 * provider reaches the lab's API server (which listens inside a namespace):
 * one per stack name, in 16000..16999.
 */
export function apiTunnelPort(stack: string): number {
  let h = 2166136261;
  for (const c of Buffer.from(stack)) h = Math.imul(h ^ c, 16777619) >>> 0;
  return 16000 + (h % 1000);
}
