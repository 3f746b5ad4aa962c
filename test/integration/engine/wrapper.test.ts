// The wrapper (scripts/pulumi-engine.sh) before the CLI: a YAML syntax error
// in the stack's file stops it with file and line; a lab stack other than
// `local` (its file says dualstack:provider local) gets the lab's passphrase.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../../..");
const LAB = ["config:", "  dualstack:provider: local", "  dualstack:network:", "    ipv4Supernet: 10.77.0.0/16", "  dualstack:nodes:", "    count: 3"];

describe("the wrapper (scripts/pulumi-engine.sh)", () => {
  it("stops before the CLI on a syntax error in the stack's file", () => {
    const file = path.join(REPO, "Pulumi.ut-yaml-syntax.yaml");
    fs.writeFileSync(file, [...LAB, "   ingress: 2"].join("\n"));
    try {
      // --bin-dir would return before the check; a real command with an unknown stack shows the check runs first.
      const run = spawnSync("bash", [path.join(REPO, "scripts/pulumi-engine.sh"), "preview", "-s", "ut-yaml-syntax"], { cwd: REPO, encoding: "utf8" });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^Pulumi\.ut-yaml-syntax\.yaml:7:1: /m);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it("gives a second lab stack (dualstack:provider local) the lab's passphrase, as `local` has", () => {
    const stack = "ut-lab2-passphrase";
    const file = path.join(REPO, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, LAB.join("\n") + "\n");
    const { PULUMI_CONFIG_PASSPHRASE: _p, PULUMI_CONFIG_PASSPHRASE_FILE: _f, ...env } = process.env;
    const pulumi = (...args: string[]) => spawnSync("bash", [path.join(REPO, "scripts/pulumi-engine.sh"), ...args, "--non-interactive"], { cwd: REPO, env, encoding: "utf8" });
    try {
      const init = pulumi("stack", "init", stack, "--secrets-provider", "passphrase");
      expect(init.stderr).not.toMatch(/passphrase must be set/);
      expect(init.status).toBe(0);
      const secret = pulumi("config", "set", "--secret", "dualstack:k3sToken", "not-a-real-token", "-s", stack);
      expect(secret.stderr).not.toMatch(/passphrase must be set/);
      expect(secret.status).toBe(0);
    } finally {
      pulumi("stack", "rm", stack, "--yes", "--force");
      fs.rmSync(file, { force: true });
    }
  }, 60_000);
});
