// The Azure stack with runtime kubernetes, under Pulumi mocks: managed mode
// builds the dual-stack network plus AKS on the nodes subnet and the demo app
// behind a dual-stack Azure LB Service (self-managed k3s: k3s.test.ts).
import * as pulumi from "@pulumi/pulumi";
import { Cidr, parseCidr } from "../../../../components/addressing";
import { AKS_SERVICE_IPS, azureConfig, configErrorOf, Run, runAzure, TYPES } from "./harness";

// Loading the azure-native modules takes seconds on a busy machine; a run is no test of speed.
jest.setTimeout(60_000);

function cidr(text: string): Cidr {
  const parsed = parseCidr(text, text.includes(":") ? 6 : 4);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.value;
}

describe("Azure stack, kubernetes managed: AKS (mocks)", () => {
  let run: Run;

  beforeAll(async () => {
    // No SSH key: AKS needs none, the stack builds no VMs.
    run = await runAzure(azureConfig({ runtime: "kubernetes", kubernetes: { mode: "managed" }, azure: { vmSize: "Standard_D2s_v5" } }), { stack: "aks-dev" });
  });

  it("puts a dual-stack AKS cluster on the first zone's nodes subnet (mocks)", () => {
    const plan = run.outputs.addressPlan;
    const aks = run.one(TYPES.aks).inputs;
    expect(aks.networkProfile).toMatchObject({
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      ipFamilies: ["IPv4", "IPv6"],
      podCidrs: [plan.kubernetes.clusterCidrV4, plan.kubernetes.clusterCidrV6],
      serviceCidrs: [plan.kubernetes.serviceCidrV4, plan.kubernetes.serviceCidrV6],
    });
    expect(aks.agentPoolProfiles[0]).toMatchObject({ count: 3, vmSize: "Standard_D2s_v5", vnetSubnetID: expect.stringMatching(/\/subnets\/nodes-1$/) });
    expect(aks.dnsPrefix).toBe("ds-aks-dev");
    expect(run.outputs.cluster).toMatchObject({ kind: "aks", subnet: "nodes-1", nodeCount: 3 });
  });

  it("keeps the pod and service ranges out of the VNet's address space (mocks)", () => {
    const space = (run.one(TYPES.vnet).inputs.addressSpace.addressPrefixes as string[]).map(cidr);
    const k = run.outputs.addressPlan.kubernetes;
    for (const range of [k.clusterCidrV4, k.clusterCidrV6, k.serviceCidrV4, k.serviceCidrV6].map(cidr)) {
      for (const s of space) if (s.family === range.family) expect(s.overlaps(range)).toBe(false);
    }
    for (const s of run.of(TYPES.subnet)) expect(s.inputs.addressPrefixes[1]).toMatch(/\/64$/);
  });

  it("runs the demo app behind a RequireDualStack Service on Azure's LB and outputs both endpoints (mocks)", async () => {
    const service = run.one(TYPES.service).inputs;
    expect(service.spec).toMatchObject({ type: "LoadBalancer", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"], externalTrafficPolicy: "Local" });
    expect(run.outputs.endpoints).toEqual({ ipv4: `http://${AKS_SERVICE_IPS[0]}/`, ipv6: `http://[${AKS_SERVICE_IPS[1]}]/` });
    const cluster = run.raw.cluster as { kubeconfig: pulumi.Output<string> };
    expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
  });

  it("builds no VMs, NICs, public IPs or load balancer of its own, but the same NSG (mocks)", () => {
    expect([run.of(TYPES.vm), run.of(TYPES.nic), run.of(TYPES.pip), run.of(TYPES.lb)].map((l) => l.length)).toEqual([0, 0, 0, 0]);
    const rules = run.one(TYPES.nsg).inputs.securityRules as { sourceAddressPrefix: string; destinationPortRange: string }[];
    expect(rules.filter((r) => r.destinationPortRange === "80").map((r) => r.sourceAddressPrefix).sort()).toEqual(["0.0.0.0/0", "::/0"]);
  });
});

describe("Azure stack, kubernetes errors (mocks)", () => {
  it("no longer refuses self-managed k3s: without dualstack:k3sToken it names that key, not kubernetes.mode (mocks)", async () => {
    pulumi.runtime.setAllConfig({});
    for (const kubernetes of [undefined, { mode: "self-managed" }]) {
      const err = await configErrorOf(runAzure(azureConfig({ runtime: "kubernetes", ...(kubernetes ? { kubernetes } : {}) })));
      expect(err.problems).toEqual([expect.objectContaining({ key: "dualstack:k3sToken", message: expect.stringContaining("self-managed k3s") })]);
    }
  });

  it("phrases AKS limits with the stack key: an IPv4 service range of /12 names dualstack:kubernetes.serviceCidrV4 (mocks)", async () => {
    const err = await configErrorOf(runAzure(azureConfig({ runtime: "kubernetes", kubernetes: { mode: "managed", serviceCidrV4: "10.48.0.0/12" } })));
    expect(err.problems[0]).toMatchObject({ key: "dualstack:kubernetes.serviceCidrV4", value: "10.48.0.0/12" });
    expect(err.message).toMatch(/dualstack:kubernetes\.serviceCidrV4: "10\.48\.0\.0\/12" .*\/13\.\.\/28/);
  });

  it("refuses more AKS nodes than the nodes subnet holds, naming dualstack:nodes.count (mocks)", async () => {
    const err = await configErrorOf(
      runAzure(azureConfig({ runtime: "kubernetes", kubernetes: { mode: "managed" }, nodes: { count: 30 }, network: { ipv4Supernet: "10.84.0.0/16", ipv4SubnetPrefixLength: 27 } })),
    );
    expect(err.problems[0]).toMatchObject({ key: "dualstack:nodes.count", value: 30 });
    expect(err.message).toMatch(/holds 26 nodes/);
  });
});
