// dualstack:local:Process — a long-running process inside a lab host (demo
// app, HAProxy, keepalived), with the config files it reads. A dead process
// is drift: read reports `running: false`, and the next `up` restarts it.
// With `reload`, a change of the files alone is applied in place (a signal to
// the running daemon, checked before update returns) instead of stop + start.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import {
  launcherOf,
  logFilePath,
  nsExec,
  pidFilePath,
  processStatus,
  run,
  startDetached,
  stopProcess,
  validateProcessName,
  waitFor,
} from "../linux";
import { diffKeys, GONE } from "../../dynamic";
import { labCheckFailures } from "./check";
import { withVipsHandedOver, type ProcessHandover } from "./handover";
import { waitConfirmed, waitForLogLine, type ProcessReload } from "./reload";

export interface ProcessFile {
  /** File name inside the state dir. */
  name: string;
  content: string;
}

export interface ProcessProps {
  namespace: string;
  /** Per-host directory for config files, pid files and logs. */
  stateDir: string;
  /** Names the pid and log files, e.g. "haproxy". */
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  files: ProcessFile[];
  /** Command run inside the namespace until it exits 0, before create/update returns. */
  readyCommand?: string[];
  /** How long readyCommand may keep failing after a start (default 15 s). */
  readyTimeoutMs?: number;
  /** How the process (and its readyCommand) enter the namespace (default "netns": `ip netns exec`). */
  enter?: "netns" | "net" | "machine";
  /** Names of `files` holding keys or tokens: written mode 0600. */
  privateFiles?: string[];
  /**
   * Files (in the state dir) the daemon leaves behind and refuses to start
   * over, e.g. keepalived's own pid files after a crash ("daemon is already
   * running" while the dead pid is not yet reaped). Removed before a start;
   * a start only happens once our record says the process is gone.
   */
  staleFiles?: string[];
  /**
   * How the running daemon takes new files without a restart. Used when only
   * `files` (or readiness/reload settings) change and the process runs; a
   * change of command, args or env still restarts it.
   */
  reload?: ProcessReload;
  /** An ingress daemon: a restart of the running process first hands the VIPs to a peer (./handover.ts). */
  handover?: ProcessHandover;
  /** Always true in inputs; read reports the truth. */
  running: boolean;
}

const REPLACE = ["namespace", "stateDir", "name"] as const;
const UPDATE = ["command", "args", "env", "files", "readyCommand", "staleFiles", "reload", "handover", "running", "enter", "privateFiles", "readyTimeoutMs"] as const;
/** What a restart needs to apply; anything else in UPDATE a reload applies. */
const RESTART = ["command", "args", "env", "running", "enter"] as const;
const READY_TIMEOUT_MS = 15_000;

async function writeFiles(p: ProcessProps): Promise<void> {
  await fs.mkdir(p.stateDir, { recursive: true, mode: 0o750 });
  for (const file of p.files) {
    // Write-then-rename: a daemon rereading its file never sees half of it.
    const target = path.join(p.stateDir, file.name);
    const mode = p.privateFiles?.includes(file.name) ? 0o600 : 0o640;
    await fs.rm(`${target}.new`, { force: true }); // mode applies to new files only
    await fs.writeFile(`${target}.new`, file.content, { mode });
    await fs.rename(`${target}.new`, target);
  }
}

async function waitReady(p: ProcessProps): Promise<void> {
  if (!p.readyCommand) return;
  const [cmd, ...args] = p.readyCommand;
  await waitFor(
    async () => {
      const [launcher, ...rest] = [...launcherOf(p.enter ?? "netns", p.namespace), cmd, ...args];
      await run(launcher, rest, { timeoutMs: 2_000 });
      return true;
    },
    { timeoutMs: p.readyTimeoutMs ?? READY_TIMEOUT_MS, intervalMs: 100, description: `${p.name} in ${p.namespace} to be ready` },
  );
}

async function start(p: ProcessProps): Promise<ProcessProps & { pid: number }> {
  await writeFiles(p);
  for (const stale of p.staleFiles ?? []) await fs.rm(path.join(p.stateDir, path.basename(stale)), { force: true });
  const record = await startDetached({
    ns: p.namespace,
    enter: p.enter,
    name: p.name,
    command: p.command,
    args: p.args,
    env: p.env,
    stateDir: p.stateDir,
    cwd: p.stateDir,
  });
  await waitReady(p);
  return { ...p, pid: record.pid };
}

/** True when going from `olds` to `news` needs no restart: same command line and environment. */
export function reloadable(olds: ProcessProps, news: ProcessProps): news is ProcessProps & { reload: ProcessReload } {
  return news.reload !== undefined && RESTART.every((k) => JSON.stringify(olds[k]) === JSON.stringify(news[k]));
}

/**
 * Applies new files to the running daemon: writes them, validates them, sends
 * the reload signal to the recorded pid, waits for the daemon's "done" log
 * line and its confirmation of the new config, then for readiness.
 */
async function reload(olds: ProcessProps, news: ProcessProps & { reload: ProcessReload }, pid: number): Promise<ProcessProps & { pid: number }> {
  const r = news.reload;
  const previous = await Promise.all(olds.files.map(async (f) => ({ ...f, content: await fs.readFile(path.join(olds.stateDir, f.name), "utf8").catch(() => f.content) })));
  await writeFiles(news);
  if (r.validate) {
    const [cmd, ...args] = r.validate;
    try {
      await nsExec(news.namespace, cmd, args, { timeoutMs: 10_000 });
    } catch (err) {
      await writeFiles({ ...news, files: previous }); // the daemon keeps running on its old files
      throw new Error(`${news.name}: new config refused, not reloaded: ${(err as Error).message}`);
    }
  }
  const kept = new Set(news.files.map((f) => f.name));
  await Promise.all(olds.files.filter((f) => !kept.has(f.name)).map((f) => fs.rm(path.join(olds.stateDir, f.name), { force: true })));
  const log = logFilePath(news.stateDir, news.name);
  const from = (await fs.stat(log).catch(() => ({ size: 0 }))).size;
  await fs.appendFile(log, `--- ${new Date().toISOString()} reload (${r.signal})\n`);
  process.kill(pid, r.signal);
  await waitForLogLine(log, from, r.doneLog, r.failedLog);
  if (r.confirm) await waitConfirmed(r.confirm, pid, `${news.name} in ${news.namespace}`);
  await waitReady(news);
  return { ...news, pid };
}

async function stopAndClean(p: ProcessProps): Promise<void> {
  await stopProcess(p.stateDir, p.name);
  const ours = [...p.files.map((f) => path.join(p.stateDir, f.name)), pidFilePath(p.stateDir, p.name)];
  await Promise.all(ours.map((f) => fs.rm(f, { force: true })));
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news: ProcessProps) {
    return { inputs: news, failures: labCheckFailures(news, ["stateDir"], { name: () => validateProcessName(news.name) }) };
  },

  async diff(_id, olds: ProcessProps, news: ProcessProps) {
    return diffKeys({ ...olds }, { ...news }, { replace: REPLACE, update: UPDATE });
  },

  async create(inputs: ProcessProps) {
    const outs = await start(inputs);
    return { id: `${inputs.namespace}/${inputs.name}`, outs };
  },

  async read(id, props: ProcessProps) {
    let status;
    try {
      status = await processStatus(props.stateDir, props.name);
    } catch {
      return GONE;
    }
    if (!status.running && !(await exists(pidFilePath(props.stateDir, props.name)))) return GONE;
    // Inputs too, so a later preview shows the drift as `running: false => true`.
    const { pid: _pid, ...inputs } = { ...props, running: status.running } as ProcessProps & { pid?: number };
    return { id, props: { ...inputs, pid: status.pid ?? 0 }, inputs };
  },

  async update(_id, olds: ProcessProps, news: ProcessProps) {
    const status = await processStatus(olds.stateDir, olds.name);
    if (reloadable(olds, news) && status.running && status.pid !== undefined) return { outs: await reload(olds, news, status.pid) };
    const restart = async () => {
      await stopAndClean(olds);
      return { outs: await start(news) };
    };
    // A dead daemon (drift) has nothing to hand over.
    return news.handover && status.running ? withVipsHandedOver(news.namespace, news.handover, restart) : restart();
  },

  async delete(_id, props: ProcessProps) {
    await stopAndClean(props);
    await fs.rm(logFilePath(props.stateDir, props.name), { force: true });
  },
};

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
