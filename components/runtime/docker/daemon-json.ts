// Renders /etc/docker/daemon.json for one node of a plan: IPv6 on the default
// bridge (fixed-cidr-v6), ip6tables, and address pools of both families with
// IPv6 on by default for every new bridge network, so `docker network create`
// and Compose networks are dual-stack without per-network flags. Pure; the
// output is checked by a real `dockerd --validate` (Engine 28.5) in
// test/unit/runtime, plus the semantic checks here that dockerd does not do
// (pool sizes, overlaps, alignment).
import type { AddressPlan, PlannedNode } from "../../addressing";
import { Cidr } from "../../addressing";
// The private IPv4 space a pool may use: the planner's own list (RFC 1918, RFC 6598).
import { PRIVATE_V4 } from "../../addressing/special-ranges";
import { InputError, firstOverlap, NamedRange, requireCidr, requireInt, requireMatch } from "../checks";

export interface AddressPool {
  /** CIDR the pool carves networks from. */
  base: string;
  /** Prefix length of each network taken from the pool. */
  size: number;
}

/** The daemon.json keys we write (names as Docker spells them). */
export interface DaemonJson {
  ipv6: boolean;
  "fixed-cidr-v6": string;
  ip6tables: boolean;
  "default-address-pools": AddressPool[];
  "default-network-opts": { bridge: { "com.docker.network.enable_ipv6": "true" } };
  "log-driver": "json-file";
  "log-opts": { "max-size": string; "max-file": string };
}

export interface DaemonJsonOptions {
  /** IPv4 pool for bridge networks; default the plan's (node.docker.addressPoolV4), else DOCKER_DEFAULTS.ipv4Pool. */
  ipv4Pool?: AddressPool;
  /** Ranges the pools must stay clear of (reservedRanges(plan)); the user-data renderer always passes them. */
  avoid?: readonly NamedRange[];
  log?: { maxSize?: string; maxFile?: number };
}

export const DOCKER_DEFAULTS = {
  /**
   * 172.16.0.0/12 in /24s: 4096 networks, clear of the k3s defaults
   * (10.42/16, 10.43/16) and of 10.x supernets. Docker's own default
   * (172.17..31/16 and 192.168/16 in /16s and /20s) gives few, large networks.
   */
  ipv4Pool: { base: "172.16.0.0/12", size: 24 },
  /** json-file is Docker's default driver; without max-size it grows until the disk is full. */
  log: { maxSize: "10m", maxFile: 3 },
} as const;


export function renderDaemonJson(node: PlannedNode, options: DaemonJsonOptions = {}): { config: DaemonJson; text: string } {
  const config = daemonJson(node, options);
  return { config, text: JSON.stringify(config, null, 2) + "\n" };
}

/** IPv4 and IPv6 ranges of a plan that Docker networks must not reuse. */
export function reservedRanges(plan: AddressPlan): NamedRange[] {
  const k8s = plan.kubernetes;
  const named = (name: string, cidr: string, family: 4 | 6): NamedRange => ({ name, cidr: requireCidr(name, cidr, family) });
  return [
    named("ipv4Supernet", plan.ipv4Supernet, 4),
    ...plan.networks.map((n) => named(`network ${n.name} (IPv6)`, n.ipv6Cidr, 6)),
    named("kubernetes.clusterCidrV4", k8s.clusterCidrV4, 4),
    named("kubernetes.serviceCidrV4", k8s.serviceCidrV4, 4),
    named("kubernetes.clusterCidrV6", k8s.clusterCidrV6, 6),
    named("kubernetes.serviceCidrV6", k8s.serviceCidrV6, 6),
  ];
}

function daemonJson(node: PlannedNode, options: DaemonJsonOptions): DaemonJson {
  const avoid = options.avoid ?? [];
  const dockerRange = requireCidr("node.docker.ipv6Cidr", node.docker.ipv6Cidr, 6);
  const fixed = requireCidr("node.docker.fixedCidrV6", node.docker.fixedCidrV6, 6);
  if (!dockerRange.contains(fixed)) {
    throw new InputError("node.docker.fixedCidrV6", node.docker.fixedCidrV6, `is outside the node's Docker range ${dockerRange}`, "use a plan from planAddresses");
  }
  const v6Pool = checkPool("node.docker.addressPoolV6", node.docker.addressPoolV6, 6, avoid);
  if (!dockerRange.contains(v6Pool.base)) {
    throw new InputError("node.docker.addressPoolV6.base", node.docker.addressPoolV6.base, `is outside the node's Docker range ${dockerRange}`, "use a plan from planAddresses");
  }
  if (v6Pool.base.overlaps(fixed)) {
    throw new InputError("node.docker.addressPoolV6.base", node.docker.addressPoolV6.base, `overlaps fixed-cidr-v6 ${fixed}`, "keep the pool and the default bridge apart");
  }
  const noClash = (key: string, cidr: Cidr) => {
    const clash = firstOverlap(cidr, avoid);
    if (clash) throw new InputError(key, cidr.toString(), `overlaps ${clash.name} ${clash.cidr}`, "use a range the plan does not use");
  };
  noClash("node.docker.fixedCidrV6", fixed);

  const v4Pool = checkPool("ipv4Pool", options.ipv4Pool ?? node.docker.addressPoolV4 ?? DOCKER_DEFAULTS.ipv4Pool, 4, avoid);
  if (!PRIVATE_V4.some((space) => space.contains(v4Pool.base))) {
    throw new InputError("ipv4Pool.base", v4Pool.base.toString(), "is not private address space", `use a range inside ${PRIVATE_V4.join(", ")}`);
  }
  const log = options.log ?? {};
  const maxSize = requireMatch("log.maxSize", log.maxSize ?? DOCKER_DEFAULTS.log.maxSize, /^[1-9][0-9]*[kmg]$/, 'use a size such as "10m" (units k, m, g)');
  const maxFile = requireInt("log.maxFile", log.maxFile ?? DOCKER_DEFAULTS.log.maxFile, 1, 100);

  return {
    ipv6: true,
    "fixed-cidr-v6": fixed.toString(),
    // On by default since Engine 27; explicit so an older engine does not silently skip IPv6 NAT/filtering.
    ip6tables: true,
    "default-address-pools": [
      { base: v4Pool.base.toString(), size: v4Pool.size },
      { base: v6Pool.base.toString(), size: v6Pool.size },
    ],
    "default-network-opts": { bridge: { "com.docker.network.enable_ipv6": "true" } },
    "log-driver": "json-file",
    "log-opts": { "max-size": maxSize, "max-file": String(maxFile) },
  };
}

/**
 * A pool: an aligned base of the family, networks no longer than the base and
 * big enough for a gateway and a container (IPv4 /30, IPv6 /126 at most).
 */
function checkPool(key: string, pool: AddressPool | undefined, family: 4 | 6, avoid: readonly NamedRange[]): { base: Cidr; size: number } {
  if (pool === null || typeof pool !== "object") {
    throw new InputError(key, pool, "is not a pool", `use {"base": CIDR, "size": prefix length}`);
  }
  const base = requireCidr(`${key}.base`, pool.base, family);
  const longest = family === 4 ? 30 : 126;
  const size = requireInt(`${key}.size`, pool.size, base.length, longest);
  const clash = firstOverlap(base, avoid);
  if (clash) {
    throw new InputError(`${key}.base`, pool.base, `overlaps ${clash.name} ${clash.cidr}`, "use a range the plan does not use");
  }
  return { base, size };
}
