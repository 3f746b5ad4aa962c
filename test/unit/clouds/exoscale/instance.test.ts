import { provider as instance, InstanceInputs } from "../../../../components/clouds/exoscale/providers/instance";
import { ExoscaleClient, OperationError } from "../../../../components/clouds/exoscale/client";
import { GONE } from "../../../../components/dynamic";
import { TEST_KEY, TEST_SECRET } from "../../../fakes/exoscale/server";
import { fastSettings, useFakeExoscale } from "./helpers";

const fake = useFakeExoscale();

const inputs = (over: Partial<InstanceInputs> = {}): InstanceInputs => ({
  name: "web-1",
  zone: "ch-gva-2",
  instanceType: "standard.medium",
  template: "Linux Ubuntu 24.04 LTS 64-bit",
  diskSize: 20,
  publicIpAssignment: "dual",
  userData: "#cloud-config\npackages: [nginx]\n",
  labels: { "dualstack-id": "p/s/web-1" },
  ...over,
});

describe("exoscale Instance provider", () => {
  it("creates a dual-stack instance, waits for running, resolves names to ids, sends user-data base64", async () => {
    const { id, outs } = await instance.create!(inputs());
    expect(outs).toMatchObject({ state: "running", publicIp: expect.stringMatching(/^203\.0\.113\./), ipv6Address: expect.stringMatching(/^2001:db8:/) });
    const [api] = fake.objects().instances;
    expect(api.id).toBe(id);
    expect(api["user-data"]).toBe(Buffer.from(inputs().userData!).toString("base64"));
    expect(api.labels).toEqual({ "dualstack-id": "p/s/web-1" });
    // Operation polled until done, instance polled until running.
    expect(fake.log.filter((r) => r.path.startsWith("/operation/")).length).toBeGreaterThanOrEqual(2);
  });

  it("reads back without drift, reports drift as props and inputs, and GONE after a delete behind its back", async () => {
    const { id, outs } = await instance.create!(inputs());
    const same = await instance.read!(id, outs);
    expect(same.props).toEqual(outs);
    fake.patchObject("instances", id, { name: "renamed" });
    const drifted = await instance.read!(id, outs);
    expect(drifted.props.name).toBe("renamed");
    expect(drifted.inputs.name).toBe("renamed");
    expect((await instance.diff!(id, drifted.props, inputs())).changes).toBe(true);
    fake.deleteObject("instances", id);
    expect(await instance.read!(id, outs)).toEqual(GONE);
  });

  it("updates name/labels in place, grows the disk in place, replaces on template or a shrinking disk", async () => {
    const { id, outs } = await instance.create!(inputs());
    expect(await instance.diff!(id, outs, inputs({ name: "web-one" }))).toMatchObject({ changes: true, replaces: [] });
    expect((await instance.diff!(id, outs, inputs({ diskSize: 10 }))).replaces).toEqual(["diskSize"]);
    expect((await instance.diff!(id, outs, inputs({ template: "3a4f1ae2-6c1b-4b8c-9a6e-2a1f0f5c9d11" }))).replaces).toEqual(["template"]);
    const { outs: updated } = await instance.update!(id, outs, inputs({ name: "web-one", diskSize: 40 }));
    expect(updated).toMatchObject({ name: "web-one", diskSize: 40 });
    expect(fake.objects().instances[0]).toMatchObject({ name: "web-one", "disk-size": 40 });
  });

  it("deletes, and a second delete of the gone instance is fine", async () => {
    const { id, outs } = await instance.create!(inputs());
    await instance.delete!(id, outs);
    await instance.delete!(id, outs);
    expect(fake.count()).toBe(0);
  });

  it("adopts the instance when the create response is lost, without a duplicate", async () => {
    fake.inject({ route: "POST /instance", kind: "lost" });
    const { id } = await instance.create!(inputs());
    expect(fake.objects().instances.map((i) => i.id)).toEqual([id]);
    expect(fake.log.filter((r) => r.method === "POST" && r.path === "/instance").map((r) => r.status)).toEqual(["lost"]);
  });

  it("adopts when a slow create times out on the client and the cloud makes it after all, without a second POST", async () => {
    fastSettings(fake, { timeoutMs: 300 });
    fake.inject({ route: "POST /instance", kind: "slow", untilAbandoned: true });
    const { id } = await instance.create!(inputs());
    expect(fake.objects().instances.map((i) => i.id)).toEqual([id]);
    // Found by its label, not made a second time.
    expect(fake.log.filter((r) => r.method === "POST" && r.path === "/instance")).toHaveLength(1);
  });

  it("retries 429 (honouring Retry-After) and 500 on reads and operation polls", async () => {
    fake.inject({ route: "GET /instance-type", kind: "429", retryAfterSeconds: 0 });
    fake.inject({ route: "GET /operation/*", kind: "500", times: 2 });
    fake.inject({ route: "GET /instance/*", kind: "429", retryAfterSeconds: 0 });
    const { outs } = await instance.create!(inputs());
    expect(outs.state).toBe("running");
    expect(fake.pendingFaults()).toEqual([]);
    expect(fake.objects().instances).toHaveLength(1);
  });

  it("retries a POST rejected with 429: nothing was created, so nothing is adopted", async () => {
    fake.inject({ route: "POST /instance", kind: "429", retryAfterSeconds: 0, times: 2 });
    await instance.create!(inputs());
    expect(fake.objects().instances).toHaveLength(1);
  });

  it("fails with the operation's reason and message when the operation fails, and does not retry", async () => {
    fake.inject({ route: "POST /instance", kind: "operation-failure", reason: "unavailable", message: "no capacity for standard.medium" });
    const err = await instance.create!(inputs()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationError);
    expect(String((err as Error).message)).toMatch(/POST \/instance: operation \S+ failure \(unavailable\) no capacity for standard\.medium/);
    expect(fake.log.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("never sends the POST again when only the operation's polls fail (the create was accepted)", async () => {
    fake.inject({ route: "GET /operation/*", kind: "500", times: 5 });
    await expect(instance.create!(inputs())).rejects.toThrow(/GET \/v2\/operation\/\S+: 500/);
    expect(fake.log.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("gives up on an operation that stays pending, after a bounded number of polls", async () => {
    fake.pendingPolls = 1000;
    const client = new ExoscaleClient({
      credentials: { key: TEST_KEY, secret: TEST_SECRET },
      zone: "ch-gva-2",
      apiUrl: fake.url,
      poll: { maxPolls: 3, initialDelayMs: 1, maxDelayMs: 2, timeoutMs: 5_000 },
    });
    await expect(client.mutate("POST", "/security-group", { name: "x" })).rejects.toThrow(/operation \S+ timeout .*gave up/);
    expect(fake.log.filter((r) => r.path.startsWith("/operation/"))).toHaveLength(3);
    fake.pendingPolls = 2;
  });

  it("surfaces API errors with status and message (unknown instance type)", async () => {
    await expect(instance.create!(inputs({ instanceType: "standard.colossal" }))).rejects.toThrow(/instanceType "standard.colossal" not found/);
    await expect(instance.create!(inputs({ instanceType: "00000000-0000-0000-0000-000000000000" }))).rejects.toThrow(/exoscale API POST \/v2\/instance: 400 instance-type: unknown id/);
  });
});

describe("exoscale Instance check()", () => {
  const check = (over: Partial<InstanceInputs> | Record<string, unknown>) => instance.check!({}, { ...inputs(), ...over });

  it("defaults publicIpAssignment to dual and accepts valid inputs", async () => {
    const { publicIpAssignment: _p, ...rest } = inputs();
    const r = await instance.check!({}, rest);
    expect(r.failures).toEqual([]);
    expect(r.inputs.publicIpAssignment).toBe("dual");
  });

  it.each([
    [{ zone: "ch-zrh-1" }, /zone: "ch-zrh-1" is not valid; valid zones: ch-gva-2, ch-dk-2/],
    [{ publicIpAssignment: "inet6" }, /publicIpAssignment: "inet6" is not valid; expected one of: inet4, dual, none/],
    [{ diskSize: 5 }, /diskSize: 5 is not valid; expected an integer in 10\.\.51200/],
    [{ diskSize: 60000 }, /diskSize: 60000/],
  ])("rejects %j naming property, value and what is valid", async (over, message) => {
    const r = await check(over);
    expect(r.failures!.map((f) => f.reason).join("\n")).toMatch(message);
  });

  it("rejects user-data above 32768 base64 characters, with the encoded size", async () => {
    const r = await check({ userData: "x".repeat(24_577) });
    expect(r.failures).toEqual([{ property: "userData", reason: expect.stringMatching(/userData: 32772 characters once base64-encoded; Exoscale accepts at most 32768/) }]);
    expect((await check({ userData: "x".repeat(24_576) })).failures).toEqual([]);
  });
});
