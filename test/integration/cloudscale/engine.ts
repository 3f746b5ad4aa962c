// Drives a fixture program on the real engine for the cloudscale tests: a
// throwaway stack (itest-cs-*), config outside the repo (--config-file), the
// token set as a config secret, the fake API URL in dualstack:cloudscale.
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { EngineStack } from "../../../scripts/lib/engine-stack";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

export const PASSPHRASE_ENV = { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab", PULUMI_NODEJS_TRANSPILE_ONLY: "true" };

export class FixtureStack extends EngineStack {
  constructor(fixture: string, stack: string) {
    super(stack, path.join(REPO_ROOT, "test/fixtures", fixture), PASSPHRASE_ENV);
  }

  async init(config: Record<string, unknown>, token?: string): Promise<void> {
    const r = await this.run(["stack", "select", "--create", "--secrets-provider", "passphrase"]);
    if (r.code !== 0) throw new Error(`stack init ${this.stack} failed:\n${r.stdout}\n${r.stderr}`);
    await this.writeConfig(config, token);
  }

  /** Rewrites the plain config; the token goes in as a secret through the CLI. */
  async writeConfig(config: Record<string, unknown>, token?: string): Promise<void> {
    const old = fs.existsSync(this.configFile) ? fs.readFileSync(this.configFile, "utf8") : "";
    const secret = /dualstack:cloudscaleToken:\n\s+secure: \S+/.exec(old)?.[0];
    const salt = /encryptionsalt: \S+/.exec(old)?.[0];
    fs.writeFileSync(this.configFile, stringify({ config }) + (salt ? `${salt}\n` : ""));
    if (token !== undefined) {
      const r = await this.run(["config", "set", "--secret", "dualstack:cloudscaleToken", token, "--config-file", this.configFile]);
      if (r.code !== 0) throw new Error(`config set failed: ${r.stderr}`);
    } else if (secret) {
      fs.writeFileSync(this.configFile, fs.readFileSync(this.configFile, "utf8").replace(/^config:\n/, `config:\n  ${secret}\n`));
    }
  }

  outputs(): Promise<Record<string, unknown>> {
    return this.stackOutputs();
  }
  /** The stack's state as the backend stores it (file backend under .pulumi-state). */
  rawState(): string {
    const file = path.join(REPO_ROOT, ".pulumi-state/.pulumi/stacks", "dualstack-fixture-" + path.basename(this.dir), `${this.stack}.json`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  }
}
