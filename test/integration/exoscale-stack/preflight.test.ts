// The project's Exoscale stack on the real engine against the fake API:
// configs that a renderer refuses (the k3s join token, rendered inside an
// apply on the secret; HAProxy's backends) fail `up` before anything exists
// in the API: no request but reads, no object.
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { MainExoscaleStack, PlainConfig } from "./main-stack";

jest.setTimeout(300_000);

const fake = new FakeExoscale({ pendingPolls: 1 });
const stack = new MainExoscaleStack(`itest-exopre-${process.pid}`);

const config = (change: PlainConfig = {}): PlainConfig => ({
  provider: "exoscale",
  network: { ipv4Supernet: "10.93.0.0/16" },
  nodes: { count: 2 },
  ingress: { count: 2 },
  exoscale: { apiUrl: fake.url },
  ...change,
});

const writes = () => fake.log.filter((r) => r.method !== "GET").length;

beforeAll(async () => {
  await fake.start();
  await stack.init(config(), TEST_KEY, TEST_SECRET);
});
afterAll(async () => {
  if (fake.count() > 0) await stack.destroy();
  await stack.remove();
  await fake.stop();
});

describe("exoscale stack: renderer checks at preview (real engine, fake API)", () => {
  it("a k3s join token the renderer refuses (too short) fails up naming dualstack:k3sToken, echoing no token, creating nothing", async () => {
    await stack.setSecret("dualstack:k3sToken", "tiny-tok");
    stack.writeConfig(config({ runtime: "kubernetes" }));
    const up = await stack.up();
    expect(up.code).not.toBe(0);
    expect(up.stdout).toContain('dualstack:k3sToken: "(secret, 8 characters)" is too short; use a random secret of at least 16 characters');
    expect(up.stdout + up.stderr).not.toContain("tiny-tok");
    expect(up.stdout + up.stderr).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
    expect(writes()).toBe(0);
    expect(fake.count()).toBe(0);
  });

  // Refused by HAProxy's renderer (or, once it knows these ranges, by the planner): either way before any object.
  it("a multicast IPv4 supernet fails up naming dualstack:network.ipv4Supernet, creating nothing", async () => {
    stack.writeConfig(config({ network: { ipv4Supernet: "224.10.0.0/16" } }));
    const up = await stack.up();
    expect(up.code).not.toBe(0);
    expect(up.stdout).toContain('dualstack:network.ipv4Supernet: "224.10.0.0/16"');
    expect(writes()).toBe(0);
    expect(fake.count()).toBe(0);
  });
});
