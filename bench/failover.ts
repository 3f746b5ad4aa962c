// `npm run lab:failover -- [--rounds 20] [--advert 0.1] [--mode process|host] [--keep]
//    [--probe-timeout 150] [--hold 1000] [--settle 1500] [--dump file.json] [--stack bench-failover]`
// Crashes the active ingress host's keepalived and HAProxy (SIGKILL), measures
// the client-observed outage per family while probing every 10 ms from the
// client namespace, restores the host (it preempts the VIPs back), repeats.
// Prints failover / fail-back outage percentiles per family and split brain.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { takeoverTimeSeconds } from "../components/failover";
import { FAMILIES, type Family } from "./lib/agents";
import {
  crashDaemons,
  ingressHosts,
  removeVips,
  restartDaemon,
  setLink,
  vipsOn,
  waitGroupsGone,
  waitHaproxyReady,
  type CrashMode,
  type IngressHost,
} from "./lib/ingress";
import { checkInterrupted, log, pause, runMain, withLab, type BenchLab } from "./lib/lab";
import { Observer } from "./lib/observer";
import { outageIn, type Outage } from "./lib/outage";
import { fmt, max, nowMs, percentile } from "./lib/stats";
import { formatTable } from "./lib/table";

const TARGET_MS = 500;

interface Options {
  stack: string;
  rounds: number;
  advert: number;
  mode: CrashMode;
  keep: boolean;
  probeTimeoutMs: number;
  holdMs: number;
  settleMs: number;
  /** Write raw samples, VIP changes and round times here (JSON), for offline analysis. */
  dump?: string;
}

interface Round {
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

function options(): Options {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", default: "bench-failover" },
      rounds: { type: "string", default: "20" },
      advert: { type: "string", default: "0.1" },
      mode: { type: "string", default: "process" },
      keep: { type: "boolean", default: false },
      "probe-timeout": { type: "string", default: "150" },
      hold: { type: "string", default: "1000" },
      settle: { type: "string", default: "1500" },
      dump: { type: "string" },
    },
  });
  const int = (name: string, v: string | undefined, min: number, maxValue: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > maxValue) throw new Error(`--${name} must be an integer ${min}..${maxValue}, got ${v}`);
    return n;
  };
  const advert = Number(values.advert);
  takeoverTimeSeconds(advert, 100); // validates the VRRPv3 advert interval
  if (values.mode !== "process" && values.mode !== "host") throw new Error(`--mode must be process or host, got ${values.mode}`);
  return {
    stack: values.stack!,
    rounds: int("rounds", values.rounds, 1, 500),
    advert,
    mode: values.mode,
    keep: values.keep!,
    probeTimeoutMs: int("probe-timeout", values["probe-timeout"], 20, 5000),
    holdMs: int("hold", values.hold, 0, 60_000),
    settleMs: int("settle", values.settle, 0, 60_000),
    dump: values.dump,
  };
}


/** The host holding both VIPs, read with `ip -j addr`; `split` when the two VIPs sit on different hosts (or on two at once). */
async function findMaster(hosts: IngressHost[], vips: Record<Family, string>): Promise<{ master?: IngressHost; split: boolean }> {
  const held = await Promise.all(hosts.map(async (h) => ({ h, v: await vipsOn(h, vips) })));
  const v4 = held.filter((x) => x.v.ipv4).map((x) => x.h);
  const v6 = held.filter((x) => x.v.ipv6).map((x) => x.h);
  if (v4.length === 1 && v6.length === 1 && v4[0] === v6[0]) return { master: v4[0], split: false };
  return { split: v4.length > 0 && v6.length > 0 && (v4.length > 1 || v6.length > 1 || v4[0] !== v6[0]) };
}

async function runRounds(lab: BenchLab, opts: Options): Promise<{ rounds: Round[]; observer: Observer; splitsSeen: number }> {
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

function perFamily<T>(fn: (f: Family) => T): Record<Family, T> {
  return { ipv4: fn("ipv4"), ipv6: fn("ipv6") };
}

function fmtOutage(o: Outage): string {
  if (!o.recovered) return "NOT RECOVERED";
  return o.lost > 0 ? `${fmt(o.ms)} (>=${fmt(o.minMs)})` : "0";
}

function report(opts: Options, rounds: Round[], observer: Observer, splitsSeen: number, lab: BenchLab): void {
  const hosts = lab.outputs.addressPlan.ingress.hosts;
  const label = (f: Family) => (f === "ipv4" ? "IPv4" : "IPv6");

  const perRound = [["ROUND", "FROM -> TO", "IPv4", "IPv6", "LOST v4/v6", "ANSWERED BY v4/v6", "BACK IPv4", "BACK IPv6", "NOTES"]];
  rounds.forEach((r, i) => {
    perRound.push([
      String(i + 1),
      `${r.from} -> ${r.to}`,
      fmtOutage(r.failover.ipv4),
      fmtOutage(r.failover.ipv6),
      `${r.failover.ipv4.lost}/${r.failover.ipv6.lost}`,
      FAMILIES.map((f) => r.answeredBy[f] ?? "-").join("/"),
      fmtOutage(r.failback.ipv4),
      fmtOutage(r.failback.ipv6),
      [...(r.staleVipsOnOld ? ["stale VIPs on old host"] : []), ...r.notes].join("; "),
    ]);
  });
  console.log(
    "\nPer round, ms. Outage = start of the first OK probe after the failures - start of the last OK probe before them;" +
      "\n(>=x) = start of the last FAILED probe - the same: a lower bound (a probe hanging until its timeout widens the gap).\n",
  );
  console.log(formatTable(perRound));

  const summary = [["FAMILY", "ROUNDS", "FAILOVER p50", "p90", "max (ms)", "PROBES LOST", "FAIL-BACK p50", "max (ms)", "LOST", "NOT RECOVERED", "WRONG HOST"]];
  const verdicts: string[] = [];
  for (const f of FAMILIES) {
    const fo = rounds.map((r) => r.failover[f]);
    const fb = rounds.map((r) => r.failback[f]);
    const foMs = fo.filter((o) => o.recovered).map((o) => o.ms);
    const fbMs = fb.filter((o) => o.recovered).map((o) => o.ms);
    const unrecovered = fo.filter((o) => !o.recovered).length + fb.filter((o) => !o.recovered).length;
    const wrong = rounds.filter((r) => r.answeredBy[f] !== r.to || r.answeredBackBy[f] !== r.from).length;
    summary.push([
      label(f),
      String(rounds.length),
      fmt(percentile(foMs, 50)),
      fmt(percentile(foMs, 90)),
      fmt(max(foMs)),
      String(fo.reduce((n, o) => n + o.lost, 0)),
      fmt(percentile(fbMs, 50)),
      fmt(max(fbMs)),
      String(fb.reduce((n, o) => n + o.lost, 0)),
      String(unrecovered),
      String(wrong),
    ]);
    const met = rounds.length > 0 && unrecovered === 0 && foMs.length === rounds.length && max(foMs) <= TARGET_MS;
    const few = rounds.length < 20 ? ` (only ${rounds.length} rounds; the target asks for >= 20)` : "";
    verdicts.push(`${label(f)}: target max <= ${TARGET_MS} ms: ${met ? "met" : "MISSED"}${few}`);
  }
  console.log(`\nSummary (${opts.mode} mode, advert ${opts.advert} s, probe every 10 ms, timeout ${opts.probeTimeoutMs} ms):\n`);
  console.log(formatTable(summary));

  const events = observer.tracker.events;
  const longest = perFamily((f) => {
    const ms = observer.tracker.overlaps.filter((o) => o.family === f).map((o) => o.ms);
    return ms.length ? `${fmt(max(ms))} ms (${ms.length} overlaps)` : "none seen";
  });
  const backup = hosts.find((h) => h.name === rounds[0]?.to) ?? hosts[1];
  const takeover = takeoverTimeSeconds(opts.advert, backup.vrrpPriority);
  const skew = ((256 - backup.vrrpPriority) / 256) * opts.advert;
  console.log("");
  console.log(
    `split-brain events: ${events.length + splitsSeen} ` +
      `(VIP on both hosts > ${fmt(3 * opts.advert * 1000)} ms while both keepalived ran: ${events.length}; ` +
      `IPv4 and IPv6 VIPs on different hosts: ${splitsSeen}); ` +
      `longest dual-holding (20 ms sampling): IPv4 ${longest.ipv4}, IPv6 ${longest.ipv6}`,
  );
  console.log(
    `theoretical takeover by ${backup.name} (priority ${backup.vrrpPriority}): ${fmt(takeover * 1000)} ms ` +
      `(3 x advert + skew, master silent); ${fmt(skew * 1000)} ms (skew only, after a priority-0 advert)`,
  );
  for (const f of FAMILIES) {
    const errs = new Map<string, number>();
    // By kind: timeout = connect hung (frames to a host that lost the VIP), ECONNREFUSED = VIP there, no HAProxy.
    const inRounds = observer.samples[f].filter((s) => rounds.some((r) => s.t + s.d >= r.times.kill && s.t < r.times.end));
    for (const s of inRounds) if (!s.ok) errs.set(s.err ?? "?", (errs.get(s.err ?? "?") ?? 0) + 1);
    const list = [...errs].map(([e, n]) => `${e} x${n}`).join(", ") || "none";
    console.log(`${label(f)} probe errors during the rounds (${inRounds.length} probes): ${list}`);
  }
  for (const f of FAMILIES) {
    const lower = rounds.map((r) => r.failover[f]).filter((o) => o.recovered).map((o) => o.minMs);
    console.log(`${label(f)} failover outage lower bound: p50 ${fmt(percentile(lower, 50))} ms, max ${fmt(max(lower))} ms`);
  }
  for (const v of verdicts) console.log(v);
}

async function main(): Promise<number> {
  const opts = options();
  const started = Date.now();
  await withLab({ stack: opts.stack, nodes: 3, ingress: 2, advertIntervalSeconds: opts.advert, keep: opts.keep }, async (lab) => {
    const { rounds, observer, splitsSeen } = await runRounds(lab, opts);
    report(opts, rounds, observer, splitsSeen, lab);
    if (opts.dump) {
      const { samples, vipChanges } = observer;
      writeFileSync(opts.dump, JSON.stringify({ opts, rounds, samples, vipChanges, overlaps: observer.tracker.overlaps }));
      log(`raw data written to ${opts.dump}`);
    }
  });
  console.log(`\ntotal runtime: ${((Date.now() - started) / 1000).toFixed(0)} s (including pulumi up and destroy)`);
  return 0;
}

if (require.main === module) runMain(main);
