// Drives the MAIN project (repo root, stacks/exoscale.ts) on the real engine
// against the fake Exoscale API: its own stack (itest-exostack-*), its own
// config file outside the repo (--config-file), credentials as config
// secrets set with `pulumi config set --secret`, as an operator would.
//
// Same approach as test/integration/exoscale/exoscale-stack.ts, whose helper
// is bound to the fixture program's directory; this one runs the project.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { pulumi, PulumiRun, REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

const ENV = { PULUMI_CONFIG_PASSPHRASE: "dualstack-itest-exostack" };
const SECRET_KEYS = ["dualstack:exoscaleApiKey", "dualstack:exoscaleApiSecret", "dualstack:k3sToken"] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

/** Plain `dualstack:*` keys, by their key without the namespace. */
export type PlainConfig = Record<string, unknown>;

export class MainExoscaleStack {
  readonly configFile: string;
  private readonly savedSecrets = new Map<SecretKey, unknown>();

  constructor(readonly stack: string) {
    this.configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `dualstack-${stack}-`)), "stack.yaml");
  }

  private run(args: string[]): Promise<PulumiRun> {
    return pulumi([...args, "-C", REPO_ROOT, "-s", this.stack, "--non-interactive"], ENV);
  }

  async init(config: PlainConfig, key: string, secret: string): Promise<void> {
    const r = await this.run(["stack", "select", "--create", "--secrets-provider", "passphrase"]);
    if (r.code !== 0) throw new Error(`stack init ${this.stack} failed:\n${r.stdout}\n${r.stderr}`);
    this.writeConfig(config);
    await this.setSecret(SECRET_KEYS[0], key);
    await this.setSecret(SECRET_KEYS[1], secret);
  }

  /** `pulumi config set --secret`, as an operator sets it (the value encrypted in the config file). */
  async setSecret(k: SecretKey, value: string): Promise<void> {
    const s = await this.run(["config", "set", "--secret", k, value, "--config-file", this.configFile]);
    if (s.code !== 0) throw new Error(`config set ${k} failed:\n${s.stderr}`);
  }

  /**
   * Replaces the plain keys, keeping the encrypted secrets and the salt
   * `config set --secret` wrote; secret keys listed in `without` are left out
   * (kept here, and back with the next call that does not list them).
   */
  writeConfig(plain: PlainConfig, without: readonly SecretKey[] = []): void {
    const doc = (fs.existsSync(this.configFile) ? parse(fs.readFileSync(this.configFile, "utf8")) : null) ?? {};
    const old: Record<string, unknown> = doc.config ?? {};
    const config: Record<string, unknown> = {};
    for (const k of SECRET_KEYS) {
      const value = old[k] ?? this.savedSecrets.get(k);
      if (value === undefined) continue;
      this.savedSecrets.set(k, value);
      if (!without.includes(k)) config[k] = value;
    }
    for (const [k, v] of Object.entries(plain)) config[`dualstack:${k}`] = v;
    fs.writeFileSync(this.configFile, stringify({ ...doc, config }));
  }

  up(extra: string[] = []): Promise<PulumiRun> {
    return this.run(["up", "--yes", "--skip-preview", "--config-file", this.configFile, ...extra]);
  }

  preview(extra: string[] = []): Promise<PulumiRun> {
    return this.run(["preview", "--config-file", this.configFile, ...extra]);
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

  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.run(["stack", "output", "--json"]);
    if (r.code !== 0) throw new Error(`stack output failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  async remove(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force"]);
    fs.rmSync(path.dirname(this.configFile), { recursive: true, force: true });
  }
}
