// The cloudscale resources on the real engine against the fake API (running
// in this jest process, so faults can be injected between steps): up, no-op
// preview, readable diffs, refresh after out-of-band deletion, destroy, and
// convergence without duplicates under 429s, 500s and a lost create response.
import { FakeCloudscale } from "../../fakes/cloudscale/server";
import { FixtureStack } from "./engine";
import { expectOk } from "../../../scripts/lib/engine-stack";

jest.setTimeout(600_000);

const PROJECT = "dualstack-fixture-cloudscale-stack";
const EXPECTED = { servers: 2, networks: 1, subnets: 1, "server-groups": 1, "floating-ips": 2, "load-balancers": 1, pools: 1, members: 2, listeners: 1, "health-monitors": 1 };

describe("cloudscale stack on the real engine (fake API)", () => {
  const fake = new FakeCloudscale({ pollsUntilReady: 2, slowMs: 3_000 });
  const stack = new FixtureStack("cloudscale-stack", "itest-cs-stack");
  const config = (extra: Record<string, unknown> = {}) => ({
    "dualstack:cloudscale": { apiUrl: fake.url, pollIntervalMs: 20, requestTimeoutMs: 1_500 },
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${PROJECT}:${k}`, v])),
  });
  const counts = () => Object.fromEntries(Object.entries(fake.objects()).map(([k, v]) => [k, v.length]));
  const empty = Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, 0]));

  beforeAll(async () => {
    await fake.start();
    await stack.init(config());
  });
  afterAll(async () => {
    await stack.destroy();
    await stack.remove();
    await fake.stop();
  });

  it("fails at preview with how to set a missing token", async () => {
    const run = await stack.preview();
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain("dualstack:cloudscaleToken is not set; set it with: pulumi config set --secret dualstack:cloudscaleToken <token>");
    expect(fake.log).toEqual([]);
  });

  it("creates everything; a second preview shows no changes; the token is not in the state", async () => {
    await stack.writeConfig(config(), fake.token);
    expectOk(await stack.up(), "up");
    expect(counts()).toEqual(EXPECTED);
    expect(fake.log.filter((r) => r.status === 409)).toEqual([]);
    const [s1] = ((await stack.outputs()).serverUuids as string[]);
    expect(fake.objects()["floating-ips"].map((f) => (f.server as { uuid: string }).uuid)).toEqual([s1, s1]);
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview");
    const state = stack.rawState();
    expect(state).toContain("cloudscale:Server");
    expect(state).not.toContain(fake.token);
  });

  it("shows a floating IP move as an update (not a replace), then a flavor change as a server update", async () => {
    const [s1, s2] = (await stack.outputs()).serverUuids as string[];
    await stack.writeConfig(config({ fipServer: 2 }));
    const move = expectOk(await stack.preview(["--diff"]), "preview --diff (move)");
    expect(move.stdout).toMatch(/~ pulumi-nodejs:dynamic\/cloudscale:FloatingIp: \(update\)\s+\[id=192\.0\.2\.\d+\]/);
    expect(move.stdout).toContain(`~ server   : "${s1}" => "${s2}"`);
    expect(move.stdout).not.toMatch(/\(replace\)/);
    expectOk(await stack.up(), "up (move)");
    expect(fake.objects()["floating-ips"].map((f) => (f.server as { uuid: string }).uuid)).toEqual([s2, s2]);

    await stack.writeConfig(config({ fipServer: 2, flavor1: "flex-8-4" }));
    const rescale = expectOk(await stack.preview(["--diff"]), "preview --diff (flavor)");
    expect(rescale.stdout).toMatch(/~ pulumi-nodejs:dynamic\/cloudscale:Server: \(update\)\s+\[id=[0-9a-f-]+\]\s+\[urn=[^\]]+server-1\]\s+~ flavor\s+: "flex-4-2" => "flex-8-4"/);
    expect(rescale.stdout).not.toMatch(/\(replace\)/);
    const up = expectOk(await stack.up(), "up (flavor)");
    expect(up.stdout).not.toMatch(/replaced/);
    expect(fake.objects().servers.find((s) => s.uuid === s1)).toMatchObject({ flavor: { slug: "flex-8-4" }, status: "running" });
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview after updates");
  });

  it("refresh reports a server deleted behind Pulumi's back; the next up recreates it", async () => {
    const [s1] = ((await stack.outputs()).serverUuids as string[]);
    fake.remove("servers", s1);
    const refresh = expectOk(await stack.refresh(), "refresh");
    expect(refresh.stdout).toMatch(/-\s+pulumi-nodejs:dynamic\/cloudscale:Server server-1 deleted/);
    expectOk(await stack.up(), "up after refresh");
    expect(counts()).toEqual(EXPECTED);
    const [again] = ((await stack.outputs()).serverUuids as string[]);
    expect(again).not.toBe(s1);
    expect(fake.objects().servers.map((s) => s.uuid)).toContain(again);
  });

  it("destroy leaves the fake empty", async () => {
    expectOk(await stack.destroy(), "destroy");
    expect(counts()).toEqual(empty);
  });

  it("converges without duplicates under 429s, 500s, slow and lost responses", async () => {
    fake.inject("POST /v1/servers", "lose-response", 1);
    fake.inject("POST /v1/floating-ips", "lose-response", 1);
    fake.inject("POST /v1/load-balancers/pools", "500", 1);
    fake.inject("GET /v1/servers/:id", "429", 3, 0);
    fake.inject("GET /v1/servers/:id", "500", 2);
    fake.inject("GET /v1/load-balancers/:id", "slow", 1);
    fake.inject("POST /v1/networks", "429", 1, 1);
    expectOk(await stack.up(), "up with faults");
    expect(fake.pendingFaults()).toBe(0);
    expect(counts()).toEqual(EXPECTED);
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview after faults");
    expectOk(await stack.destroy(), "destroy");
    expect(counts()).toEqual(empty);
  });
});
