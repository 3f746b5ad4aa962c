// `npm run plan` against what a preview registers: the example stacks, the
// plan the script prints for a stack file, and the check that every planned
// host's resources carry its planned addresses.
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import type { AddressPlan, PlannedHost } from "../../components/addressing";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

/** Every Pulumi.<stack>.yaml of the repo, split by how the tests preview it. */
export const ENGINE_STACKS = ["cloudscale-example", "exoscale-example", "local"];
export const MOCK_STACKS = ["aws-example", "azure-example"];

/** The checked-in ones: git's list, not the directory's (tests' throwaway stacks have files there while they run). */
export function stackFiles(): string[] {
  const files = execFileSync("git", ["ls-files", "Pulumi.*.yaml"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\n");
  return files.flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []).sort();
}

/** The checked-in stack file's config, with `extra` keys (full names) laid over it. */
export function exampleConfig(stack: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const doc = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return { ...doc.config, ...extra };
}

/** The config under `dualstack:` without the namespace, as the mock harnesses take it. */
export function dualstackKeys(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).flatMap(([k, v]) => (k.startsWith("dualstack:") ? [[k.slice("dualstack:".length), v]] : [])));
}

const written: string[] = [];

/** Removes every file writeStackFile wrote (a test file's afterAll). */
export function removeStackFiles(): void {
  for (const dir of written.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes `config` as a stack file in a temp directory (for the plan script only: the engine writes a salt into it). */
export function writeStackFile(stack: string, config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dstest-plan-${stack}-`));
  written.push(dir);
  const file = path.join(dir, "stack.yaml");
  fs.writeFileSync(file, stringify({ config }));
  return file;
}

/** `npm run plan -- -s <stack> --config-file <file> --format json`, as the operator runs it. */
export async function planOf(stack: string, configFile: string): Promise<AddressPlan> {
  const { stdout } = await promisify(execFile)("npx", ["ts-node", "--transpile-only", "scripts/plan.ts", "-s", stack, "--config-file", configFile, "--format", "json"], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as AddressPlan;
}

export interface Registered {
  name: string;
  inputs: unknown;
}

export interface Expect {
  /** The roles the provider builds hosts for (load-balancer clouds build no ingress hosts). */
  roles: ("node" | "ingress")[];
  /** Whether a host's IPv6 shows in its resources' inputs at preview (not where the cloud assigns it, or in secret user data). */
  ipv6: (host: PlannedHost) => boolean;
}

const quoted = (address: string) => new RegExp(`"${address.replace(/[.]/g, "\\.")}["/]`);

/** Per planned host: its resources ("cluster-<host>", "cluster-<host>-...") carry its planned addresses. */
export function addressMismatches(plan: AddressPlan, registered: Registered[], expect: Expect): string[] {
  const hosts: PlannedHost[] = [...plan.nodes, ...plan.ingress.hosts].filter((h) => expect.roles.includes(h.role));
  const problems: string[] = [];
  for (const host of hosts) {
    const mine = registered.filter((r) => r.name === `cluster-${host.name}` || r.name.startsWith(`cluster-${host.name}-`));
    const text = JSON.stringify(mine.map((r) => r.inputs));
    if (!mine.length) problems.push(`${host.name}: no resource registered`);
    if (!quoted(host.ipv4).test(text)) problems.push(`${host.name}: planned IPv4 ${host.ipv4} is in none of its resources`);
    if (expect.ipv6(host) && !text.includes(host.ipv6)) problems.push(`${host.name}: planned IPv6 ${host.ipv6} is in none of its resources`);
  }
  return problems;
}
