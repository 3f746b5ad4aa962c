// The Exoscale half of managed SKS (test/fixtures/exoscale-sks runs the
// stack's sksInfrastructure(), nothing Kubernetes) on
// the real Pulumi engine, against the fake Exoscale API: a dual-stack cluster
// and nodepool with the node security group and anti-affinity group, both
// managed elastic IPs on every member of the nodepool's instance pool (scale-ups
// included) and served by the healthy ones, an empty second preview (also
// after a refresh: the API does not return the cluster's networking), drift on
// the pool's elastic IPs seen by refresh and repaired by up, credentials out of
// the state, and a destroy that leaves nothing behind.
import { SKS_CLUSTER_RULES } from "../../../components/clouds/exoscale/adapter";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { SksFixtureConfig, SksFixtureOutputs, SksFixtureStack } from "./sks-stack";
import { expectOk } from "../../../scripts/lib/engine-stack";

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
type Ref = { id: string };
type Rule = Json & { protocol: string; network?: string; "security-group"?: Ref; "start-port"?: number; "end-port"?: number; icmp?: { type: number; code: number } };

const fake = new FakeExoscale({ pendingPolls: 1 });
const stack = new SksFixtureStack(`itest-exosks-${process.pid}`);
const config = (nodeCount: number): SksFixtureConfig => ({ apiUrl: fake.url, nodeCount, cni: "cilium" });

// 1 security group with 4 web + 5 ICMP rules and 1 kubelet + 3 Cilium member rules,
// 1 anti-affinity group, 2 EIPs, the cluster, its nodepool, the nodepool's instance pool.
const FIXED_COUNT = 1 + 4 + 5 + 1 + 3 + 1 + 2 + 1 + 1 + 1;
/** As many nodes as an anti-affinity group holds; the scale-up goes one past it. */
const NODES = 8;

let out: SksFixtureOutputs;

const ids = (refs: unknown) => ((refs as Ref[] | undefined) ?? []).map((r) => r.id).sort();
const members = () => fake.objects().instances.filter((i) => (i.manager as Json | undefined)?.id === out.instancePoolId);
const pool = () => fake.objects().instancePools.find((p) => p.id === out.instancePoolId)!;
const bothEips = () => [out.eipAddresses.ipv4.id, out.eipAddresses.ipv6.id].sort();

/** Every member of the pool holds both EIPs, and each EIP is served by every member. */
function expectEipsOnEveryMember(count: number): void {
  const m = members();
  expect(m).toHaveLength(count);
  expect(ids(pool()["elastic-ips"])).toEqual(bothEips());
  for (const i of m) {
    expect(i["public-ip-assignment"]).toBe("dual");
    expect(ids(i["elastic-ips"])).toEqual(bothEips());
  }
  const all = m.map((i) => String(i.id)).sort();
  for (const eip of bothEips()) expect(fake.servedBy(eip).sort()).toEqual(all);
}

beforeAll(async () => {
  await fake.start();
  await stack.init(config(NODES), TEST_KEY, TEST_SECRET);
  expectOk(await stack.up(), "up");
  out = await stack.outputs();
});

afterAll(async () => {
  if (fake.count() > 0) await stack.destroy();
  await stack.remove();
  await fake.stop();
});

describe("the Exoscale half of managed SKS on the real engine", () => {
  it("creates one dual-stack SKS cluster: networking <v4>,<v6> for pods and services", () => {
    const { sksClusters } = fake.objects();
    expect(sksClusters).toHaveLength(1);
    const [c] = sksClusters;
    expect(c.id).toBe(out.clusterId);
    expect(c).toMatchObject({ name: out.name, level: "pro", cni: "cilium", version: "1.33.1" });
    const net = c.networking as Json;
    expect(net).toEqual({ "cluster-cidr": out.networking.clusterCidr, "service-cluster-ip-range": out.networking.serviceClusterIpRange });
    for (const k of ["cluster-cidr", "service-cluster-ip-range"]) {
      const ranges = String(net[k]).split(",");
      expect(ranges.map((r) => (r.includes(":") ? 6 : 4))).toEqual([4, 6]);
    }
    expect(fake.count()).toBe(FIXED_COUNT + NODES);
  });

  it("creates one nodepool, public-ip-assignment dual, with the node security group and anti-affinity group, on an instance pool", () => {
    const [c] = fake.objects().sksClusters;
    expect(c.nodepools).toHaveLength(1);
    const [np] = c.nodepools;
    expect(np.id).toBe(out.nodepoolId);
    expect(np).toMatchObject({ name: `${out.name}-nodes`, size: NODES, "public-ip-assignment": "dual" });
    const [sg] = fake.objects().securityGroups;
    const [aag] = fake.objects().antiAffinityGroups;
    expect(sg.name).toBe(`${out.name}-sks-nodes`);
    expect(aag.name).toBe(`${out.name}-sks-nodes-1`);
    expect(ids(np["security-groups"])).toEqual([out.securityGroupId]);
    expect(ids(np["anti-affinity-groups"])).toEqual([aag.id]);
    expect(out.antiAffinityGroupIds).toEqual([aag.id]);
    expect((np["instance-pool"] as Ref).id).toBe(out.instancePoolId);
    expect(pool().manager).toEqual({ id: np.id, type: "sks-nodepool" });
    for (const i of members()) {
      expect(ids(i["security-groups"])).toEqual([sg.id]);
      expect(ids(i["anti-affinity-groups"])).toEqual([aag.id]);
    }
  });

  it("puts both managed elastic IPs on every member of the pool; each is served by every member", () => {
    expect(fake.objects().elasticIps.map((e) => [e.addressfamily, e.ip, Boolean(e.healthcheck)]).sort()).toEqual(
      [["inet4", out.eipAddresses.ipv4.ip, true], ["inet6", out.eipAddresses.ipv6.ip, true]].sort(),
    );
    expect(out.eipAddresses.ipv6.ip).toContain(":");
    expect(out.elasticIpsOnPool).toEqual([out.eipAddresses.ipv4.id, out.eipAddresses.ipv6.id]);
    expectEipsOnEveryMember(NODES);
  });

  it("an unhealthy member drops out of both elastic IPs, and comes back when healthy", () => {
    const all = members().map((i) => String(i.id)).sort();
    const [a, ...rest] = all;
    fake.setHealth(a, false);
    try {
      expect(fake.servedBy(out.eipAddresses.ipv4.id).sort()).toEqual(rest);
      expect(fake.servedBy(out.eipAddresses.ipv6.id).sort()).toEqual(rest);
    } finally {
      fake.setHealth(a, true);
    }
    expect(fake.servedBy(out.eipAddresses.ipv4.id).sort()).toEqual(all);
  });

  it("the node security group takes the web over both families and kubelet and Cilium from its own members only", () => {
    const [sg] = fake.objects().securityGroups;
    const rules = sg.rules as Rule[];
    for (const port of [80, 443]) {
      for (const network of ["0.0.0.0/0", "::/0"]) {
        expect(rules.filter((r) => r.protocol === "tcp" && r.network === network && r["start-port"] === port && r["end-port"] === port)).toHaveLength(1);
      }
    }
    const fromMembers = rules.filter((r) => r["security-group"] !== undefined);
    for (const r of fromMembers) {
      expect(r["security-group"]).toEqual({ id: sg.id });
      expect(r.network).toBeUndefined();
    }
    type Shape = { protocol: string; startPort?: number; endPort?: number; icmp?: { type: number; code: number } };
    const shape = (r: Shape) => JSON.stringify([r.protocol, r.startPort ?? null, r.endPort ?? null, r.icmp ? [r.icmp.type, r.icmp.code] : null]);
    const expected = [...SKS_CLUSTER_RULES.common, ...SKS_CLUSTER_RULES.cilium].map((r) => shape(r)).sort();
    expect(fromMembers.map((r) => shape({ protocol: r.protocol, startPort: r["start-port"], endPort: r["end-port"], icmp: r.icmp })).sort()).toEqual(expected);
    expect(expected).toContain(JSON.stringify(["tcp", 10250, 10250, null]));
    expect(expected).toContain(JSON.stringify(["udp", 8472, 8472, null]));
    expect(expected).toContain(JSON.stringify(["icmp", null, null, [8, 0]]));
    // Kubelet and the overlay are not open to the Internet.
    expect(rules.some((r) => r.network !== undefined && [10250, 8472, 4240].includes(Number(r["start-port"])))).toBe(false);
  });

  it("a second preview shows no changes", async () => {
    expectOk(await stack.preview(["--expect-no-changes"]), "preview --expect-no-changes");
  });

  it("refresh keeps the cluster's networking, which the API does not return; the next preview shows no changes (no replace)", async () => {
    const refreshed = expectOk(await stack.refresh(), "refresh");
    expect(refreshed.stdout).not.toMatch(/SksCluster \S+ updated/);
    const state = JSON.parse(await stack.exportState()) as { deployment: { resources: { type: string; outputs?: Json }[] } };
    const recorded = state.deployment.resources.find((r) => r.type === "pulumi-nodejs:dynamic/exoscale:SksCluster")!;
    expect(recorded.outputs!.networking).toEqual(out.networking);
    expectOk(await stack.preview(["--expect-no-changes"]), "preview --expect-no-changes after refresh");
    expect(fake.objects().sksClusters.map((c) => c.id)).toEqual([out.clusterId]);
  });

  it("scaling one past what an anti-affinity group holds adds a member with both elastic IPs, in place, and detaches (not deletes) the group", async () => {
    stack.writeConfig(config(NODES + 1));
    expectOk(await stack.up(), `up with ${NODES + 1} nodes`);
    const after = await stack.outputs();
    expect([after.clusterId, after.nodepoolId, after.instancePoolId]).toEqual([out.clusterId, out.nodepoolId, out.instancePoolId]);
    expect(after.eipAddresses).toEqual(out.eipAddresses);
    const np = fake.objects().sksClusters[0].nodepools[0];
    expect(np.size).toBe(NODES + 1);
    expectEipsOnEveryMember(NODES + 1);
    // The earlier members stay in the group, so it must stay: deleting it would be refused (409).
    expect(ids(np["anti-affinity-groups"])).toEqual([]);
    expect(fake.objects().antiAffinityGroups.map((g) => g.id)).toEqual(out.antiAffinityGroupIds);
    expect(after.antiAffinityGroupIds).toEqual([]);
    expect(fake.count()).toBe(FIXED_COUNT + NODES + 1);
  });

  it("refresh sees an elastic IP taken off the pool behind the provider's back; the next up puts it back", async () => {
    fake.patchObject("instancePools", out.instancePoolId, { "elastic-ips": [{ id: out.eipAddresses.ipv4.id }] });
    for (const i of members()) expect(ids(i["elastic-ips"])).toEqual([out.eipAddresses.ipv4.id]);
    expect(fake.servedBy(out.eipAddresses.ipv6.id)).toEqual([]);

    const refreshed = expectOk(await stack.refresh(), "refresh");
    expect(refreshed.stdout).toMatch(/InstancePoolElasticIps sks-eips updated .*\[diff: ~elasticIps\]/);
    expect(refreshed.stdout).toMatch(/(^|\s)~ 1 updated/m);
    const state = JSON.parse(await stack.exportState()) as { deployment: { resources: { type: string; outputs?: Json }[] } };
    const recorded = state.deployment.resources.find((r) => r.type === "pulumi-nodejs:dynamic/exoscale:InstancePoolElasticIps")!;
    expect(recorded.outputs!.elasticIps).toEqual([out.eipAddresses.ipv4.id]);

    const diff = expectOk(await stack.preview(["--diff"]), "preview --diff after refresh").stdout;
    expect(diff).toMatch(/~ pulumi-nodejs:dynamic\/exoscale:InstancePoolElasticIps: \(update\)/);
    expect(diff).toMatch(/1 to update/);

    expectOk(await stack.up(), "up after refresh");
    expectEipsOnEveryMember(NODES + 1);
    expectOk(await stack.preview(["--expect-no-changes"]), "preview after repair");
  });

  it("stack export holds no credential, and the kubeconfig only as a secret", async () => {
    const state = await stack.exportState();
    expect(state).not.toContain(TEST_SECRET);
    expect(state).not.toContain(TEST_KEY);
    expect(state).not.toContain("client-key-data");
    expect(state).toContain("dualstack-id");
  });

  it("destroy leaves the API empty", async () => {
    expectOk(await stack.destroy(), "destroy");
    expect(fake.count()).toBe(0);
  });
});
