// `npm run lab:failover -- [--rounds 20] [--advert 0.1] [--mode process|host] [--keep]
//    [--probe-timeout 150] [--hold 1000] [--settle 1500] [--dump file.json] [--stack bench-failover]`
// Crashes the active ingress host's keepalived and HAProxy (SIGKILL), measures
// the client-observed outage per family while probing every 10 ms from the
// client namespace, restores the host (it preempts the VIPs back), repeats.
// Prints failover / fail-back outage percentiles per family and split brain.
//
// The parts are in lib/: failover-options.ts, failover-rounds.ts and
// failover-report.ts.
import { writeFileSync } from "node:fs";
import { options } from "./lib/failover-options";
import { report } from "./lib/failover-report";
import { runRounds } from "./lib/failover-rounds";
import { log, runMain, withLab } from "./lib/lab";

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
