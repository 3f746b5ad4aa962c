// The set-up machinery on its own, without building anything: the steps of
// scripts/bootstrap.sh run side by side with their output in logs (a failed
// step's end shown), and the cached Go tools answer --bin-dir from the cache
// root without building.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-bootstrap-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const bash = (script: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync("bash", ["-c", script], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ...env } });

describe("scripts/lib/steps.sh", () => {
  const logs = path.join(tmp, "logs");
  const run = bash(
    `set -euo pipefail
     log() { printf 'bootstrap: %s\\n' "$*" >&2; }
     source scripts/lib/steps.sh
     STEPS_LOG_DIR=${logs}
     step "quiet tool" bash -c 'echo "go: downloading example.com/m v1.0.0"'
     step "broken tool" bash -c 'echo "compile error in x.go"; exit 3'
     steps_wait`,
  );

  it("fails when a step fails, naming it and its exit code, and shows the end of its log", () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^bootstrap: broken tool: FAILED after \d+s \(exit 3\); the end of .*broken-tool\.log:$/m);
    expect(run.stderr).toContain("    compile error in x.go");
  });

  it("prints one line for a step that succeeds, and keeps its output in its log", () => {
    expect(run.stderr).toMatch(/^bootstrap: quiet tool: done in \d+s$/m);
    expect(run.stderr).not.toContain("go: downloading");
    expect(fs.readFileSync(path.join(logs, "quiet-tool.log"), "utf8")).toContain("go: downloading example.com/m v1.0.0");
  });
});

describe("the cached Go tools", () => {
  it.each([
    ["scripts/pulumi-engine.sh", "pulumi/3.248.0/bin"],
    ["scripts/validators/dockerd.sh", "dockerd/28.5.2/bin"],
    ["scripts/validators/actionlint.sh", "actionlint/1.7.12/bin"],
  ])("%s --bin-dir prints its bin dir under DUALSTACK_CACHE and builds nothing", (script, bin) => {
    const cache = path.join(tmp, "cache");
    const run = bash(`bash ${script} --bin-dir`, { DUALSTACK_CACHE: cache });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(path.join(cache, bin));
    expect(fs.existsSync(cache)).toBe(false);
  });

  it("bootstrap.sh refuses a command it does not know, listing the ones it does", () => {
    const run = bash("bash scripts/bootstrap.sh deploy");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("usage: scripts/bootstrap.sh [lab|test|preview]");
  });
});
