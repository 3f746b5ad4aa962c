// The Exoscale resources on the real Pulumi engine, against the fake API:
// create, no-op preview, readable diffs, refresh after out-of-band deletes,
// convergence under injected faults, managed-EIP failover, clean destroy,
// and credentials that never reach the state.
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { ExoscaleFixtureStack } from "./exoscale-stack";
import { expectOk } from "../../../scripts/lib/engine-stack";

jest.setTimeout(900_000);

const fake = new FakeExoscale({ pendingPolls: 1 });
const stack = new ExoscaleFixtureStack(`itest-exo-${process.pid}`);
// 2 instances, 1 group + 10 rules, 1 anti-affinity group, 1 network, 2 EIPs.
const EXPECTED_COUNT = 2 + 1 + 10 + 1 + 1 + 2;

function expectFullyLinked(): void {
  const o = fake.objects();
  expect(o.instances).toHaveLength(2);
  expect(o.elasticIps.map((e) => e.addressfamily).sort()).toEqual(["inet4", "inet6"]);
  for (const i of o.instances) {
    expect(i["public-ip-assignment"]).toBe("dual");
    expect((i["elastic-ips"] as { id: string }[]).map((e) => e.id).sort()).toEqual(o.elasticIps.map((e) => e.id).sort());
    expect(i["private-networks"]).toHaveLength(1);
  }
  expect(fake.count()).toBe(EXPECTED_COUNT);
}

beforeAll(async () => {
  await fake.start();
  await stack.init({ apiUrl: fake.url }, TEST_KEY, TEST_SECRET);
});
afterAll(async () => {
  await stack.destroy();
  await stack.remove();
  await fake.stop();
});

describe("exoscale fixture stack on the real engine", () => {
  it("up creates everything in the API, signed, with credentials only from config secrets", async () => {
    expectOk(await stack.up(), "up");
    expectFullyLinked();
    const [sg] = fake.objects().securityGroups;
    expect(sg.rules.filter((r) => r.protocol === "icmpv6").map((r) => (r.icmp as { type: number }).type).sort((a, b) => a - b)).toEqual([1, 2, 3, 128]);
    expect(fake.log.some((r) => r.status === 403)).toBe(false);
    const state = await stack.exportState();
    expect(state).not.toContain(TEST_SECRET);
    expect(state).not.toContain(TEST_KEY);
    expect(state).toContain("dualstack-id");
    const outputs = await stack.outputs();
    expect((outputs.elasticIps as { inet6: { ip: string } }).inet6.ip).toMatch(/^2001:db8:ee::/);
  });

  it("preview without the API secret fails naming the key and the command, echoing no credential", async () => {
    stack.writeConfig({ apiUrl: fake.url, withoutSecret: true });
    const run = await stack.preview();
    stack.writeConfig({ apiUrl: fake.url });
    expect(run.code).not.toBe(0);
    const text = run.stdout + run.stderr;
    expect(text).toMatch(/missing stack config dualstack:exoscaleApiSecret: set `pulumi config set --secret dualstack:exoscaleApiSecret <value>`/);
    expect(text).not.toContain(TEST_KEY);
  });

  it("a second preview shows no changes", async () => {
    expectOk(await stack.preview(["--expect-no-changes"]), "preview --expect-no-changes");
  });

  it("a config change shows a readable diff: healthcheck uri updated in place, admin rule replaced", async () => {
    stack.writeConfig({ apiUrl: fake.url, healthcheckUri: "/ready", adminPort: 9443 });
    const run = expectOk(await stack.preview(["--diff"]), "preview --diff");
    const out = run.stdout;
    expect(out).toMatch(/~ pulumi-nodejs:dynamic\/exoscale:ElasticIp: \(update\)/);
    expect(out).toMatch(/~ uri\s*: "\/healthz" => "\/ready"/);
    expect(out).toMatch(/\+-pulumi-nodejs:dynamic\/exoscale:SecurityGroupRule: \(replace\)/);
    expect(out).toMatch(/~ startPort\s*: 8443 => 9443/);
    expect(out).toMatch(/2 to update/);
    expect(out).toMatch(/1 to replace/);
    expectOk(await stack.up(), "up after config change");
    expect(fake.objects().elasticIps.every((e) => (e.healthcheck as { uri: string }).uri === "/ready")).toBe(true);
    expect(fake.objects().securityGroups[0].rules.some((r) => r["start-port"] === 9443)).toBe(true);
    expect(fake.count()).toBe(EXPECTED_COUNT);
  });

  it("refresh notices an elastic IP deleted behind its back; the next up recreates it and its attachments", async () => {
    const gone = fake.objects().elasticIps.find((e) => e.addressfamily === "inet6")!;
    fake.deleteObject("elasticIps", String(gone.id));
    const refreshed = expectOk(await stack.refresh(), "refresh");
    expect(refreshed.stdout).toMatch(/- 3 deleted|3 deleted/);
    expectOk(await stack.up(), "up after refresh");
    const v6 = fake.objects().elasticIps.find((e) => e.addressfamily === "inet6")!;
    expect(v6.id).not.toBe(gone.id);
    expectFullyLinked();
    expectOk(await stack.preview(["--expect-no-changes"]), "preview after recreate");
  });

  it("with one instance unhealthy, both elastic IPs are served only by the healthy one", async () => {
    const out = await stack.outputs();
    const [a, b] = out.instanceIds as string[];
    const eips = out.elasticIps as { inet4: { id: string }; inet6: { id: string } };
    expect(fake.servedBy(eips.inet4.id).sort()).toEqual([a, b].sort());
    fake.setHealth(a, false);
    expect(fake.servedBy(eips.inet4.id)).toEqual([b]);
    expect(fake.servedBy(eips.inet6.id)).toEqual([b]);
    fake.setHealth(a, true);
  });

  it("destroy leaves the API empty", async () => {
    expectOk(await stack.destroy(), "destroy");
    expect(fake.count()).toBe(0);
  });

  it("converges under injected faults without duplicates (lost creates, 429, 500, lost attach)", async () => {
    fake.inject({ route: "POST /instance", kind: "lost" });
    fake.inject({ route: "POST /elastic-ip", kind: "lost" });
    fake.inject({ route: "POST /security-group", kind: "lost" });
    fake.inject({ route: "POST /security-group/*/rules", kind: "lost", times: 2 });
    fake.inject({ route: "POST /private-network", kind: "429", retryAfterSeconds: 1 });
    fake.inject({ route: "POST /anti-affinity-group", kind: "500" });
    fake.inject({ route: "GET /operation/*", kind: "500", times: 3 });
    fake.inject({ route: "PUT /elastic-ip/*:attach", kind: "lost" });
    fake.inject({ route: "PUT /private-network/*:attach", kind: "429", retryAfterSeconds: 1 });
    expectOk(await stack.up(), "up with faults");
    expect(fake.pendingFaults()).toEqual([]);
    expectFullyLinked();
    expect(fake.objects().securityGroups).toHaveLength(1);
    expect(fake.objects().antiAffinityGroups).toHaveLength(1);
    expect(fake.objects().privateNetworks).toHaveLength(1);
    expectOk(await stack.preview(["--expect-no-changes"]), "preview after faulty up");
    expectOk(await stack.destroy(), "destroy after faulty up");
    expect(fake.count()).toBe(0);
  });
});
