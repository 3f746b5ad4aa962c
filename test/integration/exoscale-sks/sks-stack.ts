// Drives the SKS fixture program (test/fixtures/exoscale-sks) on the real
// engine against the fake API: its own stack (itest-exosks-*), its own config
// file outside the repo (--config-file), credentials as config secrets set
// with `pulumi config set --secret`, as test/integration/exoscale/exoscale-stack.ts does.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { EngineStack } from "../../../scripts/lib/engine-stack";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

export const FIXTURE_DIR = path.join(REPO_ROOT, "test/fixtures/exoscale-sks");
const ENV = { PULUMI_CONFIG_PASSPHRASE: "dualstack-itest-exosks" };
const SECRET_KEYS = ["dualstack:exoscaleApiKey", "dualstack:exoscaleApiSecret"];

export interface SksFixtureConfig {
  apiUrl: string;
  nodeCount: number;
  cni?: "calico" | "cilium";
}

export interface SksFixtureOutputs {
  name: string;
  clusterId: string;
  nodepoolId: string;
  instancePoolId: string;
  securityGroupId: string;
  antiAffinityGroupIds: string[];
  networking: { clusterCidr: string; serviceClusterIpRange: string };
  elasticIpsOnPool: string[];
  eipAddresses: { ipv4: { id: string; ip: string }; ipv6: { id: string; ip: string } };
}

export class SksFixtureStack extends EngineStack {
  constructor(stack: string) {
    super(stack, FIXTURE_DIR, ENV);
  }

  async init(config: SksFixtureConfig, key: string, secret: string): Promise<void> {
    const r = await this.run(["stack", "select", "--create", "--secrets-provider", "passphrase"]);
    if (r.code !== 0) throw new Error(`stack init ${this.stack} failed:\n${r.stdout}\n${r.stderr}`);
    this.writeConfig(config);
    for (const [k, v] of [[SECRET_KEYS[0], key], [SECRET_KEYS[1], secret]]) {
      const s = await this.run(["config", "set", "--secret", k, v, "--config-file", this.configFile]);
      if (s.code !== 0) throw new Error(`config set ${k} failed:\n${s.stderr}`);
    }
  }

  /** Rewrites the plain keys, keeping the secrets and the salt `config set --secret` wrote. */
  writeConfig(c: SksFixtureConfig): void {
    const doc = (fs.existsSync(this.configFile) ? parse(fs.readFileSync(this.configFile, "utf8")) : null) ?? {};
    const old: Record<string, unknown> = doc.config ?? {};
    const config: Record<string, unknown> = Object.fromEntries(Object.entries(old).filter(([k]) => SECRET_KEYS.includes(k)));
    config["dualstack:exoscale"] = { zone: "ch-gva-2", apiUrl: c.apiUrl };
    config["fixture:nodes"] = { count: c.nodeCount };
    if (c.cni) config["fixture:cni"] = c.cni;
    fs.writeFileSync(this.configFile, stringify({ ...doc, config }));
  }

  outputs(): Promise<SksFixtureOutputs> {
    return this.stackOutputs<SksFixtureOutputs>();
  }
}
