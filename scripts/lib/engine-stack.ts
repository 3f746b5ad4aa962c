// A throwaway stack on the real engine, as the integration tests and benches
// drive it: one program directory, its own stack name, and its config in a
// file outside the repo (--config-file), so the user's stacks and selected
// stack are never touched. Subclasses know how to write their config.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumi, PulumiRun, REPO_ROOT } from "./pulumi-cli";

/** The passphrase of test and bench stacks (they hold no real secrets). */
export const TEST_PASSPHRASE_ENV = { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" };

export class EngineStack {
  readonly configFile: string;

  constructor(
    readonly stack: string,
    /** The Pulumi program: the repo root, or a test fixture's directory. */
    readonly dir: string = REPO_ROOT,
    protected readonly env: NodeJS.ProcessEnv = TEST_PASSPHRASE_ENV,
  ) {
    this.configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `dualstack-${stack}-`)), "stack.yaml");
  }

  run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<PulumiRun> {
    return pulumi([...args, "--cwd", this.dir, "-s", this.stack, "--non-interactive"], { ...this.env, ...env });
  }

  /** Creates the stack in the backend if missing, without selecting it. */
  async createStack(): Promise<void> {
    const r = await this.run(["stack", "init", "--no-select", "--secrets-provider", "passphrase"]);
    if (r.code !== 0 && !/already exists/.test(r.stdout + r.stderr)) {
      throw new Error(`stack init ${this.stack} failed:\n${r.stdout}\n${r.stderr}`);
    }
  }

  up(extra: string[] = []): Promise<PulumiRun> {
    return this.run(["up", "--yes", "--skip-preview", "--config-file", this.configFile, ...extra]);
  }

  preview(extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<PulumiRun> {
    return this.run(["preview", "--config-file", this.configFile, ...extra], env);
  }

  refresh(): Promise<PulumiRun> {
    return this.run(["refresh", "--yes", "--skip-preview", "--config-file", this.configFile]);
  }

  destroy(): Promise<PulumiRun> {
    return this.run(["destroy", "--yes", "--skip-preview", "--config-file", this.configFile]);
  }

  /** The raw checkpoint, as the backend stores it. */
  async exportState(): Promise<string> {
    const r = await this.run(["stack", "export"]);
    if (r.code !== 0) throw new Error(`stack export failed: ${r.stderr}`);
    return r.stdout;
  }

  async stackOutputs<T = Record<string, unknown>>(): Promise<T> {
    const r = await this.run(["stack", "output", "--json"]);
    if (r.code !== 0) throw new Error(`stack output failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  /** Removes the stack from the backend and the temp config (after destroy). */
  async remove(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force"]);
    fs.rmSync(path.dirname(this.configFile), { recursive: true, force: true });
  }
}

/** Throws with the tail of the engine's output when a run failed; returns the run otherwise. */
export function expectOk(run: PulumiRun, what: string): PulumiRun {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.stdout.slice(-5000)}\n${run.stderr.slice(-3000)}`);
  return run;
}
