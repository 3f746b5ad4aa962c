// The Azure stack with runtime kubernetes, self-managed (k3s), under Pulumi
// mocks: the same VMs, Standard LB and NSG as with Docker, the VMs' user data
// the k3s config (a secret: it carries the join token from
// dualstack:k3sToken), the app on node port 80 (ServiceLB) where the LB's
// rules and /healthz probes point, and the k3s ports open between the nodes
// from the VNet's own space only.
import * as pulumi from "@pulumi/pulumi";
import { azureConfig, configErrorOf, type Recorded, Run, runAzure, TYPES } from "./harness";

// Loading the azure-native modules takes seconds on a busy machine; a run is no test of speed.
jest.setTimeout(60_000);

const TOKEN = "k3s-token-0123456789abcdef0123456789abcdef";
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

interface Rule {
  name: string;
  protocol: string;
  sourceAddressPrefix: string;
  destinationAddressPrefix: string;
  destinationPortRange: string;
  priority: number;
}

const K3S_PORTS = [
  ["Tcp", "6443"],
  ["Udp", "8472"],
  ["Tcp", "10250"],
  ["Tcp", "2379-2380"],
] as const;

const isClusterRule = (r: Rule) => K3S_PORTS.some(([protocol, port]) => r.protocol === protocol && r.destinationPortRange === port);

/** The VM's user data: its osProfile is marked secret as a whole (the serializer lifts customData's secretness to the object). */
function userDataOf(run: Run, vm: string): string {
  const { osProfile } = run.one(TYPES.vm, `cluster-${vm}`).inputs;
  expect(osProfile).toMatchObject(SECRET_SIG);
  return Buffer.from(osProfile.value.customData as string, "base64").toString("utf8");
}

function withToken(): void {
  pulumi.runtime.setAllConfig({ "dualstack:k3sToken": TOKEN }, ["dualstack:k3sToken"]);
}

describe("Azure stack, kubernetes self-managed: k3s (mocks)", () => {
  let run: Run;

  beforeAll(async () => {
    withToken();
    run = await runAzure(azureConfig({ runtime: "kubernetes", nodes: { count: 3 } }), { stack: "k3s-dev" });
  });

  it("boots every VM with k3s user data as a secret: both families' cluster-cidr, the node's two addresses as node-ip (mocks)", () => {
    const plan = run.outputs.addressPlan as { nodes: { name: string; ipv4: string; ipv6: string }[] };
    expect(plan.nodes).toHaveLength(3);
    for (const node of plan.nodes) {
      const text = userDataOf(run, node.name);
      expect(text.startsWith("#cloud-config")).toBe(true);
      expect(text).toContain(TOKEN);
      expect(text).toContain(`${node.ipv4},${node.ipv6}`);
      expect(text).toMatch(/node-ip: "?\d+\.\d+\.\d+\.\d+,[0-9a-f:]+"?\n/);
      expect(text).toContain("accept_ra = 2"); // eth0 keeps its IPv6 default route, as with Docker
      expect(text).not.toContain("/etc/netplan/");
    }
    const first = userDataOf(run, plan.nodes[0].name);
    expect(first).toMatch(/cluster-cidr: "?\d+\.\d+\.\d+\.\d+\/\d+,[0-9a-f:]+\/\d+/);
  });

  it("opens the k3s ports (with etcd: 3 servers) for both families, from the VNet's space only (mocks)", () => {
    const space = run.one(TYPES.vnet).inputs.addressSpace.addressPrefixes as string[];
    const rules = (run.one(TYPES.nsg).inputs.securityRules as Rule[]).filter(isClusterRule);
    for (const [protocol, port] of K3S_PORTS) {
      const pair = rules.filter((r) => r.protocol === protocol && r.destinationPortRange === port);
      expect(pair.map((r) => r.sourceAddressPrefix).sort()).toEqual([...space].sort());
    }
    for (const r of rules) {
      expect(["0.0.0.0/0", "::/0", "*", "Internet"]).not.toContain(r.sourceAddressPrefix);
      expect(space).toContain(r.sourceAddressPrefix);
    }
    const priorities = (run.one(TYPES.nsg).inputs.securityRules as Rule[]).map((r) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it("keeps the LB on node port 80 with /healthz probes, where ServiceLB serves the app (mocks)", () => {
    const lb = run.one(TYPES.lb).inputs;
    for (const p of lb.probes) expect(p).toMatchObject({ protocol: "Http", port: 80, requestPath: "/healthz" });
    for (const r of lb.loadBalancingRules) expect(r).toMatchObject({ frontendPort: 80, backendPort: 80 });
    expect(run.outputs.runtime).toBe("kubernetes (k3s)");
  });
});

describe("Azure stack, k3s config (mocks)", () => {
  it("leaves out etcd's ports with a single server (2 nodes) (mocks)", async () => {
    withToken();
    const run = await runAzure(azureConfig({ runtime: "kubernetes", nodes: { count: 2 } }));
    const ports = (run.one(TYPES.nsg).inputs.securityRules as Rule[]).filter(isClusterRule).map((r) => r.destinationPortRange);
    expect(ports).toContain("6443");
    expect(ports).not.toContain("2379-2380");
  });

  it("fails at preview naming dualstack:k3sToken when the token is missing, before any resource (mocks)", async () => {
    pulumi.runtime.setAllConfig({});
    const err = await configErrorOf(runAzure(azureConfig({ runtime: "kubernetes" }), { preview: true }));
    expect(err.problems.map((p) => p.key)).toEqual(["dualstack:k3sToken"]);
    expect(err.message).toContain("dualstack:k3sToken");
  });

  it("fails at preview naming dualstack:k3sToken for a token the k3s renderer refuses (too short), before any resource and without echoing it (mocks)", async () => {
    pulumi.runtime.setAllConfig({ "dualstack:k3sToken": "tiny-tok" }, ["dualstack:k3sToken"]);
    const record: Recorded[] = [];
    const err = await configErrorOf(runAzure(azureConfig({ runtime: "kubernetes" }), { record }));
    expect(err.problems).toEqual([{ key: "dualstack:k3sToken", value: "(secret, 8 characters)", message: "is too short; use a random secret of at least 16 characters" }]);
    expect(err.message).not.toContain("tiny-tok");
    expect(record).toEqual([]);
  });

  it("opens no k3s ports for runtime docker (mocks)", async () => {
    withToken();
    const run = await runAzure(azureConfig());
    expect((run.one(TYPES.nsg).inputs.securityRules as Rule[]).filter(isClusterRule)).toEqual([]);
    expect(typeof run.of(TYPES.vm)[0].inputs.osProfile.customData).toBe("string");
  });
});
