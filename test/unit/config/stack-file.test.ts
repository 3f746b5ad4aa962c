// The wrapper's check of the stack YAML (scripts/lib/stack-file.js): a syntax
// error names the file, line and column, nothing runs; a lab stack is told
// apart by its provider, so it gets the lab's passphrase default.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../../..");
const SCRIPT = path.join(REPO, "scripts/lib/stack-file.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-stack-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: dualstack\nruntime: nodejs\n");

function check(stack: string, yaml: string) {
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
  const run = spawnSync("node", [SCRIPT, dir, stack], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
}

const LAB = ["config:", "  dualstack:provider: local", "  dualstack:network:", "    ipv4Supernet: 10.77.0.0/16", "  dualstack:nodes:", "    count: 3"];

describe("stack file check", () => {
  it("prints the provider of a well-formed file", () => {
    expect(check("lab2", LAB.join("\n"))).toEqual({ code: 0, stdout: "local", stderr: "" });
    expect(check("cs", "config:\n  dualstack:provider: cloudscale\n").stdout).toBe("cloudscale");
    expect(check("none", "config: {}\n").stdout).toBe("");
  });

  it.each([
    ["a key indented one space too far on line 7", [...LAB, "   ingress: 2"], /^(\/.*\/)?Pulumi\.bad\.yaml:7:1: .*\(line 7: " {3}ingress: 2"\)/m],
    ["an unclosed flow map (where it should have ended)", ["config:", "  dualstack:provider: local", "  dualstack:network: {ipv4Supernet: 10.77.0.0/16", "  dualstack:nodes:", "    count: 3"], /^(\/.*\/)?Pulumi\.bad\.yaml:4:3: Flow map .* end with a \}/m],
    ["a tab on line 2", ["config:", "\tdualstack:provider: local"], /^(\/.*\/)?Pulumi\.bad\.yaml:2:1: Tabs are not allowed as indentation/m],
    ["a key given twice", [...LAB, "  dualstack:nodes:", "    count: 4"], /^(\/.*\/)?Pulumi\.bad\.yaml:7:3: Map keys must be unique \(line 7: " {2}dualstack:nodes:"\)/m],
  ])("names the file, line and column for %s", (_what, lines, message) => {
    const run = check("bad", lines.join("\n") + "\n");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("nothing was run");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
