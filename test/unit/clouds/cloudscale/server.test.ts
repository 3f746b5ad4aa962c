// The Server provider against the fake API, over IPv4 and IPv6 loopback:
// create/read/update/delete, adoption of a lost create, retries, errors.
import { provider as serverProvider } from "../../../../components/clouds/cloudscale/providers/server";
import type { ServerOutputs } from "../../../../components/clouds/cloudscale/providers/server";
import { FakeCloudscale } from "../../../fakes/cloudscale/server";
import { full, startFake, useFake, useFakeCloudscale } from "./harness";

const server = full(serverProvider);
const inputs = (name = "web-1") => ({
  idTag: `proj/stack/${name}`,
  name,
  flavor: "flex-4-2",
  image: "debian-12",
  zone: "lpg1",
});

async function create(name = "web-1") {
  const { inputs: checked, failures } = await server.check({}, inputs(name));
  expect(failures).toEqual([]);
  return server.create(checked);
}

describe.each([false, true])("cloudscale Server (IPv6 loopback: %s)", (ipv6) => {
  const fake = useFakeCloudscale({ ipv6 });

  it("creates a server, waits for running, and outputs its addresses", async () => {
    const { id, outs } = await create();
    expect(outs).toMatchObject({ uuid: id, status: "running", useIpv6: true, usePublicNetwork: true, volumeSizeGb: 10 });
    expect(outs.publicIpv4).toMatch(/^198\.51\.100\./);
    expect(outs.publicIpv6).toMatch(/^2001:db8:1::/);
    const [s] = fake.objects().servers;
    expect(s.tags).toEqual({ "dualstack-id": "proj/stack/web-1" });
    // Polled until running (the fake settles after 2 GETs).
    expect(fake.log.filter((r) => r.method === "GET" && r.route === "/v1/servers/:id").length).toBeGreaterThanOrEqual(2);
  });

  it("reads back unchanged state, and reports drift and deletion", async () => {
    const { id, outs } = await create();
    const same = await server.read(id, outs);
    expect(same.props).toEqual(outs);
    fake.mutate("servers", id, (s) => {
      s.name = "renamed-by-hand";
      s.tags = { ...s.tags, owner: "ops" };
    });
    const drifted = await server.read(id, outs);
    expect(drifted.inputs).toMatchObject({ name: "renamed-by-hand", tags: { owner: "ops" } });
    const { inputs: program } = await server.check({}, inputs());
    expect(await server.diff(id, drifted.props as ServerOutputs, program)).toMatchObject({ changes: true, replaces: [] });
    fake.remove("servers", id);
    expect(await server.read(id, outs)).toEqual({ id: "", props: {} });
  });

  it("updates name and tags with a PATCH, flavor by stop + PATCH + start", async () => {
    const { id, outs } = await create();
    const news = { ...outs, name: "web-one", flavor: "flex-8-4", tags: { role: "ingress" } };
    const d = await server.diff(id, outs, news);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await server.update(id, outs, news);
    expect(after).toMatchObject({ name: "web-one", flavor: "flex-8-4", status: "running", uuid: id });
    const [s] = fake.objects().servers;
    expect(s).toMatchObject({ name: "web-one", status: "running", flavor: { slug: "flex-8-4" }, tags: { role: "ingress", "dualstack-id": "proj/stack/web-1" } });
    expect(fake.log.map((r) => `${r.method} ${r.route}`)).toEqual(expect.arrayContaining(["POST /v1/servers/:id/:action", "PATCH /v1/servers/:id"]));
  });

  it("replaces on image, zone, userData, interfaces, serverGroups, useIpv6", async () => {
    const { id, outs } = await create();
    for (const change of [{ image: "debian-13" }, { zone: "rma1" }, { userData: "#cloud-config\n" }, { interfaces: [{ network: "public" }] }, { serverGroups: ["g"] }, { useIpv6: false }]) {
      const d = await server.diff(id, outs, { ...outs, ...change });
      expect(d.replaces).toEqual(Object.keys(change));
    }
  });

  it("deletes and waits until the API answers 404", async () => {
    const { id, outs } = await create();
    await server.delete(id, outs);
    expect(fake.objects().servers).toEqual([]);
    await server.delete(id, outs); // already gone: fine
  });

  it("adopts a server whose create response was lost instead of creating a second", async () => {
    fake.inject("POST /v1/servers", "lose-response");
    const { id } = await create();
    expect(fake.objects().servers.map((s) => s.uuid)).toEqual([id]);
    expect(fake.log.filter((r) => r.method === "POST").length).toBe(1);
    expect(fake.log.some((r) => r.path.includes("tag%3Adualstack-id=proj%2Fstack%2Fweb-1"))).toBe(true);
  });

  it("adopts after a slow create response (client timeout)", async () => {
    fake.inject("POST /v1/servers", "slow");
    const { id } = await create();
    expect(fake.objects().servers.map((s) => s.uuid)).toEqual([id]);
  });

  it("retries GETs on 429, 500 and a slow response", async () => {
    const { id, outs } = await create();
    fake.inject("GET /v1/servers/:id", "429", 1, 0);
    fake.inject("GET /v1/servers/:id", "500", 1);
    fake.inject("GET /v1/servers/:id", "slow", 1);
    const r = await server.read(id, outs);
    expect(r.id).toBe(id);
    expect(fake.pendingFaults()).toBe(0);
    expect(fake.log.filter((x) => x.fault).map((x) => x.fault)).toEqual(["429", "500", "slow"]);
  });

  it("retries a create that got 429/500 before the server made anything", async () => {
    fake.inject("POST /v1/servers", "429", 1, 0);
    fake.inject("POST /v1/servers", "500", 1);
    const { id } = await create();
    expect(fake.objects().servers.map((s) => s.uuid)).toEqual([id]);
  });

  it("carries the API's message in errors, never the token", async () => {
    const err = await server.create({ ...inputs(), flavor: "flex-99-99", useIpv6: true, usePublicNetwork: true }).catch((e) => e);
    expect(err.message).toBe("cloudscale API POST /v1/servers: 400 flavor: Object with slug=flex-99-99 does not exist.");
    useFake(fake, { ipv6, token: "wrong-token-abc" });
    const denied = await server.read("x", {}).catch((e) => e);
    expect(denied.message).toMatch(/401 Invalid token\./);
    expect(`${denied.message} ${JSON.stringify(denied)}`).not.toContain("wrong-token-abc");
  });
});

describe("cloudscale Server check()", () => {
  let fake: FakeCloudscale;
  beforeAll(async () => {
    fake = await startFake();
    useFake(fake);
  });
  afterAll(() => fake.stop());

  it("names each bad property and what is valid", async () => {
    const r = await server.check({}, { ...inputs(), zone: "lpg2", volumeSizeGb: 5, flavor: "huge", useIpv6: "yes", tags: { "dualstack-id": "x" } });
    const byProp = Object.fromEntries(r.failures!.map((f) => [f.property, f.reason]));
    expect(byProp.zone).toBe('"lpg2" is not valid; one of: lpg1, rma1');
    expect(byProp.volumeSizeGb).toBe("must be >= 10, got 5");
    expect(byProp.flavor).toMatch(/"huge" is not valid; expected a flavor slug like flex-4-2/);
    expect(byProp.useIpv6).toMatch(/must be true or false/);
    expect(byProp.tags).toMatch(/reserved/);
  });

  it("fills defaults and accepts values unknown during preview", async () => {
    const r = await server.check({}, { ...inputs(), serverGroups: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9"] });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toMatchObject({ useIpv6: true, usePublicNetwork: true, volumeSizeGb: 10 });
  });
});
