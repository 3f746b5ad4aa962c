// InstancePoolElasticIps against the fake API: a managed inet4 and inet6 EIP
// on every node of an SKS nodepool's Instance Pool (the dual-stack ingress),
// new nodes included; drift, detach, validation and injected faults.
import { OperationError } from "../../../../components/clouds/exoscale/client";
import { provider as eip, ElasticIpInputs } from "../../../../components/clouds/exoscale/providers/elastic-ip";
import { InstancePoolElasticIpsInputs, provider as poolEips } from "../../../../components/clouds/exoscale/providers/instance-pool-elastic-ips";
import { provider as cluster } from "../../../../components/clouds/exoscale/providers/sks-cluster";
import { provider as nodepool, SksNodepoolInputs } from "../../../../components/clouds/exoscale/providers/sks-nodepool";
import { GONE } from "../../../../components/dynamic";
import { useFakeExoscale } from "./helpers";

const fake = useFakeExoscale();

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const managed = (addressFamily: "inet4" | "inet6"): ElasticIpInputs => ({
  zone: "ch-gva-2",
  addressFamily,
  healthcheck: { mode: "http", port: 80, uri: "/healthz", interval: 10, timeout: 3, strikesOk: 2, strikesFail: 3 },
  labels: { "dualstack-id": `p/s/ingress-${addressFamily}` },
});

/** A cluster, a nodepool of `size` nodes and a managed inet4 + inet6 EIP. */
async function setUp(size = 2, publicIpAssignment: "dual" | "inet4" = "dual") {
  const c = await cluster.create!({ zone: "ch-gva-2", name: "k8s", level: "pro", version: "1.33.1", cni: "cilium", labels: { "dualstack-id": "p/s/k8s" } });
  const npInputs: SksNodepoolInputs = { cluster: c.id, name: "workers", size, diskSize: 50, instanceType: "standard.medium", publicIpAssignment, labels: { "dualstack-id": "p/s/workers" } };
  const np = await nodepool.create!(npInputs);
  const [v4, v6] = [await eip.create!(managed("inet4")), await eip.create!(managed("inet6"))];
  const inputs: InstancePoolElasticIpsInputs = { instancePool: np.outs.instancePoolId, elasticIps: [v4.id, v6.id] };
  return { np, npInputs, v4, v6, inputs };
}

const members = () => fake.objects().instances.map((i) => String(i.id)).sort();
const eipsOf = (i: { "elastic-ips"?: unknown }) => (i["elastic-ips"] as { id: string }[]).map((e) => e.id).sort();
const reasons = async (news: object) => ((await poolEips.check!({}, news)).failures ?? []).map((f) => f.reason).join("\n");

describe("exoscale InstancePoolElasticIps", () => {
  it("puts both EIPs on every member; servedBy lists the healthy members", async () => {
    const { v4, v6, inputs } = await setUp(2);
    const { id, outs } = await poolEips.create!(inputs);
    expect(id).toBe(inputs.instancePool);
    expect(outs).toEqual(inputs);
    expect(fake.objects().instancePools[0]["elastic-ips"]).toEqual([{ id: v4.id }, { id: v6.id }]);
    for (const i of fake.objects().instances) expect(eipsOf(i)).toEqual([v4.id, v6.id].sort());
    expect(fake.servedBy(v4.id).sort()).toEqual(members());
    expect(fake.servedBy(v6.id).sort()).toEqual(members());
    const [sick, well] = members();
    fake.setHealth(sick, false);
    expect(fake.servedBy(v4.id)).toEqual([well]);
    expect(fake.servedBy(v6.id)).toEqual([well]);
    // The PUT was an async operation, polled to the end.
    expect(fake.log.filter((r) => r.method === "PUT" && r.path === `/instance-pool/${id}`).map((r) => r.status)).toEqual([200]);
    expect((await poolEips.read!(id, outs)).props).toEqual(outs);
  });

  it("gives a member created by a later scale-up the EIPs", async () => {
    const { np, npInputs, v4, v6, inputs } = await setUp(2);
    await poolEips.create!(inputs);
    const before = members();
    await nodepool.update!(np.id, np.outs, { ...npInputs, size: 3 });
    const added = members().filter((m) => !before.includes(m));
    expect(added).toHaveLength(1);
    expect(eipsOf(fake.objects().instances.find((i) => i.id === added[0])!)).toEqual([v4.id, v6.id].sort());
    expect(fake.servedBy(v6.id).sort()).toEqual(members());
  });

  it("reports drift when the pool's list changes behind its back; update puts it back", async () => {
    const { v4, v6, inputs } = await setUp(2);
    const { id, outs } = await poolEips.create!(inputs);
    fake.patchObject("instancePools", id, { "elastic-ips": [{ id: v4.id }] });
    expect(fake.servedBy(v6.id)).toEqual([]);
    const drifted = await poolEips.read!(id, outs);
    expect(drifted.props.elasticIps).toEqual([v4.id]);
    expect(drifted.inputs.elasticIps).toEqual([v4.id]);
    expect(await poolEips.diff!(id, drifted.props, inputs)).toMatchObject({ changes: true, replaces: [] });
    await poolEips.update!(id, drifted.props, inputs);
    expect(fake.servedBy(v6.id).sort()).toEqual(members());
    // Order is no change.
    expect((await poolEips.read!(id, { ...inputs, elasticIps: [v6.id, v4.id] })).props.elasticIps).toEqual([v6.id, v4.id]);
  });

  it("replaces on another pool, updates the list in place", async () => {
    const { v4, inputs } = await setUp(1);
    const { id, outs } = await poolEips.create!(inputs);
    expect((await poolEips.diff!(id, outs, { ...inputs, instancePool: "7e1f9c2a-3b4d-4e5f-8a6b-9c0d1e2f3a4b" })).replaces).toEqual(["instancePool"]);
    expect(await poolEips.diff!(id, outs, { ...inputs, elasticIps: [v4.id] })).toMatchObject({ changes: true, replaces: [] });
    await poolEips.update!(id, outs, { ...inputs, elasticIps: [v4.id] });
    expect(eipsOf(fake.objects().instances[0])).toEqual([v4.id]);
  });

  it("delete detaches (then the EIPs can go); deleting an EIP still on the pool is refused with 409", async () => {
    const { v4, v6, inputs } = await setUp(2);
    const { id, outs } = await poolEips.create!(inputs);
    await expect(eip.delete!(v4.id, v4.outs)).rejects.toThrow(/409/);
    await poolEips.delete!(id, outs);
    expect(fake.objects().instancePools[0]["elastic-ips"]).toEqual([]);
    for (const i of fake.objects().instances) expect(i["elastic-ips"]).toEqual([]);
    expect(fake.servedBy(v4.id)).toEqual([]);
    await eip.delete!(v4.id, v4.outs);
    await eip.delete!(v6.id, v6.outs);
    expect(fake.objects().elasticIps).toEqual([]);
  });

  it("a pool that is gone: read is GONE, delete is fine", async () => {
    const { np, inputs } = await setUp(1);
    const { id, outs } = await poolEips.create!(inputs);
    fake.deleteObject("instancePools", id);
    expect(fake.objects().instances).toEqual([]);
    expect(await poolEips.read!(id, outs)).toEqual(GONE);
    await poolEips.delete!(id, outs);
    // Also when SKS deleted it with the nodepool.
    await nodepool.delete!(np.id, np.outs);
  });

  it("refuses an inet6 EIP on an inet4 pool, and an unknown EIP, with the API's 400", async () => {
    const { v6, inputs } = await setUp(1, "inet4");
    await expect(poolEips.create!({ ...inputs, elasticIps: [v6.id] })).rejects.toThrow(/400 an inet6 elastic IP needs instances with public IPv6/);
    await expect(poolEips.create!({ ...inputs, elasticIps: ["7e1f9c2a-3b4d-4e5f-8a6b-9c0d1e2f3a4b"] })).rejects.toThrow(/400 elastic IP 7e1f9c2a-\S+ not found/);
    expect(fake.objects().instancePools[0]["elastic-ips"]).toEqual([]);
  });

  it("converges when the PUT's answer is lost or a 500, and when operation polls fail", async () => {
    const { v4, v6, inputs } = await setUp(2);
    fake.inject({ route: "PUT /instance-pool/*", kind: "lost" });
    fake.inject({ route: "PUT /instance-pool/*", kind: "500" });
    fake.inject({ route: "GET /operation/*", kind: "500", times: 2 });
    const { outs } = await poolEips.create!(inputs);
    expect(fake.pendingFaults()).toEqual([]);
    expect(outs.elasticIps).toEqual([v4.id, v6.id]);
    expect(fake.objects().instancePools[0]["elastic-ips"]).toEqual([{ id: v4.id }, { id: v6.id }]);
    for (const i of fake.objects().instances) expect(eipsOf(i)).toEqual([v4.id, v6.id].sort());
    expect(fake.log.filter((r) => r.method === "PUT").map((r) => r.status)).toEqual(["lost", 500, 200]);
  });

  it("fails with the operation's reason when the operation fails", async () => {
    const { inputs } = await setUp(1);
    fake.inject({ route: "PUT /instance-pool/*", kind: "operation-failure", reason: "forbidden", message: "instance pool is being updated" });
    const err = await poolEips.create!(inputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationError);
    expect(String((err as Error).message)).toMatch(/PUT \/instance-pool\/\S+: operation \S+ failure \(forbidden\) instance pool is being updated/);
  });
});

describe("exoscale InstancePoolElasticIps check()", () => {
  const pool = "1e137f61-3f14-40cf-94d8-d316c2cf1b7b";
  const e4 = "6c0f4bd1-0b61-4b6c-8f5b-2d4f6a8c9e01";
  const e6 = "6c0f4bd1-0b61-4b6c-8f5b-2d4f6a8c9e02";

  it.each([
    [{ instancePool: "workers" }, /instancePool: "workers" is not valid; expected an Instance Pool id \(a UUID\), e\.g\. an SksNodepool's instancePoolId/],
    [{ elasticIps: [] }, /elasticIps: \[\] is not valid; expected a list of 1 or more elastic IP ids \(UUIDs\)/],
    [{ elasticIps: undefined }, /elasticIps: undefined is not valid; expected a list of 1 or more elastic IP ids/],
    [{ elasticIps: [e4, "198.51.100.7"] }, /elasticIps\[1\]: "198\.51\.100\.7" is not valid; expected elastic IP id \(a UUID\)/],
    [{ elasticIps: [e4, e6, e4] }, /elasticIps: .* is not valid; expected each id once; 6c0f4bd1-0b61-4b6c-8f5b-2d4f6a8c9e01 is listed more than once/],
    [{ zone: "ch-zrh-1" }, /zone: "ch-zrh-1" is not valid; valid zones: ch-gva-2/],
  ])("rejects %j naming key, value and what is valid", async (over, message) => {
    expect(await reasons({ instancePool: pool, elasticIps: [e4, e6], ...over })).toMatch(message);
  });

  it("accepts valid inputs, an optional zone, and ids not known yet at preview", async () => {
    expect(await reasons({ instancePool: pool, elasticIps: [e4, e6] })).toBe("");
    expect(await reasons({ zone: "de-fra-1", instancePool: pool, elasticIps: [e4] })).toBe("");
    expect(await reasons({ instancePool: UNKNOWN, elasticIps: [UNKNOWN, UNKNOWN] })).toBe("");
    expect(await reasons({ instancePool: UNKNOWN, elasticIps: UNKNOWN })).toBe("");
  });
});
