// SksNodepool against the fake API: its Instance Pool (instancePoolId) with
// dual-stack members, security and anti-affinity groups, old state.
import { provider as aag } from "../../../../components/clouds/exoscale/providers/anti-affinity-group";
import { provider as securityGroup } from "../../../../components/clouds/exoscale/providers/security-group";
import { provider as cluster } from "../../../../components/clouds/exoscale/providers/sks-cluster";
import { provider as nodepool, SksNodepoolInputs } from "../../../../components/clouds/exoscale/providers/sks-nodepool";
import { GONE } from "../../../../components/dynamic";
import { useFakeExoscale } from "./helpers";

const fake = useFakeExoscale();

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

async function newCluster(): Promise<string> {
  const c = await cluster.create!({ zone: "ch-gva-2", name: "k8s", level: "pro", version: "1.33.1", cni: "cilium", labels: { "dualstack-id": "p/s/k8s" } });
  return c.id;
}

const pool = (over: Partial<SksNodepoolInputs> & { cluster: string }): SksNodepoolInputs => ({
  name: "workers",
  size: 2,
  diskSize: 50,
  instanceType: "standard.medium",
  publicIpAssignment: "dual",
  labels: { "dualstack-id": "p/s/workers" },
  ...over,
});

const reasons = async (news: object) => ((await nodepool.check!({}, news)).failures ?? []).map((f) => f.reason).join("\n");

describe("exoscale SksNodepool and its Instance Pool", () => {
  it("returns instancePoolId; the pool is SKS-managed and its members are dual-stack instances", async () => {
    const c = await newCluster();
    const np = await nodepool.create!(pool({ cluster: c, size: 3 }));
    const o = fake.objects();
    expect(o.instancePools).toHaveLength(1);
    const [p] = o.instancePools;
    expect(np.outs.instancePoolId).toBe(p.id);
    expect(o.sksClusters[0].nodepools[0]["instance-pool"]).toEqual({ id: p.id });
    expect(p).toMatchObject({ size: 3, state: "running", "public-ip-assignment": "dual", "elastic-ips": [], manager: { id: np.id, type: "sks-nodepool" } });
    expect((p.instances as { id: string }[]).map((i) => i.id).sort()).toEqual(o.instances.map((i) => i.id).sort());
    expect(o.instances).toHaveLength(3);
    for (const i of o.instances) {
      expect(i).toMatchObject({ state: "running", manager: { id: p.id, type: "instance-pool" }, "public-ip": expect.stringMatching(/^203\.0\.113\./), "ipv6-address": expect.stringMatching(/^2001:db8:/) });
      expect(i.name).toMatch(new RegExp(`^pool-${String(p.id).slice(0, 5)}-[a-z]{5}$`));
    }
    expect((await nodepool.read!(np.id, np.outs)).props).toEqual(np.outs);
  });

  it("gives inet4 nodepools members without IPv6", async () => {
    const c = await newCluster();
    await nodepool.create!(pool({ cluster: c, size: 1, publicIpAssignment: "inet4" }));
    const [i] = fake.objects().instances;
    expect(i["public-ip"]).toBeTruthy();
    expect(i["ipv6-address"]).toBeUndefined();
  });

  it("sends security and anti-affinity groups, reads them back, updates them in place", async () => {
    const c = await newCluster();
    const [sg1, sg2, ag] = [await securityGroup.create!({ name: "nodes" }), await securityGroup.create!({ name: "ingress" }), await aag.create!({ name: "spread" })];
    const np = await nodepool.create!(pool({ cluster: c, securityGroups: [sg1.id], antiAffinityGroups: [ag.id] }));
    const [n] = fake.objects().sksClusters[0].nodepools;
    expect(n).toMatchObject({ "security-groups": [{ id: sg1.id }], "anti-affinity-groups": [{ id: ag.id }] });
    for (const i of fake.objects().instances) expect(i).toMatchObject({ "security-groups": [{ id: sg1.id }], "anti-affinity-groups": [{ id: ag.id }] });
    expect((await nodepool.read!(np.id, np.outs)).props).toEqual(np.outs);

    const news = pool({ cluster: c, securityGroups: [sg1.id, sg2.id], antiAffinityGroups: [ag.id] });
    expect(await nodepool.diff!(np.id, np.outs, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await nodepool.update!(np.id, np.outs, news);
    expect(outs).toMatchObject({ securityGroups: [sg1.id, sg2.id], instancePoolId: np.outs.instancePoolId });
    expect(fake.objects().sksClusters[0].nodepools[0]["security-groups"]).toEqual([{ id: sg1.id }, { id: sg2.id }]);
    expect(fake.objects().instancePools[0]["security-groups"]).toEqual([{ id: sg1.id }, { id: sg2.id }]);

    // A list the program no longer sets is cleared.
    const { securityGroups: _s, ...without } = news;
    await nodepool.update!(np.id, outs, without);
    expect(fake.objects().sksClusters[0].nodepools[0]["security-groups"]).toEqual([]);
  });

  it("reads state written before instancePoolId and the group lists existed, and fills in the pool id", async () => {
    const c = await newCluster();
    const np = await nodepool.create!(pool({ cluster: c }));
    const { instancePoolId, ...old } = np.outs;
    const r = await nodepool.read!(np.id, old);
    expect(r.props).toEqual({ ...old, instancePoolId });
    expect(r.inputs).not.toHaveProperty("securityGroups");
    expect((await nodepool.diff!(np.id, r.props, pool({ cluster: c }))).changes).toBe(false);
  });

  it("scales the pool with the nodepool, deletes pool and members with it", async () => {
    const c = await newCluster();
    const np = await nodepool.create!(pool({ cluster: c, size: 2 }));
    await nodepool.update!(np.id, np.outs, pool({ cluster: c, size: 4 }));
    expect(fake.objects().instances).toHaveLength(4);
    expect(fake.objects().instancePools[0].size).toBe(4);
    await nodepool.update!(np.id, { ...np.outs, size: 4 }, pool({ cluster: c, size: 1 }));
    expect(fake.objects().instances).toHaveLength(1);
    await nodepool.delete!(np.id, np.outs);
    expect(fake.objects().instancePools).toEqual([]);
    expect(fake.objects().instances).toEqual([]);
    expect(await nodepool.read!(np.id, np.outs)).toEqual(GONE);
  });

  it("adopts a nodepool whose create response was lost, with its one pool", async () => {
    const c = await newCluster();
    fake.inject({ route: "POST /sks-cluster/*/nodepool", kind: "lost" });
    fake.inject({ route: "GET /operation/*", kind: "500" });
    const np = await nodepool.create!(pool({ cluster: c }));
    expect(fake.objects().instancePools.map((p) => p.id)).toEqual([np.outs.instancePoolId]);
    expect(fake.objects().instances).toHaveLength(2);
  });

  it("refuses unknown group ids with the API's 400", async () => {
    const c = await newCluster();
    await expect(nodepool.create!(pool({ cluster: c, securityGroups: ["6c0f4bd1-0b61-4b6c-8f5b-2d4f6a8c9e01"] }))).rejects.toThrow(/400 security group 6c0f4bd1-\S+ not found/);
  });
});

describe("exoscale SksNodepool check()", () => {
  const base = { cluster: "c", name: "w", size: 1, diskSize: 20, instanceType: "standard.small", publicIpAssignment: "dual" };
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

  it.each([
    [{ securityGroups: ["web"] }, /securityGroups\[0\]: "web" is not valid; expected security group id \(a UUID\)/],
    [{ securityGroups: [id(1), id(1)] }, /securityGroups: .* is not valid; expected each id once; 00000000-0000-4000-8000-000000000001 is listed more than once/],
    [{ securityGroups: "sg" }, /securityGroups: "sg" is not valid; expected a list of 0\.\.16 security group ids/],
    [{ antiAffinityGroups: Array.from({ length: 9 }, (_, i) => id(i)) }, /antiAffinityGroups: .* is not valid; expected a list of 0\.\.8 anti-affinity group ids/],
  ])("rejects %j naming key, value and what is valid", async (over, message) => {
    expect(await reasons({ ...base, ...over })).toMatch(message);
  });

  it("accepts group ids not known yet at preview, and no groups at all", async () => {
    expect(await reasons({ ...base, securityGroups: [UNKNOWN, UNKNOWN], antiAffinityGroups: UNKNOWN })).toBe("");
    expect(await reasons(base)).toBe("");
  });
});
