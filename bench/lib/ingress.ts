// The ingress hosts of a lab as the failover bench sees them: who holds the
// VIPs (read with `ip -j addr`), crashing their daemons, restarting them from
// their pid records.
import { readdir } from "node:fs/promises";
import type { AddressPlan } from "../../components/addressing";
import {
  deleteAddress,
  ip,
  killProcess,
  nsExec,
  readAddresses,
  readPidRecord,
  readProcStat,
  sleep,
  startDetached,
  waitFor,
} from "../../components/lab/linux";
import type { LabNames } from "../../components/lab/names";
import { FAMILIES, type Family } from "./agents";
import { nowMs } from "./stats";

export interface IngressHost {
  name: string;
  ns: string;
  stateDir: string;
  priority: number;
  ipv4: string;
  ipv6: string;
}

export type Held = Record<Family, boolean>;

export function ingressHosts(plan: AddressPlan, names: LabNames): IngressHost[] {
  return plan.ingress.hosts.map((h) => ({
    name: h.name,
    ns: names.hostNamespace(h.name),
    stateDir: names.stateDir(h.name),
    priority: h.vrrpPriority,
    ipv4: h.ipv4,
    ipv6: h.ipv6,
  }));
}

/** Which VIPs `host` holds on eth0, from `ip -j addr show dev eth0`. */
export async function vipsOn(host: IngressHost, vips: Record<Family, string>): Promise<Held> {
  const addrs = await readAddresses(host.ns, "eth0");
  const has = (list: string[], vip: string) => list.some((cidr) => cidr.split("/")[0] === vip);
  return { ipv4: has(addrs.ipv4, vips.ipv4), ipv6: has(addrs.ipv6, vips.ipv6) };
}

/** Deletes any copy of the VIPs from `host` (stale ones after a host-mode crash). */
export async function removeVips(host: IngressHost, vips: Record<Family, string>): Promise<number> {
  const addrs = await readAddresses(host.ns, "eth0");
  let removed = 0;
  for (const family of FAMILIES) {
    for (const cidr of addrs[family].filter((c) => c.split("/")[0] === vips[family])) {
      await deleteAddress(host.ns, "eth0", cidr);
      removed++;
    }
  }
  return removed;
}

export async function setLink(host: IngressHost, state: "up" | "down"): Promise<void> {
  await ip(host.ns, ["link", "set", "dev", "eth0", state]);
}

/**
 * Pids in process group `pgid` (scans /proc), zombies included: keepalived
 * refuses to start ("daemon is already running") while the pid in its old pid
 * file still exists, and a zombie does until its parent reaps it.
 */
export async function groupMembers(pgid: number): Promise<number[]> {
  const pids = (await readdir("/proc")).filter((e) => /^\d+$/.test(e)).map(Number);
  const members: number[] = [];
  for (const pid of pids) {
    const st = await readProcStat(pid);
    if (st && st.pgid === pgid) members.push(pid);
  }
  return members;
}

export type CrashMode = "process" | "host";

/**
 * SIGKILLs the host's daemons as a crash would. keepalived: `process` kills
 * the recorded pid only (its VRRP child then shuts down cleanly: priority-0
 * advert, VIPs removed, as in a real keepalived crash); `host` kills the
 * whole group (nothing is sent, the VIPs stay). HAProxy: the whole group in
 * both modes, so master and worker die at the same instant (a worker left
 * alone exits by itself once it notices the master died: < 100 ms here).
 * Returns the kill time and the process groups to wait for before a restart.
 */
export async function crashDaemons(host: IngressHost, mode: CrashMode): Promise<{ tKill: number; groups: number[] }> {
  const groups: number[] = [];
  for (const name of ["keepalived", "haproxy"]) {
    const rec = await readPidRecord(host.stateDir, name);
    if (rec) groups.push(rec.pid);
  }
  const tKill = nowMs();
  const keepalived = await killProcess(host.stateDir, "keepalived", "SIGKILL", { group: mode === "host" });
  const haproxy = await killProcess(host.stateDir, "haproxy", "SIGKILL", { group: true });
  if (!keepalived || !haproxy) {
    throw new Error(`${host.name}: keepalived ${keepalived ? "killed" : "was not running"}, haproxy ${haproxy ? "killed" : "was not running"}`);
  }
  return { tKill, groups };
}

/**
 * Waits until every member of the groups is gone, zombies reaped too (the
 * killed daemons are orphans: init reaps them, here up to ~2 s later).
 * SIGKILLs live stragglers after `graceMs`; returns notes for the report.
 */
export async function waitGroupsGone(groups: number[], graceMs = 5_000): Promise<string[]> {
  const notes: string[] = [];
  for (const pgid of groups) {
    const gone = await waitFor(async () => (await groupMembers(pgid)).length === 0, { timeoutMs: graceMs, intervalMs: 50 }).catch(() => false);
    if (gone) continue;
    const left = await groupMembers(pgid);
    notes.push(`group ${pgid}: ${left.length} process(es) left after ${graceMs} ms, SIGKILLed`);
    for (const pid of left) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    await sleep(100);
  }
  return notes;
}

/** Restarts `name` on `host` exactly as the lab started it (command + args from its pid record). */
export async function restartDaemon(host: IngressHost, name: "haproxy" | "keepalived"): Promise<void> {
  const rec = await readPidRecord(host.stateDir, name);
  if (!rec) throw new Error(`${host.name}: no pid record for ${name} in ${host.stateDir}`);
  await startDetached({ ns: rec.ns, name, command: rec.command, args: rec.args, env: {}, stateDir: host.stateDir, cwd: host.stateDir });
}

/** HAProxy answers its loopback monitor URI (what keepalived's track script checks). */
export async function waitHaproxyReady(host: IngressHost, port = 8404): Promise<void> {
  await waitFor(
    async () => {
      await nsExec(host.ns, "curl", ["-sf", "-o", "/dev/null", "--max-time", "1", `http://127.0.0.1:${port}/haproxy-healthz`], { timeoutMs: 2_000 });
      return true;
    },
    { timeoutMs: 10_000, intervalMs: 50, description: `haproxy on ${host.name} to answer its monitor URI` },
  );
}
