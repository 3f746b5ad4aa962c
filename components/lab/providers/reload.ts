// Reloading a running lab daemon in place (no stop + start, so its listening
// sockets and VIPs stay up), and seeing that the reload took: the daemon logs
// that it finished, and the running daemon reports the new config.
// HAProxy in master-worker mode (-W): SIGUSR2 to the master re-executes it
// on the new file; the new worker takes the listening sockets over from the
// old one (2.6 passes them through the master's socketpair, no `-x` needed),
// and the old worker stops accepting and finishes its open requests
// (bounded by `hard-stop-after`). keepalived: SIGHUP makes the VRRP child
// reread its file; an instance that stays in the config keeps its state, so
// the master keeps its VIPs.
import * as net from "node:net";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { run, waitFor } from "../linux";

/** How the running daemon shows it serves the new config. */
export type ReloadConfirm =
  /** `show info` on HAProxy's stats socket reports this `description` (the config's hash). */
  | { kind: "haproxy-info"; socket: string; description: string }
  /**
   * keepalived's JSON dump (its JSON signal; written to `$TMPDIR/keepalived.json`,
   * so the process needs TMPDIR=<dir>) shows every VRRP instance with this
   * advert interval and base priority.
   */
  | { kind: "keepalived-json"; dir: string; advertIntervalSeconds: number; priority: number };

export interface ProcessReload {
  /** Sent to the recorded pid only (the master): the daemon rereads its files. */
  signal: "SIGUSR2" | "SIGHUP";
  /** A line the daemon logs when the reload finished ("Loading success.", "Reload complete"). */
  doneLog: string;
  /** A line it logs when the reload failed (the old config keeps running). */
  failedLog?: string;
  /** Run (in the namespace) on the new files before the signal; non-zero exit: no reload. */
  validate?: string[];
  confirm?: ReloadConfirm;
}

const RELOAD_TIMEOUT_MS = 20_000;

/** Waits until the log, from byte `from` on, has `done`; throws when it has `failed` first. */
export async function waitForLogLine(logFile: string, from: number, done: string, failed?: string): Promise<void> {
  const outcome = await waitFor(
    async () => {
      const text = (await fs.readFile(logFile)).subarray(from).toString("utf8");
      if (failed && text.includes(failed)) return { failed: text.trimEnd().split("\n").slice(-10).join("\n") };
      return text.includes(done) ? { failed: undefined } : false;
    },
    { timeoutMs: RELOAD_TIMEOUT_MS, intervalMs: 50, description: `"${done}" in ${logFile}` },
  );
  if (outcome.failed !== undefined) throw new Error(`reload failed (the old config keeps running); ${logFile}:\n${outcome.failed}`);
}

/** Sends one command to a HAProxy stats socket and returns its answer. */
export function haproxyCommand(socket: string, command: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    let out = "";
    const timer = setTimeout(() => conn.destroy(new Error(`${socket}: no answer to "${command}" in ${timeoutMs} ms`)), timeoutMs);
    conn.setEncoding("utf8");
    conn.on("connect", () => conn.write(`${command}\n`));
    conn.on("data", (d: string) => (out += d));
    conn.on("end", () => {
      clearTimeout(timer);
      resolve(out);
    });
    conn.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

let jsonSignal: number | undefined;
/** keepalived's JSON-dump signal number, as the installed keepalived says (`--signum=JSON`). */
async function keepalivedJsonSignal(): Promise<number> {
  if (jsonSignal === undefined) jsonSignal = Number((await run("keepalived", ["--signum=JSON"])).stdout.trim());
  return jsonSignal;
}

interface KeepalivedInstance {
  data: { iname: string; adver_int: number; base_priority: number };
}

/** One attempt at the confirm check: true when the daemon reports the new config. */
export async function confirmed(c: ReloadConfirm, pid: number): Promise<boolean> {
  if (c.kind === "haproxy-info") {
    const info = await haproxyCommand(c.socket, "show info");
    return info.split("\n").some((l) => l.trim() === `description: ${c.description}`);
  }
  const file = path.join(c.dir, "keepalived.json");
  await fs.rm(file, { force: true });
  process.kill(pid, await keepalivedJsonSignal());
  const instances = await waitFor(
    async () => JSON.parse(await fs.readFile(file, "utf8")) as KeepalivedInstance[],
    { timeoutMs: 3_000, intervalMs: 50, description: `keepalived to write ${file}` },
  );
  return (
    instances.length > 0 &&
    instances.every((i) => Math.abs(i.data.adver_int - c.advertIntervalSeconds) < 1e-6 && i.data.base_priority === c.priority)
  );
}

export async function waitConfirmed(c: ReloadConfirm, pid: number, what: string): Promise<void> {
  await waitFor(() => confirmed(c, pid), { timeoutMs: RELOAD_TIMEOUT_MS, intervalMs: 100, description: `${what} to serve its new config (${c.kind})` });
}
