// The main program's cloudscale stack on the real engine against the fake
// API: configs that only a renderer refuses (the ingress hosts' keepalived,
// HAProxy and cloud-init are rendered inside an apply on the floating IPs,
// which preview never runs) fail the preview, and `up` too, before anything
// exists in the API: no request but reads, no object.
import { FakeCloudscale } from "../../fakes/cloudscale/server";
import { MainProjectStack } from "./main-stack";

jest.setTimeout(300_000);

const TOKEN = "itest-preflight-token-4d2c";
const SECRETS = { "dualstack:cloudscaleToken": TOKEN, "dualstack:cloudscaleFailoverToken": "itest-preflight-failover-9e1b" };

const fake = new FakeCloudscale({ token: TOKEN, pollsUntilReady: 1 });
const stack = new MainProjectStack(`itest-cspre-${process.pid}`);

function config(section: Record<string, unknown> = {}, network: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "dualstack:provider": "cloudscale",
    "dualstack:network": { ipv4Supernet: "10.62.0.0/16", ...network },
    "dualstack:nodes": { count: 2 },
    "dualstack:ingress": { count: 2 },
    "dualstack:cloudscale": { zone: "lpg1", apiUrl: fake.url, pollIntervalMs: 20, requestTimeoutMs: 5_000, ...section },
  };
}

const writes = () => fake.log.filter((r) => r.method !== "GET").length;
const objects = () => Object.values(fake.objects()).reduce((n, list) => n + list.length, 0);

beforeAll(async () => {
  await fake.start();
  await stack.create(config(), SECRETS);
});
afterAll(async () => {
  await stack.remove();
  await fake.stop();
});

describe("cloudscale stack: renderer checks at preview (real engine, fake API)", () => {
  // The stack's settings allow '.' in interface names (VLANs); netplan and sysctl.d files do not.
  it("a private interface the user data cannot carry fails preview and up naming dualstack:cloudscale.privateInterface, creating nothing", async () => {
    await stack.setConfig(config({ privateInterface: "ens4.100" }));
    const line = 'dualstack:cloudscale.privateInterface: "ens4.100" makes the ingress hosts\' user data invalid: privateInterface: "ens4.100" is not valid';
    const preview = await stack.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.stdout).toContain(line);
    const up = await stack.up();
    expect(up.code).not.toBe(0);
    expect(up.stdout).toContain(line);
    expect(up.stdout + up.stderr).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
    expect(writes()).toBe(0);
    expect(objects()).toBe(0);
  });

  // Refused by keepalived's renderer (or, once it knows these ranges, by the planner): either way at preview.
  it.each([
    ["a multicast IPv4 supernet", "dualstack:network.ipv4Supernet", { ipv4Supernet: "224.10.0.0/16" }],
    ["a link-local IPv6 prefix", "dualstack:network.ipv6Prefix", { ipv6Prefix: "fe80::/48" }],
  ])("%s fails up before any object exists, naming %s", async (_what, key, network) => {
    await stack.setConfig(config({}, network));
    const up = await stack.up();
    expect(up.code).not.toBe(0);
    expect(up.stdout).toContain(`${key}: `);
    expect(writes()).toBe(0);
    expect(objects()).toBe(0);
  });
});
