// The failover bench's rounds: crash the host holding both VIPs, wait for the
// backup to answer both families, restore the old host (it preempts the VIPs
// back), and cut each family's probe samples into failover / fail-back outages.
import { FAMILIES, type Family } from "./agents";
import type { Options } from "./failover-options";
import {
  crashDaemons,
  ingressHosts,
  removeVips,
  restartDaemon,
  setLink,
  vipsOn,
  waitGroupsGone,
  waitHaproxyReady,
  type IngressHost,
} from "./ingress";
import { checkInterrupted, log, pause, type BenchLab } from "./lab";
import { Observer } from "./observer";
import { outageIn, type Outage } from "./outage";
import { fmt, nowMs } from "./stats";

export interface Round {
  from: string;
  to: string;
  failover: Record<Family, Outage>;
  failback: Record<Family, Outage>;
  times: { kill: number; restore: number; restart: number; end: number };
  /** Host whose HAProxy answered after the outage (or at the end of a seamless switch), per family. */
  answeredBy: Record<Family, string | undefined>;
  answeredBackBy: Record<Family, string | undefined>;
  staleVipsOnOld: boolean;
  notes: string[];
}

/** The host holding both VIPs, read with `ip -j addr`; `split` when the two VIPs sit on different hosts (or on two at once). */
async function findMaster(hosts: IngressHost[], vips: Record<Family, string>): Promise<{ master?: IngressHost; split: boolean }> {
  const held = await Promise.all(hosts.map(async (h) => ({ h, v: await vipsOn(h, vips) })));
  const v4 = held.filter((x) => x.v.ipv4).map((x) => x.h);
  const v6 = held.filter((x) => x.v.ipv6).map((x) => x.h);
  if (v4.length === 1 && v6.length === 1 && v4[0] === v6[0]) return { master: v4[0], split: false };
  return { split: v4.length > 0 && v6.length > 0 && (v4.length > 1 || v6.length > 1 || v4[0] !== v6[0]) };
}

export async function runRounds(lab: BenchLab, opts: Options): Promise<{ rounds: Round[]; observer: Observer; splitsSeen: number }> {
  const plan = lab.outputs.addressPlan;
  const vips = plan.ingress.vips;
  const hosts = ingressHosts(plan, lab.names);
  const observer = new Observer(lab, hosts, opts);
  const rounds: Round[] = [];
  let splitsSeen = 0;
  // Bounds on every wait, scaled by the advert interval (an election takes ~3.6 adverts).
  const failTimeout = Math.max(10_000, 10_000 * opts.advert + 5_000);
  const backTimeout = Math.max(15_000, 15_000 * opts.advert + 5_000);
  const electTimeout = Math.max(20_000, 10_000 * opts.advert + 5_000);
  try {
    const start = nowMs();
    const initial = await waitForAny(observer, hosts, start, electTimeout);
    log(`steady: ${initial} holds both VIPs; both families answer through it`);

    for (let r = 1; r <= opts.rounds; r++) {
      checkInterrupted();
      let found = await findMaster(hosts, vips);
      if (!found.master) {
        if (found.split) splitsSeen++;
        log(`round ${r}: no single master (split=${found.split}); waiting for a steady state`);
        await waitForAny(observer, hosts, nowMs(), electTimeout);
        found = await findMaster(hosts, vips);
        if (!found.master) throw new Error(`round ${r}: the VIPs are not on one host; giving up`);
      }
      const old = found.master;
      const expected = hosts.filter((h) => h !== old).sort((a, b) => b.priority - a.priority)[0];
      const notes: string[] = [];

      // Crash.
      observer.tracker.setArmed(false, nowMs());
      const { tKill, groups } = await crashDaemons(old, opts.mode);
      if (opts.mode === "host") await setLink(old, "down");
      const recovered = await observer.waitSteady(expected.name, tKill, false, failTimeout);
      if (!recovered) notes.push(`failover not complete after ${failTimeout} ms`);
      await pause(opts.holdMs);
      const tRestore = nowMs();
      const after = await Promise.all(hosts.map(async (h) => ({ h, v: await vipsOn(h, vips) })));
      const others = after.filter((x) => x.h !== old);
      const v4 = others.filter((x) => x.v.ipv4).map((x) => x.h.name);
      const v6 = others.filter((x) => x.v.ipv6).map((x) => x.h.name);
      if (v4.length !== 1 || v6.length !== 1 || v4[0] !== v6[0]) {
        splitsSeen++;
        notes.push(`after failover: IPv4 VIP on [${v4.join(",")}], IPv6 VIP on [${v6.join(",")}]`);
      }
      const oldHeld = after.find((x) => x.h === old)!.v;

      // Restore: stale VIPs off first (so the old host never answers for them once its link is up), then the daemons.
      await removeVips(old, vips);
      if (opts.mode === "host") await setLink(old, "up");
      notes.push(...(await waitGroupsGone(groups)));
      await restartDaemon(old, "haproxy");
      await waitHaproxyReady(old);
      const tRestart = nowMs();
      // Failover window: kill until the old host's keepalived is back (restoring it must not disturb traffic either).
      const failover = perFamily((f) => outageIn(observer.samples[f], tKill, tRestart));
      await restartDaemon(old, "keepalived");
      observer.tracker.setArmed(true, nowMs());
      const back = await observer.waitSteady(old.name, tRestart, true, backTimeout);
      if (!back) notes.push(`fail-back not complete after ${backTimeout} ms`);
      await pause(opts.settleMs);
      const tEnd = nowMs();
      const failback = perFamily((f) => outageIn(observer.samples[f], tRestart, tEnd));

      for (const f of FAMILIES) {
        const flaps = failover[f].lostAfterRecovery + failback[f].lostAfterRecovery;
        if (flaps) notes.push(`${f}: ${flaps} probe(s) failed after the first recovery`);
      }
      const round: Round = {
        from: old.name,
        to: expected.name,
        failover,
        failback,
        times: { kill: tKill, restore: tRestore, restart: tRestart, end: tEnd },
        answeredBy: perFamily((f) => observer.answeredAfter(failover[f])),
        answeredBackBy: perFamily((f) => observer.answeredAfter(failback[f])),
        staleVipsOnOld: oldHeld.ipv4 || oldHeld.ipv6,
        notes,
      };
      rounds.push(round);
      log(
        `round ${r}/${opts.rounds} ${old.name}->${expected.name}: ` +
          FAMILIES.map((f) => `${f} ${fmtOutage(failover[f])} (back ${fmtOutage(failback[f])})`).join(", ") +
          (notes.length ? ` [${notes.join("; ")}]` : ""),
      );
    }
  } finally {
    await observer.stop();
  }
  return { rounds, observer, splitsSeen };
}

async function waitForAny(observer: Observer, hosts: IngressHost[], since: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const h of hosts) if (observer.steady(h.name, since, true)) return h.name;
    observer.checkAgents();
    await pause(50);
  }
  throw new Error(`no ingress host became the single master with both families answering within ${timeoutMs} ms`);
}

export function perFamily<T>(fn: (f: Family) => T): Record<Family, T> {
  return { ipv4: fn("ipv4"), ipv6: fn("ipv6") };
}

export function fmtOutage(o: Outage): string {
  if (!o.recovered) return "NOT RECOVERED";
  return o.lost > 0 ? `${fmt(o.ms)} (>=${fmt(o.minMs)})` : "0";
}
