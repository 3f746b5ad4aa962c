// The GitHub workflows pass actionlint (v1.7.12, built once from its Go module
// by scripts/validators/actionlint.sh): syntax, runner labels, expressions and
// their types, step and job outputs, and — through shellcheck — the `run:`
// scripts. actionlint skips the shell checks without a word when no
// `shellcheck` is on PATH, so this suite requires one (bootstrap.sh installs
// Debian's) instead of passing on a weaker lint.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { actionlint, ensureActionlint, REPO } from "../../scripts/validators/tools";

const WORKFLOWS = path.join(REPO, ".github/workflows");
const workflowFiles = fs
  .readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

let bin: string;
let tmp: string;
beforeAll(() => {
  bin = ensureActionlint(); // first run on a machine builds it (well under a minute)
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-actionlint-"));
}, 10 * 60_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it("is the pinned actionlint, with shellcheck on PATH for the run: scripts", () => {
  const version = spawnSync(path.join(bin, "actionlint"), ["-version"], { encoding: "utf8" });
  expect(version.stdout.split("\n")[0]).toBe("v1.7.12");
  const shellcheck = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
  expect(shellcheck.error).toBeUndefined();
  expect(shellcheck.status).toBe(0);
});

it("finds the project's workflows", () => {
  expect(workflowFiles).toEqual(expect.arrayContaining(["deploy.yml", "pr.yml"]));
});

it.each(workflowFiles)("%s has no findings", (file) => {
  const r = actionlint(bin, [path.join(WORKFLOWS, file)]);
  expect(r.findings).toEqual([]);
  expect(r.status).toBe(0);
});

describe("a broken copy of pr.yml is rejected", () => {
  const original = fs.readFileSync(path.join(WORKFLOWS, "pr.yml"), "utf8");
  /** pr.yml with `from` replaced by `to` (which must occur), linted from a temp dir. */
  const lintBroken = (name: string, from: string, to: string) => {
    expect(original).toContain(from);
    const file = path.join(tmp, name, ".github/workflows/pr.yml");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, original.split(from).join(to));
    return actionlint(bin, [file]);
  };

  it.each([
    ["an unknown runs-on label", "runs-on: ubuntu-24.04", "runs-on: ubuntu-2404", "runner-label", /label "ubuntu-2404" is unknown/],
    ["an output of a step that does not exist", "steps.preview.outputs.exit", "steps.previw.outputs.exit", "expression", /property "previw" is not defined/],
    ["a job output read from an undefined job", "needs.environments.outputs.stacks", "needs.environment.outputs.stacks", "expression", /property "environment" is not defined/],
    ["an unclosed expression", "${{ matrix.stack }}", "${{ matrix.stack }", "expression", /unexpected EOF while lexing end marker }}/],
    ["an unquoted variable in a run: script (shellcheck)", `-s "$STACK" > preview.txt`, `-s $STACK > preview.txt`, "shellcheck", /SC2086/],
  ])("%s", (name, from, to, kind, message) => {
    const r = lintBroken(name.replace(/\W+/g, "-"), from, to);
    expect(r.status).toBe(1);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.kind === kind)).toBe(true);
    expect(r.findings.map((f) => f.message).join("\n")).toMatch(message);
  });
});
