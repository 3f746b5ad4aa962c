// Drives the Exoscale fixture program (test/fixtures/exoscale-stack) on the
// real engine against the fake API: its own stack (itest-exo-*), its own
// config file outside the repo (--config-file), credentials as config secrets.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { EngineStack } from "../../../scripts/lib/engine-stack";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

export const FIXTURE_DIR = path.join(REPO_ROOT, "test/fixtures/exoscale-stack");
const ENV = { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" };

export interface FixtureConfig {
  apiUrl: string;
  healthcheckUri?: string;
  adminPort?: number;
  /** Leave dualstack:exoscaleApiSecret out (to test the error). */
  withoutSecret?: boolean;
}

export class ExoscaleFixtureStack extends EngineStack {
  private savedSecret: unknown;

  constructor(stack: string) {
    super(stack, FIXTURE_DIR, ENV);
  }

  async init(config: FixtureConfig, key: string, secret: string): Promise<void> {
    const r = await this.run(["stack", "select", "--create", "--secrets-provider", "passphrase"]);
    if (r.code !== 0) throw new Error(`stack init ${this.stack} failed:\n${r.stdout}\n${r.stderr}`);
    this.writeConfig(config);
    for (const [k, v] of [["dualstack:exoscaleApiKey", key], ["dualstack:exoscaleApiSecret", secret]]) {
      const s = await this.run(["config", "set", "--secret", k, v, "--config-file", this.configFile]);
      if (s.code !== 0) throw new Error(`config set ${k} failed:\n${s.stderr}`);
    }
  }

  /** Rewrites the plain keys, keeping the secrets and the salt `config set --secret` wrote. */
  writeConfig(c: FixtureConfig): void {
    const doc = (fs.existsSync(this.configFile) ? parse(fs.readFileSync(this.configFile, "utf8")) : null) ?? {};
    const config: Record<string, unknown> = doc.config ?? {};
    if (c.withoutSecret) this.savedSecret = config["dualstack:exoscaleApiSecret"] ?? this.savedSecret;
    else if (this.savedSecret && !config["dualstack:exoscaleApiSecret"]) config["dualstack:exoscaleApiSecret"] = this.savedSecret;
    for (const k of Object.keys(config)) if (!k.startsWith("dualstack:exoscaleApi") || (c.withoutSecret && k.endsWith("Secret"))) delete config[k];
    config["dualstack:exoscale"] = { zone: "ch-gva-2", apiUrl: c.apiUrl };
    if (c.healthcheckUri) config["fixture:healthcheckUri"] = c.healthcheckUri;
    if (c.adminPort) config["fixture:adminPort"] = c.adminPort;
    fs.writeFileSync(this.configFile, stringify({ ...doc, config }));
  }

  outputs(): Promise<Record<string, unknown>> {
    return this.stackOutputs();
  }
}
