// `npm run plan` shows what the preview deploys: for the checked-in stack
// files of the lab and the Swiss clouds, the plan the script prints and the
// resources the real engine's preview registers (against the fake APIs)
// carry the same addresses for every host. Each stack is previewed under its
// own name (the plan's name and ULA come from it), in a backend of its own.
// AWS and Azure: test/unit/stacks/plan-vs-preview.test.ts (mocks).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressPlan } from "../../../components/addressing";
import { pulumi } from "../../../scripts/lib/pulumi-cli";
import { FakeCloudscale } from "../../fakes/cloudscale/server";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { addressMismatches, ENGINE_STACKS, exampleConfig, MOCK_STACKS, planOf, stackFiles, writeStackFile, type Expect, type Registered } from "../../support/plan-vs-preview";

jest.setTimeout(600_000);

const cloudscale = new FakeCloudscale({ token: "itest-plan-token-1f3e", pollsUntilReady: 1 });
const exoscale = new FakeExoscale({ pendingPolls: 1 });
const backend = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-plan-backend-"));
const env = { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" }; // Pulumi.local.yaml's salt is of this passphrase

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

/** `pulumi preview --json` of the stack file under the stack's own name: every registered resource's inputs. */
async function previewOf(stack: string, configFile: string, secrets: Record<string, string>): Promise<Registered[]> {
  const init = await pulumi(["stack", "init", stack, "--no-select", "--secrets-provider", "passphrase", "--non-interactive"], env);
  if (init.code !== 0) throw new Error(`stack init ${stack}: ${init.stderr}`);
  for (const [key, value] of Object.entries(secrets)) {
    const set = await pulumi(["config", "set", "--secret", key, value, "-s", stack, "--config-file", configFile, "--non-interactive"], env);
    if (set.code !== 0) throw new Error(`config set ${key}: ${set.stderr}`);
  }
  const run = await pulumi(["preview", "-s", stack, "--config-file", configFile, "--json", "--non-interactive"], env);
  if (run.code !== 0) throw new Error(`preview ${stack} failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
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
  fs.rmSync(backend, { recursive: true, force: true });
});

describe("npm run plan against the preview (real engine, fake APIs)", () => {
  it("covers every checked-in stack file, here or under mocks", () => {
    expect([...ENGINE_STACKS, ...MOCK_STACKS].sort()).toEqual(stackFiles());
    expect(Object.keys(CASES).sort()).toEqual(ENGINE_STACKS);
  });

  it.each(ENGINE_STACKS)("%s: every host the preview registers has the addresses the plan prints", async (stack) => {
    const c = CASES[stack];
    const file = writeStackFile(stack, exampleConfig(stack, c.extra()));
    const plan: AddressPlan = await planOf(stack, file);
    const registered = await previewOf(stack, file, c.secrets());
    expect(plan.nodes.length).toBeGreaterThan(0);
    expect(addressMismatches(plan, registered, c.expect)).toEqual([]);
    expect(cloudscale.log.filter((r) => r.method !== "GET")).toEqual([]);
    expect(exoscale.count()).toBe(0);
  });
});
