// AKS with real dual-stack: Azure CNI Overlay (optionally with the Cilium
// dataplane), ipFamilies IPv4 + IPv6, pod and service ranges of both families
// from the address plan. Facts (Microsoft Learn, azure-cni-overlay and
// concepts-network-azure-cni-overlay): dual-stack overlay needs
// Kubernetes >= 1.26.3 (Cilium dual-stack >= 1.29); the IPv6 service range is
// no larger than /108; the IPv4 service range must be smaller than /12; every
// node takes a fixed /24 of the IPv4 pod range; pod and service ranges must
// not overlap the cluster's subnets; dual-stack supports no NAT gateway and
// no Azure/Calico network policy (so: load-balancer outbound, Cilium policy).
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, Cidr, KubernetesPlan } from "../../addressing";
import { firstOverlap, NamedRange } from "../checks";
import { InputError, requireCidr, requireInt, requireKubernetesVersion, requireMatch } from "./checks";
import { formerType } from "../../renamed";

export type AksNetworkPlugin = "azure-overlay" | "cilium";

/** The plan parts AKS needs: the Kubernetes ranges and, to check overlaps, the networks (subnets). */
export type AksPlan = Pick<AddressPlan, "kubernetes"> & Partial<Pick<AddressPlan, "networks">>;

export interface AksNetworkArgs {
  plan: AksPlan;
  networkPlugin: AksNetworkPlugin;
  nodeCount: number;
  /** The VNet's address space, if pod and service ranges must stay out of all of it (default: only the plan's networks). */
  vnetAddressSpace?: string[];
}

/** AKS's own limits (see the header). */
export const AKS_LIMITS = {
  serviceLengthV6: { min: 108, max: 120 },
  serviceLengthV4: { min: 13, max: 28 },
  nodePodLengthV4: 24,
  /** Offset of the DNS service IP in the IPv4 service range (AKS and k3s use .10; .1 is the API server). */
  dnsServiceOffset: 10,
  nodeCount: { min: 1, max: 1000 },
  minVersion: { "azure-overlay": [1, 26, 3], cilium: [1, 29, 0] } as const,
} as const;

/** ManagedCluster.networkProfile for dual-stack, as plain values. */
export interface AksNetworkProfile {
  networkPlugin: "azure";
  networkPluginMode: "overlay";
  networkDataplane?: "cilium";
  networkPolicy?: "cilium";
  ipFamilies: ["IPv4", "IPv6"];
  /** [IPv4, IPv6], the order of ipFamilies. */
  podCidrs: [string, string];
  serviceCidrs: [string, string];
  /** = podCidrs[0] / serviceCidrs[0]; set because the SDK otherwise fills in 10.244.0.0/16 and 10.0.0.0/16. */
  podCidr: string;
  serviceCidr: string;
  dnsServiceIP: string;
  loadBalancerSku: "standard";
  outboundType: "loadBalancer";
}

/** The dual-stack network profile for a plan, with AKS's limits checked. Pure. */
export function aksNetworkProfile(args: AksNetworkArgs): AksNetworkProfile {
  const { kubernetes } = args.plan;
  if (args.networkPlugin !== "azure-overlay" && args.networkPlugin !== "cilium") {
    throw new InputError("networkPlugin", args.networkPlugin, "is not a dual-stack AKS network plugin", 'use "azure-overlay" or "cilium"');
  }
  const nodeCount = requireInt("nodeCount", args.nodeCount, AKS_LIMITS.nodeCount.min, AKS_LIMITS.nodeCount.max);
  const ranges = checkRanges(kubernetes, nodeCount);
  const taken: NamedRange[] = [
    ...(args.plan.networks ?? []).flatMap((n) => [
      { name: `network ${n.name}`, cidr: requireCidr(`networks.${n.name}.ipv4Cidr`, n.ipv4Cidr, 4) },
      { name: `network ${n.name}`, cidr: requireCidr(`networks.${n.name}.ipv6Cidr`, n.ipv6Cidr, 6) },
    ]),
    ...(args.vnetAddressSpace ?? []).map((text, i) => {
      const family = text.includes(":") ? 6 : 4;
      return { name: "the VNet address space", cidr: requireCidr(`vnetAddressSpace[${i}]`, text, family) };
    }),
  ];
  for (const [key, cidr] of Object.entries(ranges)) {
    const hit = firstOverlap(cidr, taken);
    if (hit) {
      throw new InputError(`kubernetes.${key}`, cidr.toString(), `overlaps ${hit.name} (${hit.cidr})`, "AKS needs pod and service ranges outside the cluster's subnets; pick another range");
    }
  }
  const cilium = args.networkPlugin === "cilium";
  return {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    ...(cilium ? { networkDataplane: "cilium" as const, networkPolicy: "cilium" as const } : {}),
    ipFamilies: ["IPv4", "IPv6"],
    podCidrs: [ranges.clusterCidrV4.toString(), ranges.clusterCidrV6.toString()],
    serviceCidrs: [ranges.serviceCidrV4.toString(), ranges.serviceCidrV6.toString()],
    podCidr: ranges.clusterCidrV4.toString(),
    serviceCidr: ranges.serviceCidrV4.toString(),
    dnsServiceIP: ranges.serviceCidrV4.addressAt(AKS_LIMITS.dnsServiceOffset),
    loadBalancerSku: "standard",
    outboundType: "loadBalancer",
  };
}

type Ranges = Record<"clusterCidrV4" | "clusterCidrV6" | "serviceCidrV4" | "serviceCidrV6", Cidr>;

function checkRanges(k: Pick<KubernetesPlan, keyof Ranges>, nodeCount: number): Ranges {
  const r: Ranges = {
    clusterCidrV4: requireCidr("kubernetes.clusterCidrV4", k.clusterCidrV4, 4),
    clusterCidrV6: requireCidr("kubernetes.clusterCidrV6", k.clusterCidrV6, 6),
    serviceCidrV4: requireCidr("kubernetes.serviceCidrV4", k.serviceCidrV4, 4),
    serviceCidrV6: requireCidr("kubernetes.serviceCidrV6", k.serviceCidrV6, 6),
  };
  const lengthIn = (key: keyof Ranges, { min, max }: { min: number; max: number }, why: string) => {
    if (r[key].length < min || r[key].length > max) {
      throw new InputError(`kubernetes.${key}`, r[key].toString(), `is a /${r[key].length}: ${why}`, `use a /${min}../${max}`);
    }
  };
  lengthIn("serviceCidrV6", AKS_LIMITS.serviceLengthV6, "AKS and Kubernetes allow IPv6 service ranges of /108 or smaller");
  lengthIn("serviceCidrV4", AKS_LIMITS.serviceLengthV4, "AKS wants an IPv4 service range smaller than /12 and room for the DNS IP (.10)");
  const nodeRanges = r.clusterCidrV4.subnetCount(AKS_LIMITS.nodePodLengthV4);
  if (nodeRanges < BigInt(nodeCount)) {
    throw new InputError("kubernetes.clusterCidrV4", r.clusterCidrV4.toString(), `holds ${nodeRanges} node /24s for ${nodeCount} nodes`, "Azure CNI Overlay gives every node a /24: use a larger range");
  }
  const pairs: [keyof Ranges, keyof Ranges][] = [["serviceCidrV4", "clusterCidrV4"], ["serviceCidrV6", "clusterCidrV6"]];
  for (const [a, b] of pairs) {
    if (r[a].overlaps(r[b])) throw new InputError(`kubernetes.${a}`, r[a].toString(), `overlaps kubernetes.${b} ${r[b]}`, "use pod and service ranges that do not overlap");
  }
  return r;
}

/** The kubeconfig text from listManagedClusterUserCredentials (base64 in `value`). Pure. */
export function decodeKubeconfig(result: { kubeconfigs?: readonly { name?: string; value?: string }[] }): string {
  const first = result.kubeconfigs?.find((k) => typeof k.value === "string" && k.value !== "");
  if (!first?.value) throw new Error("listManagedClusterUserCredentials returned no kubeconfig");
  return Buffer.from(first.value, "base64").toString("utf8");
}

export interface AksDualStackClusterArgs {
  resourceGroupName: pulumi.Input<string>;
  location: pulumi.Input<string>;
  plan: AksPlan;
  /** The node subnet (dual-stack: an IPv4 and an IPv6 /64 prefix). */
  subnetId: pulumi.Input<string>;
  nodeCount: number;
  vmSize: string;
  kubernetesVersion?: string;
  networkPlugin: AksNetworkPlugin;
  vnetAddressSpace?: string[];
  /** DNS prefix of the API server FQDN; default from the component name. */
  dnsPrefix?: string;
  /** Give the cluster identity Network Contributor on the subnet (a BYO subnet needs it; the deployer needs roleAssignments/write). Default true. */
  grantSubnetAccess?: boolean;
}

/** Network Contributor, a built-in role (same id in every tenant). */
const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";

export class AksDualStackCluster extends pulumi.ComponentResource {
  readonly cluster: containerservice.ManagedCluster;
  /** Admin-free user kubeconfig, a secret. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly fqdn: pulumi.Output<string>;
  readonly dualStack = true as const;

  constructor(name: string, args: AksDualStackClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a bad plan fails the preview with one clear error.
    const networkProfile = aksNetworkProfile(args);
    const version =
      args.kubernetesVersion === undefined
        ? undefined
        : requireKubernetesVersion("kubernetesVersion", args.kubernetesVersion, AKS_LIMITS.minVersion[args.networkPlugin], `AKS dual-stack with ${args.networkPlugin} needs`);
    const vmSize = requireMatch("vmSize", args.vmSize, /^Standard_[A-Za-z0-9_]+$/, 'use an Azure VM size such as "Standard_D4s_v5"');
    const dnsPrefix = requireMatch("dnsPrefix", args.dnsPrefix ?? dnsPrefixFrom(name), /^[a-zA-Z0-9][a-zA-Z0-9-]{0,52}[a-zA-Z0-9]$/, "use 2..54 letters, digits and '-'");
    if (typeof args.subnetId === "string") subscriptionOf(args.subnetId);
    super("dualstack:managed:AksDualStackCluster", name, {}, formerType("dualstack:managed:AksDualStackCluster", opts));

    this.cluster = new containerservice.ManagedCluster(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        dnsPrefix,
        kubernetesVersion: version,
        identity: { type: "SystemAssigned" },
        enableRBAC: true,
        networkProfile,
        agentPoolProfiles: [
          {
            name: "system",
            mode: "System",
            count: args.nodeCount,
            vmSize,
            vnetSubnetID: args.subnetId,
            osType: "Linux",
            // Ubuntu: on Azure Linux pools IPv6 LB health probes cannot reach pods (MS Learn, azure-cni-overlay).
            osSKU: "Ubuntu",
            // Overlay needs scale sets (no availability sets).
            type: "VirtualMachineScaleSets",
          },
        ],
      },
      { parent: this },
    );

    if (args.grantSubnetAccess ?? true) {
      new authorization.RoleAssignment(
        `${name}-subnet`,
        {
          principalId: this.cluster.identity.apply((i) => i?.principalId ?? ""),
          principalType: "ServicePrincipal",
          roleDefinitionId: pulumi.output(args.subnetId).apply((id) => `/subscriptions/${subscriptionOf(id)}/providers/Microsoft.Authorization/roleDefinitions/${NETWORK_CONTRIBUTOR}`),
          scope: args.subnetId,
        },
        { parent: this },
      );
    }

    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
      { resourceGroupName: args.resourceGroupName, resourceName: this.cluster.name },
      { parent: this },
    );
    this.kubeconfig = pulumi.secret(credentials.apply(decodeKubeconfig));
    this.fqdn = this.cluster.fqdn;
    this.registerOutputs({ kubeconfig: this.kubeconfig, fqdn: this.fqdn, dualStack: this.dualStack, ipFamilies: networkProfile.ipFamilies });
  }
}

function dnsPrefixFrom(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "").slice(0, 54).replace(/-+$/, "") || "aks";
}

/** "/subscriptions/<id>/resourceGroups/..." -> "<id>". */
export function subscriptionOf(resourceId: string): string {
  const match = /^\/subscriptions\/([^/]+)\//i.exec(resourceId);
  if (!match) throw new InputError("subnetId", resourceId, "is not an Azure resource id", 'use "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"');
  return match[1];
}
