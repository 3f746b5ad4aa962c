// The command lines of the lab's control plane: etcd, kube-apiserver,
// kube-controller-manager and kube-scheduler, on a control-plane host of
// their own beside the nodes (as kubeadm and kind set them up; the nodes stay
// alike and can each be replaced). The cluster's ranges come from
// k3sServerRanges, the code that writes them into the clouds' k3s configs, so
// the real apiserver and controller-manager check exactly what k3s would get.
// Pure.
import type { AddressPlan, PlannedHost } from "../../addressing";
import { k3sServerRanges } from "../../runtime/kubernetes/k3s-config";
import { kubeconfigFile, type Pair, type PkiPaths } from "./kubeconfig";
import { API_PORT, type ControlPlaneDirs } from "./paths";

export const ETCD_CLIENT_URL = "https://127.0.0.1:2379";
const ETCD_PEER_URL = "https://127.0.0.1:2380";

/** The cluster's DNS domain (service account issuer, API certificate names). */
export const CLUSTER_DOMAIN = "cluster.local";

/** Where the control plane runs: a lab host with an address of each family. */
export type ControlPlaneHost = Pick<PlannedHost, "name" | "ipv4" | "ipv6">;

export interface ControlPlane {
  host: ControlPlaneHost;
  etcd: string[];
  apiserver: string[];
  controllerManager: string[];
  scheduler: string[];
  /** The API server's URL as the nodes reach it. */
  serverUrl: string;
}

/** `--flag=value` for each entry, in order. */
function flags(entries: Record<string, string | number | boolean>): string[] {
  return Object.entries(entries).map(([k, v]) => `--${k}=${v}`);
}

function tls(prefix: string, pair: Pair): Record<string, string> {
  return { [`${prefix}cert-file`]: pair.cert, [`${prefix}key-file`]: pair.key };
}

/** k3s' "kube-controller-manager-arg" entries ("name=value") as flags. */
function passThrough(args: readonly string[]): Record<string, string> {
  return Object.fromEntries(args.map((a) => a.split(/=(.*)/s).slice(0, 2) as [string, string]));
}

export function controlPlane(plan: AddressPlan, node: ControlPlaneHost, pki: PkiPaths, dirs: ControlPlaneDirs): ControlPlane {
  const ranges = k3sServerRanges(plan);
  const serverUrl = `https://${node.ipv4}:${API_PORT}`;

  const etcd = flags({
    name: node.name,
    "data-dir": dirs.etcdData,
    "listen-client-urls": ETCD_CLIENT_URL,
    "advertise-client-urls": ETCD_CLIENT_URL,
    "listen-peer-urls": ETCD_PEER_URL,
    "initial-advertise-peer-urls": ETCD_PEER_URL,
    "initial-cluster": `${node.name}=${ETCD_PEER_URL}`,
    "client-cert-auth": true,
    "trusted-ca-file": pki.ca.cert,
    ...tls("", pki.etcdServer),
    "peer-client-cert-auth": true,
    "peer-trusted-ca-file": pki.ca.cert,
    ...tls("peer-", pki.etcdServer),
    // The lab's etcd lives in /run (memory): keep it small.
    "quota-backend-bytes": 512 * 1024 * 1024,
    "log-level": "warn",
  });

  const apiserver = flags({
    // Kubelets, kube-proxy and the pods' `kubernetes` Service reach it here.
    "advertise-address": node.ipv4,
    "bind-address": "::",
    "secure-port": API_PORT,
    "etcd-servers": ETCD_CLIENT_URL,
    "etcd-cafile": pki.ca.cert,
    "etcd-certfile": pki.apiserverEtcdClient.cert,
    "etcd-keyfile": pki.apiserverEtcdClient.key,
    "service-cluster-ip-range": ranges["service-cidr"],
    "client-ca-file": pki.ca.cert,
    "tls-cert-file": pki.apiserver.cert,
    "tls-private-key-file": pki.apiserver.key,
    "kubelet-client-certificate": pki.apiserverKubeletClient.cert,
    "kubelet-client-key": pki.apiserverKubeletClient.key,
    "kubelet-certificate-authority": pki.ca.cert,
    "kubelet-preferred-address-types": "InternalIP",
    "service-account-issuer": `https://kubernetes.default.svc.${CLUSTER_DOMAIN}`,
    "service-account-key-file": pki.serviceAccount.pub,
    "service-account-signing-key-file": pki.serviceAccount.key,
    "authorization-mode": "Node,RBAC",
    "enable-admission-plugins": "NodeRestriction",
    "allow-privileged": true,
    profiling: false,
    v: 1,
  });

  const controllerManager = flags({
    kubeconfig: kubeconfigFile(dirs, "controller-manager"),
    "authentication-kubeconfig": kubeconfigFile(dirs, "controller-manager"),
    "authorization-kubeconfig": kubeconfigFile(dirs, "controller-manager"),
    "bind-address": "127.0.0.1",
    "leader-elect": false,
    "allocate-node-cidrs": true,
    "cluster-cidr": ranges["cluster-cidr"],
    "service-cluster-ip-range": ranges["service-cidr"],
    ...passThrough(ranges["kube-controller-manager-arg"]),
    "root-ca-file": pki.ca.cert,
    "service-account-private-key-file": pki.serviceAccount.key,
    "use-service-account-credentials": true,
    // No cloud: nodes keep the routes the lab gives them.
    "configure-cloud-routes": false,
    profiling: false,
    v: 1,
  });

  const scheduler = flags({
    kubeconfig: kubeconfigFile(dirs, "scheduler"),
    "authentication-kubeconfig": kubeconfigFile(dirs, "scheduler"),
    "authorization-kubeconfig": kubeconfigFile(dirs, "scheduler"),
    "bind-address": "127.0.0.1",
    "leader-elect": false,
    profiling: false,
    v: 1,
  });

  return { host: node, etcd, apiserver, controllerManager, scheduler, serverUrl };
}

/**
 * The API server certificate's names: the control-plane host's addresses,
 * loopback (the engine's tunnel), the first address of each service range
 * (the `kubernetes` Service), and the Service's DNS names.
 */
export function apiserverSans(node: ControlPlaneHost, firstServiceIps: readonly string[]): { ips: string[]; dns: string[] } {
  return {
    ips: [node.ipv4, node.ipv6, "127.0.0.1", "::1", ...firstServiceIps],
    dns: ["kubernetes", "kubernetes.default", "kubernetes.default.svc", `kubernetes.default.svc.${CLUSTER_DOMAIN}`, "localhost"],
  };
}
