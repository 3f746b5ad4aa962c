// `npm run bench:changes -- [--stack bench-changes] [--only <substring>]`
// Brings up a lab (3 nodes, 2 ingress hosts with room for 3, 0.1 s adverts)
// and applies the change kinds (lib/changes.ts) one after the other
// with `pulumi up`, while
// lib/prober.js sends a request every 20 ms to each VIP (1 s timeout, see
// lib/changes.ts). Prints per change: failed requests IPv4 / IPv6 (target
// 0 / 0) and how long the `up` took. Destroys the lab at the end.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { applyChange, changeKinds, unexpectedFailures, upgradedBinaries, VIP_MOVES_PER_RESTART, PROBE_INTERVAL_MS, PROBE_TIMEOUT_MS, type ChangeKind, type ChangeResult } from "./lib/changes";
import { checkInterrupted, log, runMain, withLab } from "./lib/lab";
import { formatTable } from "./lib/table";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stack: { type: "string", default: "bench-changes" }, only: { type: "string" } } });
  const base = { stack: values.stack!, ipv4Supernet: "10.95.0.0/16", nodes: 3, ingress: 2, ingressMaxCount: 3, advertIntervalSeconds: 0.1 };
  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-bench-bin-"));
  upgradedBinaries(binDir);
  const results: { change: ChangeKind; r: ChangeResult }[] = [];
  let broken: { label: string; why: string } | undefined;
  try {
    await withLab(base, async (lab) => {
      for (const change of changeKinds(base, binDir)) {
        checkInterrupted();
        if (values.only && !change.label.includes(values.only)) continue;
        log(`applying ${change.label}`);
        let r: ChangeResult;
        try {
          r = await applyChange(lab.stack, lab.outputs.clientNamespace, lab.outputs.addressPlan.ingress.vips, change);
        } catch (err) {
          // The lab is in an unknown state after a failed up: report it and stop.
          const lines = (err as Error).message.split("\n");
          broken = { label: change.label, why: lines.find((l) => /error:/.test(l))?.trim() ?? lines[0] };
          log(`${change.label}: up failed: ${broken.why}`);
          break;
        }
        log(`${change.label}: failed ${r.failed.ipv4} / ${r.failed.ipv6} of ${r.requests.ipv4} / ${r.requests.ipv6}, up ${r.seconds.toFixed(1)} s`);
        for (const f of r.failures.slice(0, 10)) log(`  failed ${f.family} at ${new Date(f.t).toISOString().slice(11, 23)} after ${f.d} ms: ${f.err}`);
        results.push({ change, r });
      }
    });
  } finally {
    fs.rmSync(binDir, { recursive: true, force: true });
  }
  console.log(`\nchanges with a probe every ${PROBE_INTERVAL_MS} ms per VIP (timeout ${PROBE_TIMEOUT_MS} ms); target 0 / 0`);
  console.log(`(a restart moves the VIPs twice; each move may reset a request in flight, at most ${VIP_MOVES_PER_RESTART} per family)\n`);
  const verdict = (change: ChangeKind, r: ChangeResult) => (unexpectedFailures(change, r).length === 0 ? "ok" : "FAIL");
  console.log(
    formatTable([
      ["CHANGE", "FAILED IPv4", "FAILED IPv6", "OF WHICH RESETS", "REQUESTS IPv4 / IPv6", "UP TOOK", "VERDICT"],
      ...results.map(({ change, r }) => [
        r.label,
        String(r.failed.ipv4),
        String(r.failed.ipv6),
        String(r.failures.filter((f) => f.err === "ECONNRESET").length),
        `${r.requests.ipv4} / ${r.requests.ipv6}`,
        `${r.seconds.toFixed(1)} s`,
        verdict(change, r),
      ]),
      ...(broken ? [[broken.label, "-", "-", "-", "-", `up FAILED: ${broken.why}`, "FAIL"]] : []),
    ]),
  );
  return !broken && results.every(({ change, r }) => verdict(change, r) === "ok") ? 0 : 1;
}

if (require.main === module) runMain(main);
