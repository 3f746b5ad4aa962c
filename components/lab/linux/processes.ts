// Long-running processes inside a namespace (demo app, haproxy, keepalived),
// tracked by pid files that outlive the Pulumi provider process. A pid file
// records the kernel start time of the process too, so a recycled pid is
// never mistaken for ours (and never signalled).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { validateNamespaceName, validateProcessName } from "./names";
import { namespaceExists } from "./netns";
import { sleep, waitFor } from "./wait";

/** What `<stateDir>/<name>.pid` holds (JSON). */
export interface PidRecord {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
  startTime: number;
  command: string;
  args: string[];
  ns: string;
  /** ISO timestamp, for humans reading the state dir. */
  startedAt: string;
}

export interface StartOptions {
  /** Namespace to run in. */
  ns: string;
  /**
   * How to enter it: "netns" (`ip netns exec`, the default) also gives the
   * process a fresh /sys; "net" (`nsenter --net`) enters only the network
   * namespace, so the machine's cgroup mounts stay visible (dockerd needs them);
   * "machine" runs it in the machine's own namespaces (only for the loopback
   * tunnel into a lab namespace; `ns` still names what it belongs to).
   */
  enter?: "netns" | "net" | "machine";
  /** Process name: names `<stateDir>/<name>.pid` and `<stateDir>/<name>.log`. */
  name: string;
  command: string;
  args?: string[];
  /**
   * Environment of the process. Only PATH is inherited (unless `inheritEnv`):
   * a Pulumi provider's environment holds cloud credentials a lab app must not see.
   */
  env?: Record<string, string>;
  /** Inherit this process's whole environment under `env` (default false). */
  inheritEnv?: boolean;
  stateDir: string;
  cwd?: string;
  /**
   * For daemons that fork: the pid file the daemon writes itself. The launcher
   * is expected to exit; the pid read from this file is recorded instead.
   */
  pidFile?: string;
  /** How long a foreground process must survive to count as started (default 300 ms). */
  settleMs?: number;
  /** pidFile mode: how long to wait for the daemon's pid file (default 10 s). */
  pidFileTimeoutMs?: number;
}

export interface ProcessStatus {
  running: boolean;
  /** Only set when running. */
  pid?: number;
}

export interface StopOptions {
  /** First signal (default SIGTERM). */
  signal?: NodeJS.Signals;
  /** Wait this long for exit before SIGKILL (default 5 s). */
  timeoutMs?: number;
}

/** Path of the pid record of process `name`. */
export function pidFilePath(stateDir: string, name: string): string {
  validateProcessName(name);
  return join(stateDir, `${name}.pid`);
}

/** Path of the log (stdout + stderr) of process `name`. */
export function logFilePath(stateDir: string, name: string): string {
  validateProcessName(name);
  return join(stateDir, `${name}.log`);
}

interface ProcStat {
  state: string;
  pgid: number;
  startTime: number;
}

/** Parses /proc/<pid>/stat; undefined when the pid does not exist. */
export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // comm (field 2) may contain spaces and ')': split after the last ')'.
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0], pgid: Number(fields[5 - 3]), startTime: Number(fields[22 - 3]) };
}

/** True when `pid` is alive (not a zombie) and started at `startTime`. */
async function isSameLiveProcess(pid: number, startTime: number): Promise<boolean> {
  const st = await readProcStat(pid);
  return st !== undefined && st.startTime === startTime && st.state !== "Z" && st.state !== "X";
}

/** The pid record of `name`, or undefined when there is none (or it is unreadable). */
export async function readPidRecord(stateDir: string, name: string): Promise<PidRecord | undefined> {
  try {
    const rec = JSON.parse(await readFile(pidFilePath(stateDir, name), "utf8")) as Partial<PidRecord>;
    if (!Number.isInteger(rec.pid) || !Number.isInteger(rec.startTime)) return undefined;
    return rec as PidRecord;
  } catch {
    return undefined;
  }
}

/** Running only if the recorded pid is alive AND its start time matches the record. */
export async function processStatus(stateDir: string, name: string): Promise<ProcessStatus> {
  const rec = await readPidRecord(stateDir, name);
  if (rec === undefined || !(await isSameLiveProcess(rec.pid, rec.startTime))) return { running: false };
  return { running: true, pid: rec.pid };
}

/** The command prefix that runs a command in namespace `ns` the way `enter` says. */
export function launcherOf(enter: "netns" | "net" | "machine", ns: string): string[] {
  if (enter === "net") return ["nsenter", `--net=/run/netns/${ns}`, "--"];
  if (enter === "machine") return [];
  return ["ip", "netns", "exec", ns];
}

/**
 * Starts `ip netns exec <ns> <command> <args...>` detached (own session,
 * stdout+stderr appended to `<stateDir>/<name>.log`) and records it in
 * `<stateDir>/<name>.pid`. No-op when that process is already running.
 * `ip netns exec` and `nsenter` exec the command in place, so the spawned pid is the command's pid.
 */
export async function startDetached(opts: StartOptions): Promise<PidRecord> {
  validateNamespaceName(opts.ns);
  validateProcessName(opts.name);
  const existing = await readPidRecord(opts.stateDir, opts.name);
  if (existing && (await isSameLiveProcess(existing.pid, existing.startTime))) return existing;
  if (!(await namespaceExists(opts.ns))) throw new Error(`cannot start ${opts.name}: namespace ${opts.ns} does not exist`);

  await mkdir(opts.stateDir, { recursive: true, mode: 0o700 });
  const args = opts.args ?? [];
  const logPath = logFilePath(opts.stateDir, opts.name);
  const log = await open(logPath, "a", 0o600);
  if (opts.pidFile !== undefined) await rm(opts.pidFile, { force: true }); // a stale one would be read as ours
  let child: ChildProcess;
  let exited: Promise<number | string>;
  try {
    await log.write(`--- ${new Date().toISOString()} start in ${opts.ns}: ${[opts.command, ...args].join(" ")}\n`);
    const prefix = launcherOf(opts.enter ?? "netns", opts.ns);
    const [launcher, ...rest] = [...prefix, opts.command, ...args];
    child = spawn(launcher, rest, {
      detached: true, // own session: survives the provider and no terminal signals reach it
      stdio: ["ignore", log.fd, log.fd],
      env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", ...(opts.inheritEnv ? process.env : {}), ...opts.env },
      cwd: opts.cwd,
    });
    // Listen at once: a fast-failing command may exit before the next await returns.
    exited = new Promise((resolve) => child.once("exit", (code, sig) => resolve(code ?? sig ?? "unknown")));
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
  } finally {
    await log.close(); // the child holds its own copy of the fd
  }
  child.unref();

  if (opts.pidFile === undefined) {
    const pid = child.pid as number;
    const st = await readProcStat(pid);
    if (st === undefined) throw await startFailure(opts, logPath, "exited immediately");
    const rec = record(opts, pid, st.startTime);
    await writePidRecord(opts.stateDir, opts.name, rec);
    const outcome = await Promise.race([exited, sleep(opts.settleMs ?? 300).then(() => "running" as const)]);
    if (outcome !== "running") {
      await rm(pidFilePath(opts.stateDir, opts.name), { force: true });
      throw await startFailure(opts, logPath, `exited with ${outcome}`);
    }
    return rec;
  }

  const pidFile = opts.pidFile;
  let launcherExit: number | string | undefined;
  void exited.then((code) => (launcherExit = code));
  type Found = { pid: number; startTime: number } | { failed: string };
  const daemon = await waitFor<Found>(
    async () => {
      // A launcher that failed will never write the pid file: stop waiting.
      if (launcherExit !== undefined && launcherExit !== 0) return { failed: `launcher exited with ${launcherExit}` };
      const pid = Number((await readFile(pidFile, "utf8")).trim().split(/\s+/)[0]);
      const st = Number.isInteger(pid) && pid > 0 ? await readProcStat(pid) : undefined;
      return st && st.state !== "Z" ? { pid, startTime: st.startTime } : undefined;
    },
    { timeoutMs: opts.pidFileTimeoutMs ?? 10_000, description: `${opts.name} to write ${pidFile}` },
  ).catch((err: Error): Found => ({ failed: err.message }));
  if ("failed" in daemon) throw await startFailure(opts, logPath, daemon.failed);
  const rec = record(opts, daemon.pid, daemon.startTime);
  await writePidRecord(opts.stateDir, opts.name, rec);
  return rec;
}

/**
 * Stops process `name`: `signal` (SIGTERM) to its process group, wait, then
 * SIGKILL; removes the pid file. A pid whose start time does not match the
 * record is someone else's and is never signalled. No-op when not running.
 */
export async function stopProcess(stateDir: string, name: string, options: StopOptions = {}): Promise<void> {
  const rec = await readPidRecord(stateDir, name);
  if (rec !== undefined && (await isSameLiveProcess(rec.pid, rec.startTime))) {
    const st = await readProcStat(rec.pid);
    // Our processes lead their own session/group: signal the group so helpers
    // (haproxy workers, keepalived children) go too.
    const target = st?.pgid === rec.pid ? -rec.pid : rec.pid;
    const gone = () => isSameLiveProcess(rec.pid, rec.startTime).then((alive) => !alive);
    signal(target, options.signal ?? "SIGTERM");
    const stopped = await waitFor(gone, { timeoutMs: options.timeoutMs ?? 5_000, intervalMs: 50 }).catch(() => false);
    if (!stopped && (await isSameLiveProcess(rec.pid, rec.startTime))) {
      signal(target, "SIGKILL");
      await waitFor(gone, { timeoutMs: 5_000, intervalMs: 50, description: `${name} (pid ${rec.pid}) to die` });
    }
    // Leftover group members (the group id cannot be reused while they exist).
    if (target < 0) signal(target, "SIGKILL");
  }
  await rm(pidFilePath(stateDir, name), { force: true });
}

export interface KillOptions {
  /**
   * Signal the whole process group (default false: only the recorded pid).
   * keepalived's VRRP child has a parent-death signal and shuts down cleanly
   * (priority-0 advert, VIPs removed) when only the parent is killed; kill the
   * group to simulate a hard node failure instead.
   */
  group?: boolean;
}

/**
 * Sends `sig` (default SIGKILL) to the recorded process, as a crash would;
 * keeps the pid file (status then reports not running). Returns false when
 * there was nothing of ours to signal.
 */
export async function killProcess(
  stateDir: string,
  name: string,
  sig: NodeJS.Signals = "SIGKILL",
  options: KillOptions = {},
): Promise<boolean> {
  const rec = await readPidRecord(stateDir, name);
  if (rec === undefined || !(await isSameLiveProcess(rec.pid, rec.startTime))) return false;
  const st = await readProcStat(rec.pid);
  signal(options.group && st?.pgid === rec.pid ? -rec.pid : rec.pid, sig);
  return true;
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}

function record(opts: StartOptions, pid: number, startTime: number): PidRecord {
  return { pid, startTime, command: opts.command, args: opts.args ?? [], ns: opts.ns, startedAt: new Date().toISOString() };
}

async function writePidRecord(stateDir: string, name: string, rec: PidRecord): Promise<void> {
  // Write-then-rename: a reader never sees a half-written record.
  const path = pidFilePath(stateDir, name);
  await writeFile(`${path}.tmp`, JSON.stringify(rec) + "\n", { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

async function startFailure(opts: StartOptions, logPath: string, why: string): Promise<Error> {
  const log = await readFile(logPath, "utf8").catch(() => "");
  const tail = log.trimEnd().split("\n").slice(-15).join("\n");
  return new Error(`${opts.name} (${opts.command} in ${opts.ns}) ${why}; log ${logPath}:\n${tail}`);
}
