// A program that needs a cloud provider plugin must fail fast with a hint,
// never hang trying to download it (no plugin download is reachable here).
import * as path from "node:path";
import { pulumi, REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

jest.setTimeout(120_000);

const FIXTURE = path.join(REPO_ROOT, "test/fixtures/needs-plugin");
const STACK = "itest-plugin";
const env = { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" };

describe("a stack that needs a missing provider plugin", () => {
  beforeAll(async () => {
    const r = await pulumi(["stack", "select", "--create", STACK, "--cwd", FIXTURE, "--secrets-provider", "passphrase", "--non-interactive"], env);
    expect(r.code).toBe(0);
  });
  afterAll(() => pulumi(["stack", "rm", STACK, "--cwd", FIXTURE, "--yes", "--force", "--non-interactive"], env));

  it("fails within seconds, names the plugin and says which stacks need cloud plugins", async () => {
    const started = Date.now();
    const run = await pulumi(["preview", "-s", STACK, "--cwd", FIXTURE, "--non-interactive"], env);
    const seconds = (Date.now() - started) / 1000;
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/pulumi-resource-aws/);
    expect(run.stderr).toMatch(/aws, azure and kubernetes stacks need cloud provider plugins/);
    expect(seconds).toBeLessThan(60); // a download attempt with retries would hang far longer
  });
});
