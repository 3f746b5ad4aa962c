// Which certificates a lab Kubernetes cluster needs, what each says, and
// where it lives: pure data for the ClusterPki provider and for whoever
// writes the components' flags and kubeconfigs. Files are <dir>/<name>.crt
// and <dir>/<name>.key; the service-account pair is sa.key / sa.pub.
import * as net from "node:net";
import * as path from "node:path";
import type { CertRequest } from "./pki";

export interface ClusterPkiRequest {
  /** e.g. the plan name "lab"; names the CA. */
  clusterName: string;
  /** SANs of kube-apiserver's serving certificate (its node addresses, VIPs, the kubernetes Service IPs, 127.0.0.1, ::1 ...). */
  apiserver: { ips: string[]; dns: string[] };
  /** SANs of etcd's serving certificate (127.0.0.1 is always added). */
  etcd: { ips: string[] };
  nodes: { name: string; ipv4: string; ipv6: string }[];
}

export interface Pair {
  cert: string;
  key: string;
}

export interface PkiPaths {
  ca: Pair;
  apiserver: Pair;
  apiserverKubeletClient: Pair;
  apiserverEtcdClient: Pair;
  etcdServer: Pair;
  admin: Pair;
  controllerManager: Pair;
  scheduler: Pair;
  kubeProxy: Pair;
  serviceAccount: { key: string; pub: string };
  node(name: string): Pair;
}

/** One certificate of the cluster: its file name (without extension) and what it says. */
export interface CertSpec {
  name: string;
  request: CertRequest;
}

/** File names (without .crt/.key) of the fixed certificates. */
export const CERT_NAMES = {
  ca: "ca",
  apiserver: "apiserver",
  apiserverKubeletClient: "apiserver-kubelet-client",
  apiserverEtcdClient: "apiserver-etcd-client",
  etcdServer: "etcd-server",
  admin: "admin",
  controllerManager: "controller-manager",
  scheduler: "scheduler",
  kubeProxy: "kube-proxy",
} as const;

export const SERVICE_ACCOUNT_NAME = "sa";

/** A node's certificate file name: "node-<name>" (no fixed name starts with "node-"). */
export function nodeCertName(nodeName: string): string {
  return `node-${nodeName}`;
}

/** <dir>/<name>.crt and <dir>/<name>.key. */
export function certPaths(dir: string, name: string): Pair {
  return { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
}

export function pkiPaths(dir: string): PkiPaths {
  const pair = (name: string): Pair => certPaths(dir, name);
  return {
    ca: pair(CERT_NAMES.ca),
    apiserver: pair(CERT_NAMES.apiserver),
    apiserverKubeletClient: pair(CERT_NAMES.apiserverKubeletClient),
    apiserverEtcdClient: pair(CERT_NAMES.apiserverEtcdClient),
    etcdServer: pair(CERT_NAMES.etcdServer),
    admin: pair(CERT_NAMES.admin),
    controllerManager: pair(CERT_NAMES.controllerManager),
    scheduler: pair(CERT_NAMES.scheduler),
    kubeProxy: pair(CERT_NAMES.kubeProxy),
    serviceAccount: { key: path.join(dir, `${SERVICE_ACCOUNT_NAME}.key`), pub: path.join(dir, `${SERVICE_ACCOUNT_NAME}.pub`) },
    node: (name: string) => pair(nodeCertName(name)),
  };
}

/** The CA's common name: "<clusterName>-ca". */
export function caCommonName(clusterName: string): string {
  return `${clusterName}-ca`;
}

/** Every leaf certificate of the cluster (not the CA, not the service-account key), in a fixed order. */
export function clusterCerts(req: ClusterPkiRequest): CertSpec[] {
  const client = (name: string, commonName: string, organizations?: string[]): CertSpec => ({
    name,
    request: { commonName, ...(organizations ? { organizations } : {}), usages: ["client"] },
  });
  return [
    {
      name: CERT_NAMES.apiserver,
      request: { commonName: "kube-apiserver", ipSans: unique(req.apiserver.ips), dnsSans: unique(req.apiserver.dns), usages: ["server"] },
    },
    client(CERT_NAMES.apiserverKubeletClient, "kube-apiserver-kubelet-client", ["system:masters"]),
    client(CERT_NAMES.apiserverEtcdClient, "kube-apiserver-etcd-client"),
    {
      name: CERT_NAMES.etcdServer,
      // Server and client: etcd's peers and its own health checks present it too.
      request: { commonName: "etcd", ipSans: unique([...req.etcd.ips, "127.0.0.1"]), usages: ["server", "client"] },
    },
    client(CERT_NAMES.admin, "dualstack-admin", ["system:masters"]),
    client(CERT_NAMES.controllerManager, "system:kube-controller-manager"),
    client(CERT_NAMES.scheduler, "system:kube-scheduler"),
    client(CERT_NAMES.kubeProxy, "system:kube-proxy"),
    // One certificate per kubelet: it serves with it and is the node's client identity (Node authorizer).
    ...req.nodes.map((n) => ({
      name: nodeCertName(n.name),
      request: {
        commonName: `system:node:${n.name}`,
        organizations: ["system:nodes"],
        ipSans: unique([n.ipv4, n.ipv6]),
        dnsSans: [n.name],
        usages: ["server", "client"] as CertRequest["usages"],
      },
    })),
  ];
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** What is wrong with a request, as [property, reason] pairs (none: it can be issued). */
export function pkiRequestProblems(req: ClusterPkiRequest): [string, string][] {
  const problems: [string, string][] = [];
  const bad = (property: string, value: unknown, valid: string): void => {
    problems.push([property, `${property}: ${JSON.stringify(value)} is not valid; ${valid}`]);
  };
  if (typeof req.clusterName !== "string" || !DNS_LABEL.test(req.clusterName)) bad("clusterName", req.clusterName, "a DNS label (lower case letters, digits, '-')");
  const ips = (property: string, list: unknown) => {
    if (!Array.isArray(list)) return bad(property, list, "a list of IP addresses");
    list.forEach((ip, i) => {
      if (typeof ip !== "string" || net.isIP(ip) === 0) bad(`${property}[${i}]`, ip, "an IPv4 or IPv6 address");
    });
  };
  ips("apiserver.ips", req.apiserver?.ips);
  if (!Array.isArray(req.apiserver?.dns)) bad("apiserver.dns", req.apiserver?.dns, "a list of DNS names");
  else
    req.apiserver.dns.forEach((d, i) => {
      if (typeof d !== "string" || !DNS_NAME.test(d)) bad(`apiserver.dns[${i}]`, d, "a DNS name");
    });
  ips("etcd.ips", req.etcd?.ips);
  if (!Array.isArray(req.nodes)) {
    bad("nodes", req.nodes, "a list of {name, ipv4, ipv6}");
    return problems;
  }
  const seen = new Set<string>();
  req.nodes.forEach((n, i) => {
    if (typeof n?.name !== "string" || !DNS_LABEL.test(n.name)) bad(`nodes[${i}].name`, n?.name, "a DNS label (lower case letters, digits, '-')");
    else if (seen.has(n.name)) bad(`nodes[${i}].name`, n.name, "a name no other node has");
    else seen.add(n.name);
    if (typeof n?.ipv4 !== "string" || !net.isIPv4(n.ipv4)) bad(`nodes[${i}].ipv4`, n?.ipv4, "an IPv4 address");
    if (typeof n?.ipv6 !== "string" || !net.isIPv6(n.ipv6)) bad(`nodes[${i}].ipv6`, n?.ipv6, "an IPv6 address");
  });
  return problems;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
