// Runs the project's Pulumi CLI (scripts/pulumi-engine.sh) from scripts and tests.
import { execFile, spawn } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

export const REPO_ROOT = path.resolve(__dirname, "../..");
const ENGINE = path.join(REPO_ROOT, "scripts/pulumi-engine.sh");

export interface PulumiRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulumi <args>` and captures its output; never throws on a non-zero exit. */
export function pulumi(args: string[], env: NodeJS.ProcessEnv = {}): Promise<PulumiRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [ENGINE, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The stack's outputs as JSON. */
export async function stackOutputs(stack: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)("bash", [ENGINE, "stack", "output", "--json", "-s", stack], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}
