// The policy pack on the real engine (3.248, our language host): it loads as
// TypeScript from policies/, passes the lab, fails an IPv4-only program with
// the rule's name, honours its config (exceptions, enforcement level, schema),
// and `npm run review` summarises the same preview. Previews only; every
// stack is a throwaway ptest- stack, removed afterwards.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { LabStack } from "../../../scripts/lib/lab-stack";
import { pulumi, REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

jest.setTimeout(600_000);

const PACK = path.join(REPO_ROOT, "policies");
const FIXTURE = path.join(REPO_ROOT, "test/fixtures/ipv4-only");
const ENV = { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" };
const RULE = "lab-host-dual-stack";

describe("policy pack on a lab stack", () => {
  const lab = new LabStack({ stack: "ptest-policy-lab", ipv4Supernet: "10.94.0.0/16" });
  beforeAll(() => lab.init());
  afterAll(() => lab.remove());

  it("passes: exit 0, the pack reported, no violations", async () => {
    const run = await lab.preview(["--policy-pack", "policies"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Policies:\s+✅ dualstack@v0\.1\.0 \(local: policies\)/);
    expect(run.stdout).not.toMatch(/\[(mandatory|advisory)\]/);
  });
});

describe("policy pack on an IPv4-only program (test/fixtures/ipv4-only)", () => {
  const stack = "ptest-policy-ipv4-only";
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-policy-"));
  const preview = (...extra: string[]) => pulumi(["-C", FIXTURE, "preview", "-s", stack, "--non-interactive", "--policy-pack", PACK, ...extra], ENV);
  const packConfig = (config: object) => {
    const file = path.join(tmp, `config-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
  };
  const urn = (name: string) => `urn:pulumi:${stack}::dualstack-policy-fixture::pulumi-nodejs:dynamic/local:Host::${name}`;

  beforeAll(async () => {
    const r = await pulumi(["-C", FIXTURE, "stack", "select", "--create", stack, "--secrets-provider", "passphrase", "--non-interactive"], ENV);
    if (r.code !== 0) throw new Error(`stack init failed: ${r.stderr}`);
  });
  afterAll(async () => {
    await pulumi(["-C", FIXTURE, "stack", "rm", stack, "--yes", "--force", "--non-interactive"], ENV);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("fails with the rule's name and what to add, only for the IPv4-only host", async () => {
    const run = await preview();
    const out = run.stdout + run.stderr;
    expect(run.code).not.toBe(0);
    expect(out).toMatch(new RegExp(`\\[mandatory\\]\\s+${RULE}\\s+\\(pulumi-nodejs:dynamic/local:Host: v4-only\\)`));
    expect(out).toContain('lab host "v4-only" has no IPv6 address: set ipv6Cidr');
    // "dual" complies and "v4-exempt" carries the reason tag.
    expect(out).not.toMatch(/Host: (dual|v4-exempt)\)/);
  });

  it("passes once the host's URN is listed in the rule's exceptions", async () => {
    const run = await preview("--policy-pack-config", packConfig({ [RULE]: { exceptions: { urns: [urn("v4-only")] } } }));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✅ dualstack/);
  });

  it("reports but passes when the rule is set to advisory", async () => {
    const run = await preview("--policy-pack-config", packConfig({ [RULE]: "advisory" }));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\\[advisory\\]\\s+${RULE}`));
  });

  it("rejects config the rule's schema does not allow, naming the rule", async () => {
    const run = await preview("--policy-pack-config", packConfig({ [RULE]: { exceptions: { urn: "typo" } } }));
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`${RULE}: exceptions: Additional property urn is not allowed`));
  });

  it("npm run review prints the violation and the IPv6 coverage, and fails", async () => {
    const result = await promisify(execFile)(
      "npx",
      ["ts-node", "--transpile-only", "scripts/review.ts", "-s", stack, "--cwd", FIXTURE],
      { cwd: REPO_ROOT, env: { ...process.env, ...ENV }, maxBuffer: 16 * 1024 * 1024 },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? "" }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`| mandatory | \`${RULE}\` | v4-only (\`pulumi-nodejs:dynamic/local:Host\`) |`);
    expect(result.stdout).toContain("endpoints dual-stack: 1/3");
    expect(result.stdout).toMatch(/\| 4 \| 0 \| 0 \| 0 \| 0 \|/);
  });
});
