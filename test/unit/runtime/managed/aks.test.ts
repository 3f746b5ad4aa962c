// AKS dual-stack: the network profile from the address plan (pure), and the
// component's resources under Pulumi mocks (no Azure account here).
import * as pulumi from "@pulumi/pulumi";
import { AddressPlan, planAddresses } from "../../../../components/addressing";
import { InputError } from "../../../../components/runtime";
import { AksDualStackCluster, AksDualStackClusterArgs, aksNetworkProfile, AksPlan, decodeKubeconfig } from "../../../../components/runtime/managed";
import { AKS_KUBECONFIG, installMocks, MockState, settle, valueOf } from "./mocks";
import { thrownBy } from "../../../support/errors";

const PLAN: AddressPlan = planAddresses({ name: "aks-prod", ipv4Supernet: "10.70.0.0/16", zones: ["1", "2"], nodeCount: 3, ingressCount: 2 });
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
const SUBNET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-dualstack/providers/Microsoft.Network/virtualNetworks/vnet-dualstack/subnets/nodes-1`;

function withK8s(overrides: Partial<AddressPlan["kubernetes"]>): AksPlan {
  return { ...PLAN, kubernetes: { ...PLAN.kubernetes, ...overrides } };
}

const errorOf = (fn: () => unknown): InputError => thrownBy(fn, InputError);

/** The dual-stack Azure CNI Overlay profile the plan must give, field by field. */
const K = PLAN.kubernetes;
const OVERLAY_PROFILE = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  ipFamilies: ["IPv4", "IPv6"],
  podCidrs: [K.clusterCidrV4, K.clusterCidrV6],
  serviceCidrs: [K.serviceCidrV4, K.serviceCidrV6],
  // Without these the SDK fills in 10.244.0.0/16 and 10.0.0.0/16, contradicting the lists.
  podCidr: K.clusterCidrV4,
  serviceCidr: K.serviceCidrV4,
  dnsServiceIP: "10.43.0.10",
  loadBalancerSku: "standard",
  outboundType: "loadBalancer",
};

describe("aksNetworkProfile (pure)", () => {
  it("is dual-stack Azure CNI Overlay with both families' pod and service ranges from the plan", () => {
    const p = aksNetworkProfile({ plan: PLAN, networkPlugin: "azure-overlay", nodeCount: 3 });
    expect(p).toEqual(OVERLAY_PROFILE);
    expect(p.podCidrs[1]).toContain(":");
    expect(p.serviceCidrs[1]).toMatch(/\/112$/);
  });

  it("adds the Cilium dataplane and policy for networkPlugin cilium", () => {
    const p = aksNetworkProfile({ plan: PLAN, networkPlugin: "cilium", nodeCount: 3 });
    expect(p).toMatchObject({ networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium", ipFamilies: ["IPv4", "IPv6"] });
  });

  it("accepts just the plan's kubernetes part", () => {
    expect(aksNetworkProfile({ plan: { kubernetes: PLAN.kubernetes }, networkPlugin: "azure-overlay", nodeCount: 1 }).podCidrs).toHaveLength(2);
  });

  const bad: [string, () => unknown, string, RegExp][] = [
    ["an IPv6 service range /100", () => aksNetworkProfile({ plan: withK8s({ serviceCidrV6: "fd00:43::/100" }), networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.serviceCidrV6", /\/100.*\/108/],
    ["an IPv6 service range /124", () => aksNetworkProfile({ plan: withK8s({ serviceCidrV6: "fd00:43::/124" }), networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.serviceCidrV6", /\/108\.\.\/120/],
    ["an IPv4 pod range over a node network", () => aksNetworkProfile({ plan: withK8s({ clusterCidrV4: "10.70.0.0/16" }), networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.clusterCidrV4", /overlaps network ingress-1/],
    ["an IPv6 pod range over a node network", () => aksNetworkProfile({ plan: withK8s({ clusterCidrV6: PLAN.networks[1].ipv6Cidr }), networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.clusterCidrV6", /overlaps network/],
    ["a pod range inside the given VNet space", () => aksNetworkProfile({ plan: PLAN, vnetAddressSpace: ["10.40.0.0/13"], networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.clusterCidrV4", /the VNet address space/],
    ["an IPv4 service range /12", () => aksNetworkProfile({ plan: withK8s({ serviceCidrV4: "10.48.0.0/12" }), networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.serviceCidrV4", /smaller than \/12/],
    ["services inside the pod range", () => aksNetworkProfile({ plan: withK8s({ serviceCidrV4: "10.42.128.0/20" }), networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.serviceCidrV4", /overlaps kubernetes.clusterCidrV4/],
    ["too few node /24s", () => aksNetworkProfile({ plan: withK8s({ clusterCidrV4: "10.42.0.0/23" }), networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.clusterCidrV4", /2 node \/24s for 3 nodes/],
    ["an IPv4 range where IPv6 belongs", () => aksNetworkProfile({ plan: withK8s({ clusterCidrV6: "10.1.0.0/16" }), networkPlugin: "azure-overlay", nodeCount: 3 }), "kubernetes.clusterCidrV6", /IPv4 but IPv6/],
    ["an unknown plugin", () => aksNetworkProfile({ plan: PLAN, networkPlugin: "kubenet" as never, nodeCount: 3 }), "networkPlugin", /azure-overlay/],
  ];
  it.each(bad)("refuses %s with an error naming the key", (_title, fn, key, message) => {
    const err = errorOf(fn);
    expect(err.key).toBe(key);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`${key}: `)).toBe(true);
  });
});

describe("decodeKubeconfig (pure)", () => {
  it("decodes the first base64 kubeconfig and refuses an empty answer", () => {
    expect(decodeKubeconfig({ kubeconfigs: [{ name: "clusterUser", value: Buffer.from("apiVersion: v1\n").toString("base64") }] })).toBe("apiVersion: v1\n");
    expect(() => decodeKubeconfig({ kubeconfigs: [] })).toThrow(/no kubeconfig/);
  });
});

describe("AksDualStackCluster (mocks)", () => {
  let mocks: MockState;
  let aks: AksDualStackCluster;
  const args: AksDualStackClusterArgs = {
    resourceGroupName: "rg-dualstack",
    location: "westeurope",
    plan: PLAN,
    subnetId: SUBNET,
    nodeCount: 3,
    vmSize: "Standard_D4s_v5",
    kubernetesVersion: "1.33",
    networkPlugin: "azure-overlay",
  };

  beforeAll(async () => {
    mocks = await installMocks();
    aks = new AksDualStackCluster("aks", args);
    await valueOf(aks.kubeconfig);
    await settle(mocks);
  });

  it("registers a dualstack:managed:AksDualStackCluster component with the cluster as its child (mocks)", () => {
    expect(mocks.one("dualstack:managed:AksDualStackCluster", "aks")).toBeDefined();
    expect(aks.cluster).toBeDefined();
  });

  it("creates the ManagedCluster with every dual-stack field of the network profile (mocks)", () => {
    const { inputs } = mocks.one("azure-native:containerservice:ManagedCluster");
    expect(inputs.networkProfile).toEqual(OVERLAY_PROFILE);
    expect(inputs.identity).toEqual({ type: "SystemAssigned" });
    expect(inputs.kubernetesVersion).toBe("1.33");
    expect(inputs.location).toBe("westeurope");
  });

  it("puts the system agent pool on the dual-stack node subnet (mocks)", () => {
    const [pool] = mocks.one("azure-native:containerservice:ManagedCluster").inputs.agentPoolProfiles;
    expect(pool).toMatchObject({ name: "system", mode: "System", count: 3, vmSize: "Standard_D4s_v5", vnetSubnetID: SUBNET, osType: "Linux", type: "VirtualMachineScaleSets" });
  });

  it("returns the user kubeconfig, base64-decoded, as a secret (mocks)", async () => {
    expect(await valueOf(aks.kubeconfig)).toBe(AKS_KUBECONFIG);
    expect(await pulumi.isSecret(aks.kubeconfig)).toBe(true);
    const call = mocks.calls.find((c) => c.token === "azure-native:containerservice:listManagedClusterUserCredentials");
    expect(call?.inputs).toMatchObject({ resourceGroupName: "rg-dualstack", resourceName: "aks" });
  });

  it("says it is dual-stack and exposes the API server FQDN (mocks)", async () => {
    expect(aks.dualStack).toBe(true);
    expect(await valueOf(aks.fqdn)).toBe("aks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io");
  });

  it("grants the cluster identity Network Contributor on the subnet (mocks)", () => {
    const { inputs } = mocks.one("azure-native:authorization:RoleAssignment");
    expect(inputs).toMatchObject({
      scope: SUBNET,
      principalId: "11111111-2222-3333-4444-555555555555",
      principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`,
    });
  });

  it("sets the Cilium dataplane on the ManagedCluster for networkPlugin cilium (mocks)", async () => {
    const cilium = new AksDualStackCluster("aks-cilium", { ...args, networkPlugin: "cilium", kubernetesVersion: "1.31.2", grantSubnetAccess: false });
    await valueOf(cilium.kubeconfig);
    await settle(mocks);
    const { inputs } = mocks.one("azure-native:containerservice:ManagedCluster", "aks-cilium");
    expect(inputs.networkProfile).toMatchObject({ networkDataplane: "cilium", networkPolicy: "cilium", ipFamilies: ["IPv4", "IPv6"] });
    expect(mocks.of("azure-native:authorization:RoleAssignment")).toHaveLength(1);
  });

  it("refuses bad input before registering anything, naming the key (mocks)", () => {
    const before = mocks.resources.length;
    const cases: [Partial<AksDualStackClusterArgs>, string][] = [
      [{ plan: withK8s({ serviceCidrV6: "fd00:43::/100" }) }, "kubernetes.serviceCidrV6"],
      [{ plan: withK8s({ clusterCidrV6: PLAN.networks[0].ipv6Cidr }) }, "kubernetes.clusterCidrV6"],
      [{ networkPlugin: "cilium", kubernetesVersion: "1.28" }, "kubernetesVersion"],
      [{ kubernetesVersion: "1.26.2" }, "kubernetesVersion"],
      [{ vmSize: "D4s_v5" }, "vmSize"],
      [{ nodeCount: 0 }, "nodeCount"],
      [{ subnetId: "nodes-1" }, "subnetId"],
    ];
    for (const [override, key] of cases) {
      expect(errorOf(() => new AksDualStackCluster("bad", { ...args, ...override })).key).toBe(key);
    }
    expect(mocks.resources.length).toBe(before);
  });
});
