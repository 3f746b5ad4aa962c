// Drives the MAIN project (repo root, stacks/exoscale.ts) on the real engine
// against the fake Exoscale API: its own stack (itest-exostack-*), its own
// config file outside the repo (--config-file), credentials as config
// secrets set with `pulumi config set --secret`, as an operator would.
// The engine runs come from EngineStack (scripts/lib/engine-stack.ts), as in
// test/integration/exoscale/exoscale-stack.ts; this one runs the project.
import * as fs from "node:fs";
import { parse, stringify } from "yaml";
import { EngineStack } from "../../../scripts/lib/engine-stack";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

const ENV = { PULUMI_CONFIG_PASSPHRASE: "dualstack-itest-exostack" };
const SECRET_KEYS = ["dualstack:exoscaleApiKey", "dualstack:exoscaleApiSecret", "dualstack:k3sToken"] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

/** Plain `dualstack:*` keys, by their key without the namespace. */
export type PlainConfig = Record<string, unknown>;

export class MainExoscaleStack extends EngineStack {
  private readonly savedSecrets = new Map<SecretKey, unknown>();

  constructor(stack: string) {
    super(stack, REPO_ROOT, ENV);
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

  /**
   * A preview with `base` changed by `change` and the secrets in `without`
   * left out; `base` is written back whatever happens.
   */
  async previewWith(base: PlainConfig, change: PlainConfig, without: readonly SecretKey[] = []): Promise<{ code: number; text: string }> {
    this.writeConfig({ ...base, ...change }, without);
    try {
      const run = await this.preview();
      return { code: run.code, text: run.stdout + run.stderr };
    } finally {
      this.writeConfig(base);
    }
  }

  outputs(): Promise<Record<string, unknown>> {
    return this.stackOutputs();
  }
}
