// `npm run plan` shows what the preview deploys: for the checked-in stack
// files of the lab and the Swiss clouds, the plan the script prints and the
// resources the real engine's preview registers (against the fake APIs)
// carry the same addresses for every host. Each file is planned and
// previewed under one throwaway stack name (the plan's name and ULA come
// from it), so the checked-in stacks and files stay untouched.
// AWS and Azure: test/unit/stacks/plan-vs-preview.test.ts (mocks).
import * as fs from "node:fs";
import { stringify } from "yaml";
import type { AddressPlan } from "../../../components/addressing";
import { EngineStack } from "../../../scripts/lib/engine-stack";
import { FakeCloudscale } from "../../fakes/cloudscale/server";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { addressMismatches, ENGINE_STACKS, exampleConfig, MOCK_STACKS, planOf, stackFiles, type Expect, type Registered } from "../../support/plan-vs-preview";

jest.setTimeout(600_000);

const cloudscale = new FakeCloudscale({ token: "itest-plan-token-1f3e", pollsUntilReady: 1 });
const exoscale = new FakeExoscale({ pendingPolls: 1 });

interface Case {
  /** Plain keys over the stack file's (the fakes' URLs), and secrets the preview needs. */
  extra: () => Record<string, unknown>;
  secrets: () => Record<string, string>;
  expect: Expect;
}

const CASES: Record<string, Case> = {
  local: { extra: () => ({}), secrets: () => ({}), expect: { roles: ["node", "ingress"], ipv6: () => true } },
  "cloudscale-example": {
    extra: () => ({ "dualstack:cloudscale": { ...(exampleConfig("cloudscale-example")["dualstack:cloudscale"] as object), apiUrl: cloudscale.url } }),
    secrets: () => ({ "dualstack:cloudscaleToken": cloudscale.token }),
    // The ingress hosts' user data (with their IPv6) is a secret.
    expect: { roles: ["node", "ingress"], ipv6: (h) => h.role === "node" },
  },
  "exoscale-example": {
    extra: () => ({ "dualstack:exoscale": { ...(exampleConfig("exoscale-example")["dualstack:exoscale"] as object), apiUrl: exoscale.url } }),
    secrets: () => ({ "dualstack:exoscaleApiKey": TEST_KEY, "dualstack:exoscaleApiSecret": TEST_SECRET }),
    // The ingress hosts' user data waits for the elastic IPs.
    expect: { roles: ["node", "ingress"], ipv6: (h) => h.role === "node" },
  },
};

/** The throwaway stack a stack file is planned and previewed as. */
const nameOf = (example: string) => `itp-${example.split("-")[0]}-${process.pid}`;

/** `pulumi preview --json` of the config under the stack's name: every registered resource's inputs. */
async function previewOf(stack: EngineStack, config: Record<string, unknown>, secrets: Record<string, string>): Promise<Registered[]> {
  await stack.createStack();
  fs.writeFileSync(stack.configFile, stringify({ config }));
  for (const [key, value] of Object.entries(secrets)) {
    const set = await stack.run(["config", "set", "--secret", key, value, "--config-file", stack.configFile]);
    if (set.code !== 0) throw new Error(`config set ${key}: ${set.stderr}`);
  }
  const run = await stack.preview(["--json"]);
  if (run.code !== 0) throw new Error(`preview ${stack.stack} failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
  const steps = (JSON.parse(run.stdout) as { steps: { urn: string; newState?: { inputs?: unknown } }[] }).steps;
  return steps.map((s) => ({ name: s.urn.split("::").pop() ?? "", inputs: s.newState?.inputs ?? {} }));
}

beforeAll(async () => {
  await cloudscale.start();
  await exoscale.start();
});
afterAll(async () => {
  await cloudscale.stop();
  await exoscale.stop();
});

describe("npm run plan against the preview (real engine, fake APIs)", () => {
  it("covers every checked-in stack file, here or under mocks", () => {
    expect([...ENGINE_STACKS, ...MOCK_STACKS].sort()).toEqual(stackFiles());
    expect(Object.keys(CASES).sort()).toEqual(ENGINE_STACKS);
  });

  it.each(ENGINE_STACKS)("%s: every host the preview registers has the addresses the plan prints", async (example) => {
    const c = CASES[example];
    const stack = new EngineStack(nameOf(example));
    try {
      const config = exampleConfig(example, c.extra());
      fs.writeFileSync(stack.configFile, stringify({ config }));
      const plan: AddressPlan = await planOf(stack.stack, stack.configFile);
      const registered = await previewOf(stack, config, c.secrets());
      expect(plan.nodes.length).toBeGreaterThan(0);
      expect(addressMismatches(plan, registered, c.expect)).toEqual([]);
    } finally {
      await stack.remove();
    }
    expect(cloudscale.log.filter((r) => r.method !== "GET")).toEqual([]);
    expect(exoscale.count()).toBe(0);
  });
});
