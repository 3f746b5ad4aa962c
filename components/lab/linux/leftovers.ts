// What a daemon can leave behind when it dies hard (dockerd, containerd and
// their shims): processes, mounts under its data directories, cgroups. Each
// finder only looks at what lies under a path or cgroup name the caller owns.
import { readdir, readFile, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { run } from "./exec";
import { readProcStat } from "./processes";
import { sleep } from "./wait";

const CGROUP_ROOT = "/sys/fs/cgroup";

/** Pids whose command line mentions `path` (e.g. containerd shims started with our socket). */
export async function pidsMentioning(path: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (!cmdline.split("\0").some((arg) => arg.includes(path))) continue;
    const st = await readProcStat(Number(entry));
    if (st && st.state !== "Z") pids.push(Number(entry));
  }
  return pids;
}

/** SIGKILLs every process that mentions `path` and waits until they are gone. */
export async function killProcessesMentioning(path: string): Promise<number> {
  const pids = await pidsMentioning(path);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 50 && (await pidsMentioning(path)).length; i++) await sleep(100);
  return pids.length;
}

/** Mount points at or under `dir` in this mount namespace, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const text = await readFile("/proc/self/mountinfo", "utf8");
  const points = text
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((point): point is string => point !== undefined)
    .map((point) => point.replace(/\\040/g, " "))
    .filter((point) => point === dir || point.startsWith(dir + "/"));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Lazily unmounts everything under `dir` (a dead overlay or netns bind mount). */
export async function unmountUnder(dir: string): Promise<number> {
  const points = await mountsUnder(dir);
  for (const point of points) await run("umount", ["-l", point]).catch(() => undefined);
  return points.length;
}

/** The cgroup directories named `name` directly under each hierarchy of this machine. */
export async function cgroupDirs(name: string): Promise<string[]> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`cgroup name ${JSON.stringify(name)}: letters, digits, . _ - only`);
  const found: string[] = [];
  const hierarchies = await readdir(CGROUP_ROOT).catch(() => [] as string[]);
  for (const h of hierarchies) {
    const dir = join(CGROUP_ROOT, h, name);
    if (await readdir(dir).then(() => true, () => false)) found.push(dir);
  }
  // cgroup v2 only: the name sits at the root itself.
  if (!found.length && (await readdir(join(CGROUP_ROOT, name)).then(() => true, () => false))) found.push(join(CGROUP_ROOT, name));
  return found;
}

/** Removes a cgroup directory and its child cgroups, deepest first (rmdir: only empty cgroups go). */
export async function removeCgroupTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await removeCgroupTree(join(dir, entry.name));
  await rmdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw new Error(`cannot remove cgroup ${dir}: ${err.message}`);
  });
}

/** SIGKILLs every process in a cgroup and its children (containers whose shim died with their engine). */
export async function killCgroupTree(dir: string): Promise<number> {
  let killed = 0;
  const procs = await readFile(join(dir, "cgroup.procs"), "utf8").catch(() => "");
  for (const pid of procs.split("\n").filter((l) => /^\d+$/.test(l))) {
    try {
      process.kill(Number(pid), "SIGKILL");
      killed++;
    } catch {
      // already gone
    }
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) killed += await killCgroupTree(join(dir, entry.name));
  return killed;
}
