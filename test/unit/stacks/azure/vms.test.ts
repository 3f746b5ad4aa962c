// The Azure stack with runtime docker, under Pulumi mocks: the resources it
// registers must be dual-stack in every part Azure makes per family (VNet
// space, subnets, NIC ip-configurations, NSG rules, LB frontends, pools,
// probes, rules, outbound rules, public IPs), and the outputs must name both
// endpoints.
import { Cidr, parseCidr, type AddressPlan } from "../../../../components/addressing";
import { azureConfig, PUBLIC_IPS, Run, runAzure, SSH_KEY, TYPES } from "./harness";
import { mockTreeEdges } from "../../mock-tree";

// Loading the azure-native modules takes seconds on a busy machine; a run is no test of speed.
jest.setTimeout(60_000);

function cidr(text: string): Cidr {
  const parsed = parseCidr(text, text.includes(":") ? 6 : 4);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.value;
}
const family = (prefix: string): 4 | 6 => (prefix.includes(":") ? 6 : 4);

describe("Azure stack, runtime docker (mocks)", () => {
  let run: Run;
  let plan: AddressPlan;

  beforeAll(async () => {
    run = await runAzure(
      azureConfig({ network: { ipv4Supernet: "10.82.0.0/16", zones: ["1", "2", "3"] }, nodes: { count: 4 }, azure: { sshPublicKey: SSH_KEY, zones: ["1", "2", "3"] } }),
      { stack: "azure-dev" },
    );
    plan = run.outputs.addressPlan;
  });

  it("builds the cluster's component tree: the VNet under the network, each VM under its host in the pool, the LB under the failover (mocks)", () => {
    const edges = mockTreeEdges();
    expect(edges).toEqual(
      expect.arrayContaining([
        "(root) > dualstack:cluster:DualStackCluster cluster",
        "dualstack:cluster:DualStackCluster > dualstack:cluster:DualStackNetwork cluster-network",
        "dualstack:cluster:DualStackNetwork > azure-native:network:VirtualNetwork cluster-vnet",
        "dualstack:cluster:NodePool > dualstack:cluster:DualStackHost cluster-node-1",
        "dualstack:cluster:DualStackHost > azure-native:compute:VirtualMachine cluster-node-1",
        "dualstack:cluster:DualStackHost > azure-native:network:NetworkInterface cluster-node-1-nic",
        "dualstack:cluster:IpFailover > azure-native:network:LoadBalancer cluster-lb",
        "dualstack:cluster:IpFailover > azure-native:network:PublicIPAddress cluster-pip-ipv6",
        "dualstack:cluster:DualStackCluster > dualstack:cluster:DualStackIngress cluster-ingress",
      ]),
    );
    // The load balancer is the ingress: no ingress hosts, and nothing left at the root.
    expect(edges.filter((e) => e.includes("DualStackIngress >"))).toEqual([]);
    expect(edges.filter((e) => e.startsWith("(root) >"))).toEqual(["(root) > dualstack:cluster:DualStackCluster cluster"]);
  });

  it("makes one resource group in switzerlandnorth named dualstack-<stack> by default (mocks)", () => {
    expect(run.one(TYPES.rg).inputs).toMatchObject({ resourceGroupName: "dualstack-azure-dev", location: "switzerlandnorth" });
  });

  it("gives the VNet the IPv4 supernet and the IPv6 networks quarter, not the pod or service ranges (mocks)", () => {
    const space: string[] = run.one(TYPES.vnet).inputs.addressSpace.addressPrefixes;
    expect(space.map(family).sort()).toEqual([4, 6]);
    expect(space).toContain(plan.ipv4Supernet);
    const v6 = cidr(space.find((p) => family(p) === 6)!);
    expect(cidr(plan.ipv6Prefix).contains(v6)).toBe(true);
    expect(v6.length).toBe(cidr(plan.ipv6Prefix).length + 2);
    for (const range of [plan.kubernetes.clusterCidrV6, plan.kubernetes.serviceCidrV6]) expect(v6.overlaps(cidr(range))).toBe(false);
    // The plan's ULA: no operator prefix was given.
    expect(plan.ipv6PrefixSource).toBe("ula");
    expect(run.one(TYPES.vnet).inputs.subnets).toBeUndefined();
  });

  it("makes one subnet per plan network: IPv4 inside the supernet, an IPv6 /64 inside the VNet's IPv6 space (mocks)", () => {
    const subnets = run.of(TYPES.subnet);
    expect(subnets.map((s) => s.inputs.subnetName).sort()).toEqual(plan.networks.map((n) => n.name).sort());
    const space: string[] = run.one(TYPES.vnet).inputs.addressSpace.addressPrefixes;
    const v4Space = cidr(space.find((p) => family(p) === 4)!);
    const v6Space = cidr(space.find((p) => family(p) === 6)!);
    for (const s of subnets) {
      const prefixes: string[] = s.inputs.addressPrefixes;
      expect(prefixes).toHaveLength(2);
      const [v4, v6] = [cidr(prefixes.find((p) => family(p) === 4)!), cidr(prefixes.find((p) => family(p) === 6)!)];
      expect(v6.length).toBe(64);
      expect(v6Space.contains(v6)).toBe(true);
      expect(v4Space.contains(v4)).toBe(true);
      expect(s.inputs.networkSecurityGroup.id).toMatch(/\/networkSecurityGroups\/nsg$/);
      expect(s.inputs.defaultOutboundAccess).toBe(false);
    }
  });

  it("makes subnets that do not overlap in either family (mocks)", () => {
    const all = run.of(TYPES.subnet).flatMap((s) => (s.inputs.addressPrefixes as string[]).map((p) => ({ name: s.inputs.subnetName, cidr: cidr(p) })));
    for (const a of all) for (const b of all) if (a.name !== b.name && a.cidr.family === b.cidr.family) expect(a.cidr.overlaps(b.cidr)).toBe(false);
  });

  it("gives every NIC a primary IPv4 and a second IPv6 ip-configuration at the plan's addresses, each in its family's pool (mocks)", () => {
    const nics = run.of(TYPES.nic);
    expect(nics).toHaveLength(plan.nodes.length);
    for (const node of plan.nodes) {
      const nic = run.one(TYPES.nic, `cluster-${node.name}-nic`);
      const configs: Record<string, any>[] = nic.inputs.ipConfigurations; // eslint-disable-line @typescript-eslint/no-explicit-any
      const v4 = configs.filter((c) => (c.privateIPAddressVersion ?? "IPv4") === "IPv4");
      const v6 = configs.filter((c) => c.privateIPAddressVersion === "IPv6");
      expect([v4.length, v6.length]).toEqual([1, 1]);
      expect(v4[0]).toMatchObject({ primary: true, privateIPAllocationMethod: "Static", privateIPAddress: node.ipv4 });
      expect(v6[0]).toMatchObject({ primary: false, privateIPAllocationMethod: "Static", privateIPAddress: node.ipv6 });
      expect(v4[0].subnet.id).toMatch(new RegExp(`/subnets/${node.network}$`));
      expect(v6[0].subnet.id).toBe(v4[0].subnet.id);
      expect(v4[0].loadBalancerBackendAddressPools).toEqual([{ id: expect.stringMatching(/\/loadBalancers\/lb\/backendAddressPools\/pool-ipv4$/) }]);
      expect(v6[0].loadBalancerBackendAddressPools).toEqual([{ id: expect.stringMatching(/\/loadBalancers\/lb\/backendAddressPools\/pool-ipv6$/) }]);
    }
  });

  it("opens every 0.0.0.0/0 NSG rule to ::/0 too, in a separate rule; no rule mixes families (mocks)", () => {
    const rules: Record<string, any>[] = run.one(TYPES.nsg).inputs.securityRules; // eslint-disable-line @typescript-eslint/no-explicit-any
    const prefixes = (r: Record<string, unknown>) =>
      [r.sourceAddressPrefix, r.destinationAddressPrefix, ...((r.sourceAddressPrefixes as string[]) ?? []), ...((r.destinationAddressPrefixes as string[]) ?? [])].filter(
        (p): p is string => typeof p === "string" && /[.:]/.test(p) && /\//.test(p),
      );
    for (const r of rules) expect(new Set(prefixes(r).map(family)).size).toBeLessThanOrEqual(1);
    const shape = (r: Record<string, unknown>) => [r.direction, r.access, r.protocol, r.destinationPortRange].join("|");
    const fromV4 = rules.filter((r) => r.access === "Allow" && (r.sourceAddressPrefix === "0.0.0.0/0" || r.sourceAddressPrefix === "Internet"));
    expect(fromV4.length).toBeGreaterThan(0);
    for (const r of fromV4) expect(rules.some((t) => t.sourceAddressPrefix === "::/0" && shape(t) === shape(r))).toBe(true);
    expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
  });

  it("allows HTTP (80) and ICMPv6 from the IPv6 Internet, LB probes, and no SSH from anywhere (mocks)", () => {
    const rules: Record<string, any>[] = run.one(TYPES.nsg).inputs.securityRules; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(rules).toContainEqual(expect.objectContaining({ direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "::/0", destinationPortRange: "80" }));
    expect(rules).toContainEqual(expect.objectContaining({ direction: "Inbound", access: "Allow", protocol: "Icmp", sourceAddressPrefix: "::/0" }));
    expect(rules).toContainEqual(expect.objectContaining({ access: "Allow", sourceAddressPrefix: "AzureLoadBalancer" }));
    const opensSsh = (r: Record<string, string>) => r.access === "Allow" && r.protocol !== "Icmp" && (r.destinationPortRange === "*" || r.destinationPortRange === "22");
    expect(rules.filter((r) => opensSsh(r) && r.sourceAddressPrefix !== "AzureLoadBalancer")).toEqual([]);
  });

  it("makes the public IPs Standard and Static, one per family (mocks)", () => {
    const pips = run.of(TYPES.pip);
    expect(pips.map((p) => p.inputs.publicIPAddressVersion).sort()).toEqual(["IPv4", "IPv6"]);
    for (const p of pips) expect(p.inputs).toMatchObject({ sku: { name: "Standard" }, publicIPAllocationMethod: "Static" });
  });

  it("builds a Standard LB with a frontend, pool, probe, rule and outbound rule per family (mocks)", () => {
    const lb = run.one(TYPES.lb).inputs;
    expect(lb.sku.name).toBe("Standard");
    const pipId = (v: string) => expect.stringMatching(new RegExp(`/publicIPAddresses/pip-${v}$`));
    expect(lb.frontendIPConfigurations).toEqual([
      { name: "frontend-ipv4", publicIPAddress: { id: pipId("ipv4") } },
      { name: "frontend-ipv6", publicIPAddress: { id: pipId("ipv6") } },
    ]);
    expect(lb.backendAddressPools.map((p: { name: string }) => p.name)).toEqual(["pool-ipv4", "pool-ipv6"]);
    expect(lb.probes).toHaveLength(2);
    for (const p of lb.probes) expect(p).toMatchObject({ protocol: "Http", port: 80, requestPath: "/healthz" });
    const ref = (kind: string, name: string) => ({ id: expect.stringMatching(new RegExp(`/resourceGroups/dualstack-azure-dev/providers/Microsoft.Network/loadBalancers/lb/${kind}/${name}$`)) });
    for (const f of ["ipv4", "ipv6"]) {
      expect(lb.loadBalancingRules).toContainEqual(
        expect.objectContaining({
          protocol: "Tcp",
          frontendPort: 80,
          backendPort: 80,
          frontendIPConfiguration: ref("frontendIPConfigurations", `frontend-${f}`),
          backendAddressPool: ref("backendAddressPools", `pool-${f}`),
          probe: ref("probes", `healthz-${f}`),
          disableOutboundSnat: true,
        }),
      );
      expect(lb.outboundRules).toContainEqual(
        expect.objectContaining({ frontendIPConfigurations: [ref("frontendIPConfigurations", `frontend-${f}`)], backendAddressPool: ref("backendAddressPools", `pool-${f}`) }),
      );
    }
    expect(lb.loadBalancingRules).toHaveLength(2);
    expect(lb.outboundRules).toHaveLength(2);
    for (const o of lb.outboundRules) expect(o.allocatedOutboundPorts % 8).toBe(0);
  });

  it("boots Ubuntu 24.04 with the Docker user data, SSH keys only, zones round-robin (mocks)", () => {
    // Registration order is not node order: look each node's VM up by name.
    const vms = plan.nodes.map((n) => run.one(TYPES.vm, `cluster-${n.name}`));
    expect(vms.map((v) => v.inputs.zones)).toEqual([["1"], ["2"], ["3"], ["1"]]);
    for (const [i, vm] of vms.entries()) {
      const { inputs } = vm;
      expect(inputs.storageProfile.imageReference).toEqual({ publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" });
      expect(inputs.hardwareProfile.vmSize).toBe("Standard_B2s");
      expect(inputs.osProfile.linuxConfiguration).toEqual({
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: "/home/dualstack/.ssh/authorized_keys", keyData: SSH_KEY }] },
      });
      expect(inputs.osProfile.adminPassword).toBeUndefined();
      const userData = Buffer.from(inputs.osProfile.customData, "base64").toString("utf8");
      expect(userData.startsWith("#cloud-config\n")).toBe(true);
      expect(userData).toContain(`NODE_NAME=${plan.nodes[i].name}`);
      expect(userData).toContain("accept_ra = 2");
      // Azure gives the NIC its IPv6 itself: no netplan file for a private interface.
      expect(userData).not.toContain("/etc/netplan/");
      expect(inputs.networkProfile.networkInterfaces).toEqual([{ id: expect.stringMatching(new RegExp(`/networkInterfaces/${plan.nodes[i].name}-nic$`)), primary: true }]);
    }
    // network.zones = azure.zones: node i sits in the network named after its VM's zone.
    expect(plan.nodes.map((n) => n.network)).toEqual(["nodes-1", "nodes-2", "nodes-3", "nodes-1"]);
  });

  it("outputs both endpoint families from the public IPs, subnets with both prefixes, nodes with both addresses (mocks)", () => {
    const o = run.outputs;
    expect(o.provider).toBe("azure");
    expect(o.endpoints).toEqual({ ipv4: `http://${PUBLIC_IPS.ipv4}/`, ipv6: `http://[${PUBLIC_IPS.ipv6}]/` });
    expect(o.publicIps).toEqual(PUBLIC_IPS);
    expect(o.subnets).toHaveLength(plan.networks.length);
    for (const s of o.subnets) expect((s.addressPrefixes as string[]).map(family)).toEqual([4, 6]);
    expect(o.nodes.map((n: { name: string; ipv4: string; ipv6: string; zone: string }) => [n.name, n.ipv4, n.ipv6, n.zone])).toEqual(
      plan.nodes.map((n, i) => [n.name, n.ipv4, n.ipv6, ["1", "2", "3"][i % 3]]),
    );
    expect(o.addressPlan.networks).toEqual(plan.networks);
  });
});

describe("Azure stack without zones or with an operator prefix (mocks)", () => {
  it("runs regional VMs when dualstack:azure.zones is unset, and puts an operator /56 in the VNet (mocks)", async () => {
    const run = await runAzure(
      azureConfig({
        network: { ipv4Supernet: "10.83.0.0/16", ipv6Prefix: "2a0a:e5c0:83::/56", tiers: { ingress: "app", nodes: "app" } },
        azure: { sshPublicKey: SSH_KEY, location: "westeurope", resourceGroupName: "rg-dualstack", vmSize: "Standard_D2s_v5" },
      }),
    );
    for (const vm of run.of(TYPES.vm)) expect(vm.inputs.zones).toBeUndefined();
    expect(run.one(TYPES.vnet).inputs.addressSpace.addressPrefixes).toEqual(["10.83.0.0/16", "2a0a:e5c0:83::/58"]);
    expect(run.of(TYPES.subnet).map((s) => s.inputs.addressPrefixes).sort()).toEqual([
      ["10.83.0.0/24", "2a0a:e5c0:83::/64"],
      ["10.83.1.0/24", "2a0a:e5c0:83:1::/64"],
    ]);
    expect(run.one(TYPES.rg).inputs).toEqual({ resourceGroupName: "rg-dualstack", location: "westeurope" });
    expect(run.outputs.nodes.map((n: { zone: unknown }) => n.zone)).toEqual([null, null, null]);
  });
});
