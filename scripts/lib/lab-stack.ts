// Drives a throwaway lab stack on the real engine, for integration tests and
// benchmarks: its own stack name (so it never touches the user's `local`
// stack) and its own config file outside the repo (--config-file).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import type { AddressPlan } from "../../components/addressing";
import { pulumi, PulumiRun } from "./pulumi-cli";

export interface LabStackOptions {
  /** Stack name; also names the lab's namespaces (ds-<stack>-...). */
  stack: string;
  nodes?: number;
  ingress?: number;
  ipv4Supernet?: string;
  ipv6Prefix?: string;
  advertIntervalSeconds?: number;
  /** Extra `dualstack:*` keys, merged over the defaults. */
  extra?: Record<string, unknown>;
}

export interface LabOutputs {
  addressPlan: AddressPlan;
  clientNamespace: string;
  switchNamespace: string;
  endpoints: { ipv4: string; ipv6: string };
}

export class LabStack {
  readonly stack: string;
  readonly configFile: string;

  constructor(readonly options: LabStackOptions) {
    this.stack = options.stack;
    this.configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `dualstack-${options.stack}-`)), "stack.yaml");
    this.writeConfig(options);
  }

  writeConfig(options: LabStackOptions): void {
    const config: Record<string, unknown> = {
      "dualstack:provider": "local",
      "dualstack:network": {
        ipv4Supernet: options.ipv4Supernet ?? "10.88.0.0/16",
        ...(options.ipv6Prefix ? { ipv6Prefix: options.ipv6Prefix } : {}),
        zones: ["lab"],
        tiers: { ingress: "lab", nodes: "lab" },
      },
      "dualstack:nodes": { count: options.nodes ?? 3 },
      "dualstack:ingress": { count: options.ingress ?? 2 },
      "dualstack:local": { advertIntervalSeconds: options.advertIntervalSeconds ?? 0.1 },
    };
    for (const [k, v] of Object.entries(options.extra ?? {})) config[`dualstack:${k}`] = v;
    fs.writeFileSync(this.configFile, stringify({ config }));
  }

  private run(args: string[], env?: NodeJS.ProcessEnv): Promise<PulumiRun> {
    return pulumi([...args, "-s", this.stack, "--non-interactive"], env);
  }

  /** Creates the stack in the backend if missing, without changing the user's selected stack. */
  async init(): Promise<void> {
    const env = { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" };
    const r = await pulumi(["stack", "init", this.stack, "--no-select", "--secrets-provider", "passphrase", "--non-interactive"], env);
    if (r.code !== 0 && !/already exists/.test(r.stdout + r.stderr)) {
      throw new Error(`stack init ${this.stack} failed:\n${r.stdout}\n${r.stderr}`);
    }
  }

  private env(): NodeJS.ProcessEnv {
    return { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" };
  }

  up(extraArgs: string[] = []): Promise<PulumiRun> {
    return this.run(["up", "--yes", "--skip-preview", "--config-file", this.configFile, ...extraArgs], this.env());
  }

  preview(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<PulumiRun> {
    return this.run(["preview", "--config-file", this.configFile, ...extraArgs], { ...this.env(), ...env });
  }

  refresh(): Promise<PulumiRun> {
    return this.run(["refresh", "--yes", "--skip-preview", "--config-file", this.configFile], this.env());
  }

  destroy(): Promise<PulumiRun> {
    return this.run(["destroy", "--yes", "--skip-preview", "--config-file", this.configFile], this.env());
  }

  /** Removes the stack from the backend and the temp config (after destroy). */
  async remove(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force"], this.env());
    fs.rmSync(path.dirname(this.configFile), { recursive: true, force: true });
  }

  async outputs(): Promise<LabOutputs> {
    const r = await this.run(["stack", "output", "--json"], this.env());
    if (r.code !== 0) throw new Error(`stack output failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as LabOutputs;
  }
}

/** Throws with the engine's output when a run failed. */
export function expectOk(run: PulumiRun, what: string): PulumiRun {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  return run;
}
