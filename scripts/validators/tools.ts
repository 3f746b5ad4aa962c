// Real validators for rendered node configuration, for tests and by hand:
//
//   npx ts-node --transpile-only scripts/validators/tools.ts cloud-init FILE...
//   npx ts-node --transpile-only scripts/validators/tools.ts daemon-json FILE...
//
//   cloud-init   `cloud-init schema --config-file F` (Debian's cloud-init 22.4)
//   daemon-json  `dockerd --validate --config-file F` (Engine 28.5.2, built once
//                from its Go module by scripts/validators/dockerd.sh)
//
// GitHub workflows are linted by actionlint (v1.7.12, built once from its Go
// module by scripts/validators/actionlint.sh; run it directly). The cloud
// fakes are checked against the clouds' Go SDKs by the conformance suite
// (test/conformance, built by scripts/validators/conformance.sh).
//
// k3s has no validator binary here; its config is checked by checkK3sConfig
// (components/runtime/kubernetes/k3s-config-check.ts).
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

export const REPO = resolve(__dirname, "../..");
export const CLOUD_INIT = process.env.CLOUD_INIT_BIN ?? "/usr/bin/cloud-init";

export interface ToolResult {
  status: number | null;
  output: string;
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): ToolResult {
  const r = spawnSync(command, args, { encoding: "utf8", env: env ?? process.env, timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * `cloud-init schema --config-file F`: exit 0 and "Valid cloud-config: F" when
 * valid. 22.4 checks module keys and value types, and the "#cloud-config"
 * header; it does not reject unknown top-level keys.
 */
export function cloudInitSchema(file: string): ToolResult {
  return run(CLOUD_INIT, ["schema", "--config-file", file]);
}

/** The dockerd bin dir (dockerd, docker-proxy): $DOCKERD_BIN_DIR, or built once into the cache (minutes the first time). */
export function ensureDockerd(): string {
  if (process.env.DOCKERD_BIN_DIR) return process.env.DOCKERD_BIN_DIR;
  const r = run("bash", [join(REPO, "scripts/validators/dockerd.sh"), "--ensure"]);
  if (r.status !== 0) throw new Error(`scripts/validators/dockerd.sh --ensure failed:\n${r.output}`);
  return r.output.trim().split("\n").pop()!;
}

/**
 * `dockerd --validate --config-file F`: loads F as the daemon would at start
 * (unknown keys, JSON types, CIDR syntax, fixed-cidr-v6), starts nothing, and
 * prints "configuration OK". docker-proxy must be on PATH: userland-proxy is
 * on by default and dockerd checks its binary exists.
 */
export function dockerdValidate(binDir: string, file: string): ToolResult {
  return run(join(binDir, "dockerd"), ["--validate", "--config-file", file], { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ""}` });
}

/** The actionlint bin dir: $ACTIONLINT_BIN_DIR, or built once into the cache (seconds to a minute the first time). */
export function ensureActionlint(): string {
  if (process.env.ACTIONLINT_BIN_DIR) return process.env.ACTIONLINT_BIN_DIR;
  const r = run("bash", [join(REPO, "scripts/validators/actionlint.sh"), "--ensure"]);
  if (r.status !== 0) throw new Error(`scripts/validators/actionlint.sh --ensure failed:\n${r.output}`);
  return r.output.trim().split("\n").pop()!;
}

/**
 * The conformance suite's bin dir (`conformance`, `egoscale-routes.json`):
 * $CONFORMANCE_BIN_DIR, or built once into the cache by
 * scripts/validators/conformance.sh (about a minute the first time).
 */
export function ensureConformance(): string {
  if (process.env.CONFORMANCE_BIN_DIR) return process.env.CONFORMANCE_BIN_DIR;
  const r = spawnSync("bash", [join(REPO, "scripts/validators/conformance.sh"), "--ensure"], { encoding: "utf8", timeout: 15 * 60_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`scripts/validators/conformance.sh --ensure failed:\n${r.stdout}${r.stderr}`);
  return r.stdout.trim().split("\n").pop()!;
}

/** One actionlint finding (its `-format '{{json .}}'` output). */
export interface ActionlintFinding {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

/**
 * `actionlint -format '{{json .}}' FILE...`: exit 0 and no findings when
 * clean, exit 1 with the findings otherwise (2 and 3: bad usage, fatal). Its
 * shellcheck rule runs only when `shellcheck` is on PATH.
 */
export function actionlint(binDir: string, files: string[]): ToolResult & { findings: ActionlintFinding[] } {
  const r = spawnSync(join(binDir, "actionlint"), ["-no-color", "-format", "{{json .}}", ...files], { encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`actionlint failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return { status: r.status, output: `${r.stdout}${r.stderr}`, findings: JSON.parse(r.stdout || "[]") as ActionlintFinding[] };
}

/** Parses YAML with PyYAML (cloud-init's parser: YAML 1.1) and returns the data. */
export function pyYamlLoad(text: string): unknown {
  const script = "import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin.read()), sys.stdout)";
  const r = spawnSync("python3", ["-c", script], { input: text, encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`PyYAML failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function main(argv: string[]): number {
  const [what, ...files] = argv;
  if ((what !== "cloud-init" && what !== "daemon-json") || files.length === 0) {
    console.error("usage: tools.ts cloud-init|daemon-json FILE...");
    return 2;
  }
  const check = what === "cloud-init" ? cloudInitSchema : ((bin) => (file: string) => dockerdValidate(bin, file))(ensureDockerd());
  let failed = 0;
  for (const file of files) {
    const r = check(file);
    process.stdout.write(r.output.endsWith("\n") ? r.output : `${r.output}\n`);
    if (r.status !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
