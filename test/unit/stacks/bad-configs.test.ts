// Every mistake caught at preview (issue #14's "done when"): for each bad
// stack config of ./bad-configs/cases, the stack program (index.ts's
// runSelectedStack, under Pulumi mocks in preview mode) fails with a RunError
// (the engine prints its message alone: no stack trace), one line names the
// key, the value and what fits, and no resource was registered. A valid
// config per provider registers resources, so "none" means something.
// test/integration/engine/bad-configs.test.ts runs some of them, and YAML
// syntax errors, through the real engine.
import * as pulumi from "@pulumi/pulumi";
import { planAddresses } from "../../../components/addressing";
import { describeValue, PROVIDERS } from "../../../stacks/config";
import { BadConfig, CASES, configOf, VALID } from "./bad-configs/cases";
import { previewUnderMocks } from "./bad-configs/harness";

// Loading the AWS and Azure SDKs the first time takes seconds on the shared 2-core machine.
jest.setTimeout(120_000);

beforeAll(() => jest.spyOn(pulumi.log, "warn").mockResolvedValue());

describe("the valid config of each provider previews and registers resources (mocks)", () => {
  it.each(PROVIDERS)("%s", async (provider) => {
    const { config, secrets } = VALID[provider];
    const run = await previewUnderMocks(`valid-${provider}`, config, secrets);
    expect(run.error).toBeUndefined();
    expect(run.resources.length).toBeGreaterThan(3);
  });
});

describe("Docker stacks with ranges inside 172.16.0.0/12 preview: the Docker IPv4 pool is planned around them (issue #12)", () => {
  it.each([
    ["cloudscale", { network: { ipv4Supernet: "172.28.0.0/15" } }],
    ["exoscale", { network: { ipv4Supernet: "10.61.0.0/16" }, kubernetes: { serviceCidrV4: "172.25.240.0/22" } }],
    ["azure", { network: { ipv4Supernet: "172.20.0.0/16" } }],
  ] as const)("%s %j", async (provider, patch) => {
    const { config, secrets } = VALID[provider];
    const run = await previewUnderMocks(`docker-${provider}`, { ...config, ...patch }, secrets);
    expect(run.error).toBeUndefined();
    expect(run.resources.length).toBeGreaterThan(3);
  });
});

describe("a prefix inside the stack's own ULA /48 (issue #14: the pod range used to fall onto the ingress network)", () => {
  it("stack edge, fd45:ed45:4331:4000::/55: previews, pod /64s apart from every network", async () => {
    const { config } = VALID.local;
    const network = { ...(config.network as object), ipv6Prefix: "fd45:ed45:4331:4000::/55" };
    const run = await previewUnderMocks("edge", { ...config, network }, {});
    expect(run.error).toBeUndefined();
    const plan = planAddresses({ name: "edge", ipv4Supernet: "10.77.0.0/16", ipv6Prefix: "fd45:ed45:4331:4000::/55", zones: ["lab"], tiers: { ingress: "lab", nodes: "lab" }, nodeCount: 3, ingressCount: 2 });
    expect(plan.kubernetes.clusterCidrV6).toBe("fd45:ed45:4331:4200::/56");
    expect(plan.nodes.map((n) => n.podCidrV6)).not.toContain(plan.networks[0].ipv6Cidr);
  });
});

describe("bad stack configs fail the preview, naming key, value and what fits, creating nothing (mocks)", () => {
  it("has at least 60 distinct cases across all five providers", () => {
    const distinct = new Set(CASES.map((c) => JSON.stringify([c.provider, configOf(c)])));
    expect(distinct.size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.provider))).toEqual(new Set(PROVIDERS));
  });

  it.each(CASES.map((c) => [`${c.provider}: ${c.what}`, c] as [string, BadConfig]))("%s", async (_title, c) => {
    const { config, secrets } = configOf(c);
    const run = await previewUnderMocks(c.stack ?? `bad-${c.provider}`, config, secrets);
    expect(run.resources).toEqual([]);
    expect(pulumi.RunError.isInstance(run.error)).toBe(true);
    const message = (run.error as Error).message;
    expect(message).not.toMatch(/\n\s+at /);
    const lines = message.split("\n").slice(1);
    const line = lines.find((l) => l.startsWith(`  ${c.key}: ${describeValue(c.value)} `));
    expect({ line, lines }).toEqual({ line: expect.stringMatching(c.fits), lines });
  });
});
