// Exoscale SKS with dual-stack pods and services. Facts (Exoscale API v2,
// egoscale v3 OpenAPI, schema `networking`, described "EXPERIMENTAL: Cluster
// networking configuration"): `cluster-cidr` and `service-cluster-ip-range`
// take at most two comma-separated CIDRs, one per family; the IPv6 service
// range is no larger than a /108 (the kube-apiserver limit); every node gets a
// node-cidr-mask-size-ipv4 (default /24) and -ipv6 (default /64) slice of the
// pod range, which must be longer than the pod range's mask and at most 16
// bits longer. Nodes get public IPv6 through nodepools with
// public-ip-assignment "dual". The kubeconfig comes from
// POST /sks-cluster-kubeconfig/{id} (SksKubeconfig) and is a secret.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, Cidr, KubernetesPlan } from "../../addressing";
import { DEFAULT_KUBECONFIG_TTL_SECONDS, SksCluster, SksKubeconfig, SksNodepool } from "../../clouds/exoscale";
import { isZone, ZONES } from "../../clouds/exoscale/zones";
import { InputError, requireCidr, requireInt, requireKubernetesVersion, requireMatch } from "./checks";
import { formerType } from "../../renamed";

export const SKS_EXPERIMENTAL_NOTE =
  "SKS dual-stack pod and service ranges use the cluster's `networking` field, which Exoscale marks EXPERIMENTAL";

export type SksCni = "calico" | "cilium";

/** The plan part SKS needs: the Kubernetes ranges. */
export type SksPlan = Pick<AddressPlan, "kubernetes">;

/** SKS's own limits (see the header). */
export const SKS_LIMITS = {
  serviceLengthV6: { min: 108, max: 120 },
  /** kube-apiserver: at most 20 host bits for IPv4; /28 keeps room for the DNS service IP. */
  serviceLengthV4: { min: 12, max: 28 },
  /** The node slices SKS uses when `networking` sets none (our SksCluster sets none). */
  nodeMaskV4: 24,
  nodeMaskV6: 64,
  /** A node slice is at most 16 bits longer than the pod range. */
  maxNodeMaskDelta: 16,
  nodeCount: { min: 1, max: 1000 },
  /** IPv4/IPv6 dual-stack is GA in Kubernetes 1.23. */
  minVersion: [1, 23, 0] as const,
} as const;

/** SksCluster.networking for dual-stack: "<v4>,<v6>" for pods and for services. */
export interface SksNetworking {
  clusterCidr: string;
  serviceClusterIpRange: string;
}

type Ranges = Record<"clusterCidrV4" | "clusterCidrV6" | "serviceCidrV4" | "serviceCidrV6", Cidr>;

/**
 * The dual-stack `networking` of an SKS cluster from the plan's Kubernetes
 * ranges, with SKS's limits checked (a InputError naming the plan key). Pure.
 */
export function sksNetworking(plan: SksPlan, nodeCount = 1): SksNetworking {
  const k: Partial<KubernetesPlan> | undefined = plan?.kubernetes;
  if (!k) throw new InputError("kubernetes", undefined, "is missing from the plan", "pass an address plan with Kubernetes ranges (planAddresses)");
  const r: Ranges = {
    clusterCidrV4: requireCidr("kubernetes.clusterCidrV4", k.clusterCidrV4, 4),
    clusterCidrV6: requireCidr("kubernetes.clusterCidrV6", k.clusterCidrV6, 6),
    serviceCidrV4: requireCidr("kubernetes.serviceCidrV4", k.serviceCidrV4, 4),
    serviceCidrV6: requireCidr("kubernetes.serviceCidrV6", k.serviceCidrV6, 6),
  };
  const lengthIn = (key: keyof Ranges, min: number, max: number, why: string) => {
    if (r[key].length < min || r[key].length > max) {
      throw new InputError(`kubernetes.${key}`, r[key].toString(), `is a /${r[key].length}: ${why}`, `use a /${min}../${max}`);
    }
  };
  lengthIn("serviceCidrV6", SKS_LIMITS.serviceLengthV6.min, SKS_LIMITS.serviceLengthV6.max, "SKS (the kube-apiserver) allows IPv6 service ranges of /108 or smaller");
  lengthIn("serviceCidrV4", SKS_LIMITS.serviceLengthV4.min, SKS_LIMITS.serviceLengthV4.max, "the kube-apiserver allows IPv4 service ranges of /12 or smaller, with room for the DNS service IP");
  const masks = [
    ["V4", SKS_LIMITS.nodeMaskV4, k.nodeCidrMaskSizeV4],
    ["V6", SKS_LIMITS.nodeMaskV6, k.nodeCidrMaskSizeV6],
  ] as const;
  for (const [family, mask, planned] of masks) {
    if (planned !== undefined && planned !== mask) {
      throw new InputError(`kubernetes.nodeCidrMaskSize${family}`, planned, `is not SKS's node slice /${mask}`, `SKS gives every node a /${mask} of the pod range; plan with nodeCidrMaskSize${family} ${mask}`);
    }
    const key = `clusterCidr${family}` as const;
    lengthIn(key, mask - SKS_LIMITS.maxNodeMaskDelta, mask - 1, `SKS's node slice /${mask} must be longer than the pod range's mask and at most ${SKS_LIMITS.maxNodeMaskDelta} bits longer`);
  }
  const slices = r.clusterCidrV4.subnetCount(SKS_LIMITS.nodeMaskV4);
  if (slices < BigInt(nodeCount)) {
    throw new InputError("kubernetes.clusterCidrV4", r.clusterCidrV4.toString(), `holds ${slices} node /${SKS_LIMITS.nodeMaskV4}s for ${nodeCount} nodes`, "use a larger pod range");
  }
  const pairs: [keyof Ranges, keyof Ranges][] = [["serviceCidrV4", "clusterCidrV4"], ["serviceCidrV6", "clusterCidrV6"]];
  for (const [a, b] of pairs) {
    if (r[a].overlaps(r[b])) throw new InputError(`kubernetes.${a}`, r[a].toString(), `overlaps kubernetes.${b} ${r[b]}`, "use pod and service ranges that do not overlap");
  }
  return {
    clusterCidr: `${r.clusterCidrV4},${r.clusterCidrV6}`,
    serviceClusterIpRange: `${r.serviceCidrV4},${r.serviceCidrV6}`,
  };
}

export interface SksDualStackClusterArgs {
  zone: string;
  /** The SKS cluster's name (also the prefix of the nodepool's). */
  name: string;
  plan: SksPlan;
  nodeCount: number;
  /** "family.size" such as "standard.medium", or an instance type id. */
  instanceType: string;
  /** Kubernetes version, e.g. "1.33.1". */
  version: string;
  cni: SksCni;
  /** Service level; default "pro" (starter has no SLA). */
  level?: "starter" | "pro";
  /** Node disk in GB; default 50. */
  diskSize?: number;
  /** Kubeconfig user and groups; default "kube-admin" in "system:masters". */
  kubeconfigUser?: string;
  kubeconfigGroups?: string[];
  /** Kubeconfig certificate validity; default 30 days (the API's default). */
  kubeconfigTtlSeconds?: number;
  /** Security group ids for the nodes (their public interfaces). */
  securityGroups?: pulumi.Input<string>[];
  /** Anti-affinity group ids for the nodes (a group holds at most 8 instances). */
  antiAffinityGroups?: pulumi.Input<string>[];
}

/** The args, checked and with defaults, before any resource exists. Pure. */
export function checkSksArgs(args: SksDualStackClusterArgs) {
  if (!isZone(args.zone)) throw new InputError("zone", args.zone, "is not an Exoscale zone", `use one of ${ZONES.join(", ")}`);
  const name = requireMatch("name", args.name, /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "use 1..63 letters, digits, '.', '_' or '-'");
  const nodeCount = requireInt("nodeCount", args.nodeCount, SKS_LIMITS.nodeCount.min, SKS_LIMITS.nodeCount.max);
  const networking = sksNetworking(args.plan, nodeCount);
  const instanceType = requireMatch(
    "instanceType",
    args.instanceType,
    /^([a-z0-9-]+\.[a-z0-9-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
    'use "family.size" such as "standard.medium" or an instance type id',
  );
  const version = requireKubernetesVersion("version", args.version, SKS_LIMITS.minVersion, "Kubernetes dual-stack (GA) needs");
  if (args.cni !== "calico" && args.cni !== "cilium") throw new InputError("cni", args.cni, "is not an SKS CNI", 'use "calico" or "cilium"');
  const level = args.level ?? "pro";
  if (level !== "starter" && level !== "pro") throw new InputError("level", level, "is not an SKS service level", 'use "starter" or "pro"');
  const diskSize = requireInt("diskSize", args.diskSize ?? 50, 20, 51200);
  const ttlSeconds = args.kubeconfigTtlSeconds ?? DEFAULT_KUBECONFIG_TTL_SECONDS;
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 60) {
    throw new InputError("kubeconfigTtlSeconds", ttlSeconds, "is not a validity in seconds", `use an integer of at least 60 (default ${DEFAULT_KUBECONFIG_TTL_SECONDS}, 30 days)`);
  }
  return { zone: args.zone, name, nodeCount, networking, instanceType, version, cni: args.cni, level, diskSize, ttlSeconds };
}

export class SksDualStackCluster extends pulumi.ComponentResource {
  readonly cluster: SksCluster;
  readonly nodepool: SksNodepool;
  readonly kubeconfigResource: SksKubeconfig;
  /** The Instance Pool SKS runs the nodes in (where elastic IPs go). */
  readonly instancePoolId: pulumi.Output<string>;
  /** Client-certificate kubeconfig, a secret. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly networking: SksNetworking;
  readonly dualStack = true as const;
  readonly note = SKS_EXPERIMENTAL_NOTE;

  constructor(name: string, args: SksDualStackClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a bad plan fails the preview with one clear error.
    const a = checkSksArgs(args);
    super("dualstack:managed:SksDualStackCluster", name, {}, formerType("dualstack:managed:SksDualStackCluster", opts));
    const parent = { parent: this };
    this.networking = a.networking;

    this.cluster = new SksCluster(name, { zone: a.zone, name: a.name, level: a.level, version: a.version, cni: a.cni, networking: a.networking }, parent);
    this.nodepool = new SksNodepool(
      `${name}-nodes`,
      {
        cluster: this.cluster.id,
        name: `${a.name}-nodes`,
        size: a.nodeCount,
        diskSize: a.diskSize,
        instanceType: a.instanceType,
        publicIpAssignment: "dual",
        ...(args.securityGroups ? { securityGroups: args.securityGroups } : {}),
        ...(args.antiAffinityGroups ? { antiAffinityGroups: args.antiAffinityGroups } : {}),
      },
      parent,
    );
    this.instancePoolId = this.nodepool.instancePoolId;
    this.kubeconfigResource = new SksKubeconfig(
      `${name}-kubeconfig`,
      {
        zone: a.zone,
        cluster: this.cluster.id,
        user: args.kubeconfigUser ?? "kube-admin",
        groups: args.kubeconfigGroups ?? ["system:masters"],
        ttlSeconds: a.ttlSeconds,
      },
      parent,
    );
    this.kubeconfig = pulumi.secret(this.kubeconfigResource.kubeconfig);
    this.endpoint = this.cluster.endpoint;

    pulumi.log.info(SKS_EXPERIMENTAL_NOTE, this);
    this.registerOutputs({ kubeconfig: this.kubeconfig, endpoint: this.endpoint, networking: this.networking, dualStack: this.dualStack, note: this.note });
  }
}
