// The GitHub workflows: valid YAML with the intended shape, every script,
// path and npm command they use exists, secrets come from GitHub secrets,
// and the environment matrix script picks the right stacks.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "../..");
const CHANGED = path.join(ROOT, "scripts/lib/review/changed-stacks.sh");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: { name: string } | string;
  strategy?: { matrix?: Record<string, unknown>; "max-parallel"?: number; "fail-fast"?: boolean };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const load = (name: string): Workflow => parse(fs.readFileSync(path.join(ROOT, ".github/workflows", name), "utf8")) as Workflow;
const pr = load("pr.yml");
const deploy = load("deploy.yml");
const runs = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps.map((s) => s.run ?? "")).join("\n");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe.each([
  ["pr.yml", pr],
  ["deploy.yml", deploy],
])("%s", (_name, wf) => {
  it("sets up with the README's bootstrap and runs pulumi through `npm run pulumi --` with the policy pack", () => {
    const text = runs(wf);
    expect(text).toContain("bash scripts/bootstrap.sh");
    expect(text).toMatch(/npm run pulumi -- (preview|up) .*--policy-pack policies/);
    expect(readme).toContain("`npm run pulumi -- <args>`");
    expect(readme).toContain("scripts/bootstrap.sh");
  });

  it("references only scripts and paths that exist", () => {
    const text = runs(wf);
    const paths = [...text.matchAll(/\b((?:scripts|policies|test|bench)\/[\w./-]+)/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(fs.existsSync(path.join(ROOT, p))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, "policies/PulumiPolicy.yaml"))).toBe(true);
    for (const m of text.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(pkg.scripts)).toContain(m[1]);
  });

  it("takes credentials and the passphrase from GitHub secrets only", () => {
    const envs = Object.values(wf.jobs).flatMap((j) => Object.entries(j.env ?? {}));
    const secretish = envs.filter(([k]) => /PASSPHRASE|TOKEN|SECRET|KEY|ARM_CLIENT/.test(k));
    expect(secretish.map(([k]) => k)).toEqual(expect.arrayContaining(["PULUMI_CONFIG_PASSPHRASE", "CLOUDSCALE_API_TOKEN", "EXOSCALE_API_SECRET", "AWS_SECRET_ACCESS_KEY", "ARM_CLIENT_SECRET"]));
    for (const [k, v] of secretish) expect([k, v]).toEqual([k, `\${{ secrets.${k} }}`]);
  });

  it("computes the environment matrix in a first job", () => {
    const [first, second] = Object.entries(wf.jobs);
    expect(first[1].steps.map((s) => s.run ?? "").join()).toContain("bash scripts/lib/review/changed-stacks.sh");
    expect(second[1].needs).toBe(first[0]);
    expect(second[1].strategy?.matrix?.stack).toBe(`\${{ fromJSON(needs.${first[0]}.outputs.stacks) }}`);
  });
});

describe("pr.yml", () => {
  it("runs on pull requests, previews with --diff and comments the summary and the diff", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    const steps = pr.jobs.preview.steps;
    expect(runs(pr)).toMatch(/npm run pulumi -- preview --diff/);
    expect(runs(pr)).toMatch(/npm run review -- -s "\$STACK" --out summary\.md/);
    const comment = steps.find((s) => s.uses?.startsWith("actions/github-script@"));
    expect(String(comment?.with?.script)).toMatch(/summary\.md[\s\S]*preview\.txt[\s\S]*(createComment|updateComment)/);
    // The check fails after commenting when the preview failed.
    expect(steps.indexOf(comment!)).toBeLessThan(steps.findIndex((s) => s.if === "steps.preview.outputs.exit != '0'"));
  });
});

describe("deploy.yml", () => {
  it("runs pulumi up on pushes to main, one environment at a time, each behind its GitHub environment", () => {
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    const job = deploy.jobs.deploy;
    expect(job.strategy?.["max-parallel"]).toBe(1);
    expect(job.strategy?.["fail-fast"]).toBe(true);
    expect(job.environment).toEqual({ name: "${{ matrix.stack }}" });
    expect(runs(deploy)).toMatch(/npm run pulumi -- up --yes/);
    expect(runs(deploy)).toContain("--deploy");
  });
});

describe("changed-stacks.sh", () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();
  const write = (file: string, text = "x\n") => {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), text);
  };
  const commit = (msg: string) => {
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", msg);
    return git("rev-parse", "HEAD");
  };
  const stacks = (...args: string[]) => JSON.parse(execFileSync("bash", [CHANGED, ...args], { cwd: repo, encoding: "utf8" })) as string[];

  let base: string;
  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-changed-"));
    git("init", "-q");
    for (const f of ["Pulumi.yaml", "Pulumi.local.yaml", "Pulumi.aws.yaml", "Pulumi.cloudscale.yaml", "Pulumi.ptest-x.yaml", "Pulumi.bench-failover.yaml", "README.md", "components/a.ts"]) write(f);
    base = commit("base");
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it("selects the stacks whose file changed", () => {
    write("Pulumi.aws.yaml", "changed\n");
    write("Pulumi.ptest-x.yaml", "changed\n");
    write("README.md", "docs\n");
    const head = commit("aws");
    expect(stacks("--base", base, "--head", head)).toEqual(["aws"]);
    base = head;
  });

  it("selects every environment, in promotion order, when shared code changed; deploys leave out the lab", () => {
    write("components/a.ts", "changed\n");
    const head = commit("code");
    expect(stacks("--base", base, "--head", head)).toEqual(["local", "cloudscale", "aws"]);
    expect(stacks("--base", base, "--head", head, "--deploy")).toEqual(["cloudscale", "aws"]);
    base = head;
  });

  it("selects nothing for docs only, and everything for a new branch (zero base)", () => {
    write("README.md", "more docs\n");
    const head = commit("docs");
    expect(stacks("--base", base, "--head", head)).toEqual([]);
    expect(stacks("--base", "0000000000000000000000000000000000000000", "--head", head)).toEqual(["local", "cloudscale", "aws"]);
  });
});
