// The local lab's hosts (pulumi-nodejs:dynamic/local:Host): the lab stands in
// for the clouds, so a lab VM without IPv6 hides exactly the bugs the lab is
// there to catch (keepalived, HAProxy and the app must be exercised on both).
import { parseCidr } from "../lib/cidr";
import type { ResourceRule } from "../lib/policy";
import { isProps, isUnknown, str, type Props } from "../lib/props";
import { LAB } from "../lib/types";

function cidrProblem(props: Props, field: "ipv4Cidr" | "ipv6Cidr", family: 4 | 6, name: string): string | undefined {
  const v = str(props[field]);
  if (isUnknown(v)) return undefined;
  if (v === undefined || v === "") return `lab host "${name}" has no IPv${family} address: set ${field} (e.g. ${family === 4 ? '"10.77.0.10/24"' : '"fd00:77::a/64"'}).`;
  const p = parseCidr(v);
  if (p?.family !== family) return `lab host "${name}": ${field} "${v}" is not an IPv${family} CIDR.`;
  return undefined;
}

/** Both families present and well-formed (exported for the review's endpoint count). */
export function labHostIsDualStack(props: Props, name = "host"): boolean {
  return !cidrProblem(props, "ipv4Cidr", 4, name) && !cidrProblem(props, "ipv6Cidr", 6, name);
}

export const labHostDualStack: ResourceRule = {
  name: "lab-host-dual-stack",
  description:
    "Every lab host has an IPv4 and an IPv6 address (ipv4Cidr and ipv6Cidr): the lab reproduces the clouds' dual-stack topology, and an IPv4-only host would hide IPv6 failover and ingress bugs.",
  types: [LAB.host],
  check(props, name) {
    return [cidrProblem(props, "ipv4Cidr", 4, name), cidrProblem(props, "ipv6Cidr", 6, name)].filter((p): p is string => !!p);
  },
};

function dockerProblems(props: Props, name: string): string[] {
  const config = props.config;
  if (isUnknown(config)) return [];
  const c: Props = isProps(config) ? config : {};
  const problems: string[] = [];
  if (isUnknown(c.ipv6)) return [];
  if (c.ipv6 !== true) problems.push(`lab Docker engine "${name}" has IPv6 off: set "ipv6": true in its daemon.json (renderDaemonJson does).`);
  const fixed = str(c["fixed-cidr-v6"]);
  if (!isUnknown(fixed) && parseCidr(fixed ?? "")?.family !== 6) {
    problems.push(`lab Docker engine "${name}" has no IPv6 range for its default bridge: set "fixed-cidr-v6" to the node's Docker /80 (got ${JSON.stringify(fixed ?? null)}).`);
  }
  if (c.ip6tables === false) problems.push(`lab Docker engine "${name}" has "ip6tables": false: IPv6 published ports and container firewalling would not work; remove the key.`);
  return problems;
}

function containerProblems(props: Props, name: string): string[] {
  const network = props.network;
  if (isUnknown(network)) return [];
  const n: Props = isProps(network) ? network : {};
  const subnet = str(n.subnetV6);
  const address = str(n.containerV6);
  if (isUnknown(subnet) || isUnknown(address)) return [];
  if (parseCidr(subnet ?? "")?.family !== 6 || !address) {
    return [`lab container "${name}" has no IPv6 network: set network.subnetV6 and network.containerV6 (appNetworkOf(node) gives a /80 of the node's Docker /64).`];
  }
  return [];
}

export const labDockerDualStack: ResourceRule = {
  name: "lab-docker-dual-stack",
  description:
    "Every lab Docker engine has IPv6 on (ipv6, fixed-cidr-v6, ip6tables not off) and every lab container an IPv6 network: the lab shows containers of both families, and an IPv4-only engine hides the very bugs it is there for.",
  types: [LAB.dockerEngine, LAB.container],
  check(props, name, type) {
    return type === LAB.container ? containerProblems(props, name) : dockerProblems(props, name);
  },
};

/** The pod address ranges a CNI config (JSON text) hands out: every host-local range set's subnets. */
function cniSubnets(content: string): string[] | undefined {
  try {
    const conf = JSON.parse(content) as { plugins?: { ipam?: { ranges?: { subnet?: string }[][] } }[] };
    return (conf.plugins ?? []).flatMap((p) => (p.ipam?.ranges ?? []).flat().map((r) => r.subnet ?? ""));
  } catch {
    return undefined;
  }
}

export const labKubernetesDualStack: ResourceRule = {
  name: "lab-kubernetes-dual-stack",
  description:
    "Every lab Kubernetes node's pod network (its CNI config) hands out an IPv4 and an IPv6 address per pod: pods of one family would hide every dual-stack bug of Services, NodePorts and probes.",
  types: [LAB.criRuntime],
  check(props, name) {
    const cni = props.cniConfig;
    if (isUnknown(cni)) return [];
    const content = str(isProps(cni) ? cni.content : undefined);
    if (isUnknown(content)) return [];
    const subnets = cniSubnets(content ?? "");
    if (subnets === undefined) return [`lab Kubernetes node "${name}": its CNI config is not JSON.`];
    const families = new Set(subnets.map((s) => parseCidr(s)?.family));
    const missing = ([4, 6] as const).filter((f) => !families.has(f));
    return missing.map(
      (f) => `lab Kubernetes node "${name}" gives pods no IPv${f} address: add the node's IPv${f} pod range to the host-local ranges (renderCniConfig does: podCidrV${f}).`,
    );
  },
};
