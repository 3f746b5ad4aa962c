// k3s configuration (/etc/rancher/k3s/config.yaml) for every node of a plan:
// dual-stack pod and service ranges, both node addresses, IPv6 masquerading
// for ULA pods, and the join topology (1 or 3 servers, the rest agents).
// Pure. Every rendered config passes checkK3sConfig (./k3s-config-check),
// which also validates any other config.
//
// The token is a secret: the renderer takes it as a plain string, and its
// callers must wrap what comes out (pulumi.secret). Nothing here logs, and no
// error message shows the token's value.
import { Address4, Address6 } from "ip-address";
import type { AddressPlan, PlannedNode } from "../../addressing";
import { InputError, requireDnsLabel, requireInt, requireSecret } from "../checks";
import { toYaml } from "../yaml";
import { checkK3sConfig, K3S_LIMITS } from "./k3s-config-check";
import { k3sServerCount } from "./servers";

export type K3sRole = "server" | "agent";

export interface K3sClusterArgs {
  plan: AddressPlan;
  /** Cluster join token (secret; at least 16 printable characters). */
  token: string;
  /** How many of the plan's nodes, from the first, are servers: 1, or 3 for HA with embedded etcd. Default 1. */
  servers?: number;
  /** Family of the first server's address the others join through. Default 4. */
  joinFamily?: 4 | 6;
  /** Supervisor/API port of the servers. Default 6443. */
  apiPort?: number;
  /** Extra names or addresses on the API certificate (e.g. a load balancer's). */
  tlsSans?: string[];
  /** Packaged components not to deploy. Default ["traefik"]: its LoadBalancer would take port 80 the demo app's Service wants. */
  disable?: string[];
}

/** The config keys the renderer writes; checkK3sConfig accepts any documented key. */
export interface K3sConfig {
  "node-name": string;
  /** "<IPv4>,<IPv6>": both families, IPv4 first like the ranges. */
  "node-ip": string;
  token: string;
  /** Joining nodes: the first server's supervisor URL. */
  server?: string;
  /** First of three servers: start embedded etcd. */
  "cluster-init"?: boolean;
  "cluster-cidr"?: string;
  "service-cidr"?: string;
  "flannel-ipv6-masq"?: boolean;
  "kube-controller-manager-arg"?: string[];
  "tls-san"?: string[];
  disable?: string[];
}

export interface K3sNodeConfig {
  node: PlannedNode;
  role: K3sRole;
  config: K3sConfig;
}

export const K3S_DEFAULTS = {
  servers: 1,
  joinFamily: 4,
  apiPort: 6443,
  disable: ["traefik"],
  configPath: "/etc/rancher/k3s/config.yaml",
  manifestsDir: "/var/lib/rancher/k3s/server/manifests",
} as const;

/** The configs of every node of the plan, servers first. */
export function k3sConfigs(args: K3sClusterArgs): K3sNodeConfig[] {
  const plan = args.plan;
  const servers = requireServerCount(args.servers ?? K3S_DEFAULTS.servers, plan.nodes.length);
  const token = requireSecret("token", args.token, K3S_LIMITS.minTokenLength);
  const joinFamily = args.joinFamily ?? K3S_DEFAULTS.joinFamily;
  if (joinFamily !== 4 && joinFamily !== 6) throw new InputError("joinFamily", joinFamily, "is not an address family", "use 4 or 6");
  const apiPort = requireInt("apiPort", args.apiPort ?? K3S_DEFAULTS.apiPort, 1, 65535);
  const tlsSans = (args.tlsSans ?? []).map((san, i) => requireSan(`tlsSans[${i}]`, san));
  const disable = (args.disable ?? K3S_DEFAULTS.disable).map((item, i) => requireDnsLabel(`disable[${i}]`, item));
  const first = plan.nodes[0];
  const serverUrl = supervisorUrl(joinFamily === 4 ? first.ipv4 : first.ipv6, apiPort);
  const k8s = plan.kubernetes;

  return plan.nodes.map((node, index): K3sNodeConfig => {
    requireDnsLabel(`plan.nodes[${index}].name`, node.name);
    const role: K3sRole = index < servers ? "server" : "agent";
    const base = { "node-name": node.name, "node-ip": `${node.ipv4},${node.ipv6}`, token };
    const config: K3sConfig =
      role === "agent"
        ? { ...base, server: serverUrl }
        : {
            ...base,
            // The first server starts the cluster (embedded etcd when there are three); the others join it.
            ...(index === 0 ? (servers > 1 ? { "cluster-init": true } : {}) : { server: serverUrl }),
            ...k3sServerRanges(plan),
            // Pods with ULA addresses reach the IPv6 internet only through the node's address.
            ...(k8s.podRangeIsUla ? { "flannel-ipv6-masq": true } : {}),
            ...(tlsSans.length > 0 ? { "tls-san": tlsSans } : {}),
            ...(disable.length > 0 ? { disable } : {}),
          };
    const problems = checkK3sConfig(config, role);
    if (problems.length > 0) {
      const p = problems[0];
      throw new InputError(`k3s config of ${node.name}: ${p.key}`, p.value, p.problem, p.expected);
    }
    return { node, role, config };
  });
}

/** The cluster's ranges as a k3s server is configured with them; the lab's own control plane takes the same. */
export type K3sServerRanges = Required<Pick<K3sConfig, "cluster-cidr" | "service-cidr" | "kube-controller-manager-arg">>;

export function k3sServerRanges(plan: AddressPlan): K3sServerRanges {
  const k8s = plan.kubernetes;
  return {
    "cluster-cidr": `${k8s.clusterCidrV4},${k8s.clusterCidrV6}`,
    "service-cidr": `${k8s.serviceCidrV4},${k8s.serviceCidrV6}`,
    "kube-controller-manager-arg": [`node-cidr-mask-size-ipv4=${k8s.nodeCidrMaskSizeV4}`, `node-cidr-mask-size-ipv6=${k8s.nodeCidrMaskSizeV6}`],
  };
}

/** The config of one node of the plan. */
export function k3sConfigFor(args: K3sClusterArgs, nodeName: string): K3sNodeConfig {
  const all = k3sConfigs(args);
  const found = all.find((c) => c.node.name === nodeName);
  if (!found) {
    throw new InputError("node", nodeName, `is not a node of plan "${args.plan.name}"`, `use one of ${all.map((c) => c.node.name).join(", ")}`);
  }
  return found;
}

/** config.yaml text (holds the token: write it mode 0600). */
export function renderK3sConfig(config: K3sConfig): string {
  return toYaml(config);
}

function requireServerCount(value: unknown, nodeCount: number): number {
  if (value !== 1 && value !== 3) {
    throw new InputError("servers", value, "is not a supported server count", "use 1 (single server) or 3 (HA with embedded etcd; 2 servers cannot keep quorum when one fails)");
  }
  if (nodeCount < value) {
    throw new InputError("servers", value, `exceeds the plan's ${nodeCount} node(s)`, `use at most ${nodeCount === 0 ? 0 : k3sServerCount(nodeCount)}, or plan more nodes`);
  }
  return value;
}

function requireSan(key: string, value: unknown): string {
  if (typeof value === "string") {
    if (Address4.isValid(value) && !value.includes("/")) return new Address4(value).correctForm();
    if (Address6.isValid(value) && !/[/%]/.test(value)) return new Address6(value).correctForm();
    if (/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(value)) return value;
  }
  throw new InputError(key, value, "is not an address or DNS name", 'use an IPv4/IPv6 address or a lowercase DNS name such as "k8s.example.net"');
}

function supervisorUrl(address: string, port: number): string {
  return address.includes(":") ? `https://[${address}]:${port}` : `https://${address}:${port}`;
}
