// Running iproute2 and friends: argv arrays only (never a shell string), so
// names and addresses can never be interpreted as shell syntax.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** A command that exited non-zero (or could not start); carries what an operator needs to see. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    /** Exit code, or undefined when killed by a signal / not started. */
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(`${[command, ...args].join(" ")} failed (${exitCode ?? "no exit code"}): ${stderr.trim() || "(no stderr)"}`);
    this.name = "CommandError";
  }
}

export interface RunOptions {
  /** Kill the command after this long (default 30 s) so a hung tool never blocks a Pulumi operation. */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

interface ExecFailure {
  code?: number | string;
  stderr?: string;
  message?: string;
}

/** Runs `command args...` without a shell; rejects with {@link CommandError} on failure. */
export async function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, [...args], {
      timeout: options.timeoutMs ?? 30_000,
      maxBuffer: 16 * 1024 * 1024,
      encoding: "utf8",
    });
    return { stdout, stderr };
  } catch (err) {
    const e = err as ExecFailure;
    const exitCode = typeof e.code === "number" ? e.code : undefined;
    throw new CommandError(command, args, exitCode, e.stderr || e.message || String(err));
  }
}

/** Runs `ip [-n ns] args...` (the -n form needs no mount-namespace dance, unlike `ip netns exec`). */
export async function ip(ns: string | undefined, args: readonly string[], options?: RunOptions): Promise<RunResult> {
  return run("ip", ns === undefined ? args : ["-n", ns, ...args], options);
}

/** Runs `ip -j [-n ns] args...` and parses the JSON; empty output (e.g. no namespaces) is `[]`. */
export async function ipJson<T>(ns: string | undefined, args: readonly string[], options?: RunOptions): Promise<T[]> {
  const { stdout } = await ip(ns, ["-j", ...args], options);
  const text = stdout.trim();
  return text === "" ? [] : (JSON.parse(text) as T[]);
}

/** Runs a command inside namespace `ns` via `ip netns exec` (needed for non-ip tools: sysctl, ping, curl). */
export async function nsExec(
  ns: string,
  command: string,
  args: readonly string[],
  options?: RunOptions,
): Promise<RunResult> {
  return run("ip", ["netns", "exec", ns, command, ...args], options);
}

/** True when the error is iproute2 saying the device/address is not there (used for idempotent reads/deletes). */
export function isNotFound(err: unknown): boolean {
  return (
    err instanceof CommandError &&
    /does not exist|Cannot find device|Cannot assign requested address|address not found|No such file or directory/i.test(err.stderr)
  );
}
