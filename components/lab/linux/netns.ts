// Named network namespaces (/run/netns/<name>), the lab's "machines" and "switches".
import { CommandError, ip, ipJson, run } from "./exec";
import { validateNamespaceName } from "./names";
import { sleep } from "./wait";

interface NetnsEntry {
  name: string;
  id?: number;
}

/** Names of all named network namespaces, optionally only those starting with `prefix`. */
export async function listNamespaces(prefix?: string): Promise<string[]> {
  const entries = await ipJson<NetnsEntry>(undefined, ["netns", "list"]);
  return entries.map((e) => e.name).filter((n) => prefix === undefined || n.startsWith(prefix)).sort();
}

/** True when the named namespace exists. */
export async function namespaceExists(name: string): Promise<boolean> {
  validateNamespaceName(name);
  return (await listNamespaces()).includes(name);
}

/** Creates the namespace (no-op when it exists) and brings its loopback up. */
export async function ensureNamespace(name: string): Promise<void> {
  validateNamespaceName(name);
  if (!(await namespaceExists(name))) {
    try {
      await ip(undefined, ["netns", "add", name]);
    } catch (err) {
      // Lost a race with a concurrent create (Pulumi retry): that is success.
      if (!(err instanceof CommandError && /File exists/.test(err.stderr))) throw err;
    }
  }
  // Loopback is down in a fresh namespace; local services (haproxy -> 127.0.0.1) need it.
  await ip(name, ["link", "set", "lo", "up"]);
}

export interface DeleteNamespaceOptions {
  /**
   * Terminate processes still running in the namespace first (default true).
   * Without this, `ip netns del` only removes the name: the namespace, its
   * interfaces and addresses live on as long as any process is inside.
   */
  killProcesses?: boolean;
  /** Grace period between SIGTERM and SIGKILL (default 3 s). */
  timeoutMs?: number;
}

/** Deletes the namespace (no-op when absent); its veth ends vanish with it, taking their peers along. */
export async function deleteNamespace(name: string, options: DeleteNamespaceOptions = {}): Promise<void> {
  validateNamespaceName(name);
  if (!(await namespaceExists(name))) return;
  if (options.killProcesses ?? true) await killNamespacePids(name, options.timeoutMs ?? 3_000);
  try {
    await ip(undefined, ["netns", "del", name]);
  } catch (err) {
    if (!(err instanceof CommandError && /No such file or directory/.test(err.stderr))) throw err;
  }
}

/** Pids of all processes whose network namespace is `name` (`ip netns pids`). */
export async function namespacePids(name: string): Promise<number[]> {
  validateNamespaceName(name);
  const { stdout } = await ip(undefined, ["netns", "pids", name]);
  return stdout
    .split(/\s+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

/** The namespace name a pid lives in (`ip netns identify`), or undefined if it is in an unnamed one (e.g. root). */
export async function identifyNamespace(pid: number): Promise<string | undefined> {
  const { stdout } = await run("ip", ["netns", "identify", String(pid)]);
  const name = stdout.trim().split(/\s+/)[0];
  return name ? name : undefined;
}

async function killNamespacePids(name: string, timeoutMs: number): Promise<void> {
  const signalAll = (pids: number[], signal: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  let pids = await namespacePids(name);
  if (pids.length === 0) return;
  signalAll(pids, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(50);
    pids = await namespacePids(name);
    if (pids.length === 0) return;
  }
  signalAll(pids, "SIGKILL");
  for (let i = 0; i < 40 && (await namespacePids(name)).length > 0; i++) await sleep(50);
}
