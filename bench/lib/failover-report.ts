// The failover bench's report: per-round outages, per-family percentiles
// against the target, split brain, the theoretical takeover time and the
// probe errors seen during the rounds.
import { takeoverTimeSeconds } from "../../components/failover";
import { FAMILIES, type Family } from "./agents";
import type { Options } from "./failover-options";
import { fmtOutage, perFamily, type Round } from "./failover-rounds";
import type { BenchLab } from "./lab";
import type { Observer } from "./observer";
import { fmt, max, percentile } from "./stats";
import { formatTable } from "./table";

const TARGET_MS = 500;

export function report(opts: Options, rounds: Round[], observer: Observer, splitsSeen: number, lab: BenchLab): void {
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
