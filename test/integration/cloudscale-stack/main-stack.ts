// Drives the MAIN project (repo root) as a throwaway cloudscale stack:
// FixtureStack's runs (passphrase, transpile-only, --config-file outside the
// repo), created without selecting it (the user's selected stack stays), with
// any number of config secrets kept across rewrites of the plain config.
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { parse, stringify } from "yaml";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";
import { FixtureStack } from "../cloudscale/engine";

const PROJECT = "dualstack";
/** The file backend scripts/pulumi-engine.sh uses unless PULUMI_BACKEND_URL says otherwise. */
const BACKEND = path.join(REPO_ROOT, ".pulumi-state/.pulumi");

export class MainProjectStack extends FixtureStack {
  constructor(stack: string) {
    // FixtureStack resolves its directory under test/fixtures: "../.." is the repo root.
    super("../..", stack);
    if (this.dir !== REPO_ROOT) throw new Error(`MainProjectStack: expected the repo root, got ${this.dir}`);
  }

  /** Creates the stack without selecting it, writes the plain config and sets the secrets. */
  async create(config: Record<string, unknown>, secrets: Record<string, string>): Promise<void> {
    // run() adds `-s <stack>`: init takes the name from there.
    const r = await this.run(["stack", "init", "--no-select", "--secrets-provider", "passphrase"]);
    if (r.code !== 0 && !/already exists/.test(r.stdout + r.stderr)) throw new Error(`stack init ${this.stack} failed:\n${r.stdout}\n${r.stderr}`);
    await this.setConfig(config, secrets);
  }

  /**
   * Replaces the plain `config` keys; secrets already set stay unless listed in
   * `drop`; `secrets` are (re)set through `config set --secret`.
   */
  async setConfig(config: Record<string, unknown>, secrets: Record<string, string> = {}, drop: string[] = []): Promise<void> {
    const old = (fs.existsSync(this.configFile) ? parse(fs.readFileSync(this.configFile, "utf8")) : null) ?? {};
    const kept = Object.entries((old.config ?? {}) as Record<string, unknown>).filter(
      ([k, v]) => v !== null && typeof v === "object" && "secure" in v && !drop.includes(k),
    );
    fs.writeFileSync(this.configFile, stringify({ ...old, config: { ...config, ...Object.fromEntries(kept) } }));
    for (const [key, value] of Object.entries(secrets)) {
      const r = await this.run(["config", "set", "--secret", key, value, "--config-file", this.configFile]);
      if (r.code !== 0) throw new Error(`config set ${key} failed:\n${r.stderr}`);
    }
  }

  /** `pulumi stack export`: the checkpoint, secrets as ciphertext. */
  async exportState(): Promise<string> {
    const r = await this.run(["stack", "export"]);
    if (r.code !== 0) throw new Error(`stack export failed:\n${r.stderr}`);
    return r.stdout;
  }

  /** The state file as the file backend stores it. */
  rawState(): string {
    const file = path.join(BACKEND, "stacks", PROJECT, `${this.stack}.json`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  }

  /** Every file the backend keeps of this stack (state, .bak, history, backups), by path. */
  backendFiles(): Map<string, string> {
    const files = new Map<string, string>();
    const stacks = path.join(BACKEND, "stacks", PROJECT);
    for (const f of fs.existsSync(stacks) ? fs.readdirSync(stacks) : []) {
      if (f.startsWith(`${this.stack}.json`)) files.set(path.join(stacks, f), readText(path.join(stacks, f)));
    }
    for (const dir of this.historyDirs()) {
      for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) files.set(path.join(dir, f), readText(path.join(dir, f)));
    }
    return files;
  }

  /** `stack rm`, then what the file backend keeps of a removed stack: a throwaway stack leaves nothing. */
  async remove(): Promise<void> {
    await super.remove();
    for (const dir of this.historyDirs()) fs.rmSync(dir, { recursive: true, force: true });
    for (const f of fs.readdirSync(path.join(BACKEND, "stacks", PROJECT))) {
      if (f.startsWith(`${this.stack}.json`)) fs.rmSync(path.join(BACKEND, "stacks", PROJECT, f), { force: true });
    }
  }

  private historyDirs(): string[] {
    return ["history", "backups"].map((kind) => path.join(BACKEND, kind, PROJECT, this.stack));
  }
}

/** A backend file's text; the backend may gzip checkpoints. */
function readText(file: string): string {
  const data = fs.readFileSync(file);
  return (file.endsWith(".gz") ? gunzipSync(data) : data).toString("utf8");
}
