// `npm run bench:throughput -- [--runs 3] [--duration 5] [--connections 32] [--threads 2]`
// Requests/s through the ingress (HAProxy on the VIPs) to the nodes' app
// containers over IPv6 vs IPv4, and straight to one node's container (IPv6
// routed to it, IPv4 through the port published on the node), with wrk
// running inside the lab's client namespace.
// Same duration and connections for every target; families alternate, and
// the order flips every run so drift hits both alike.
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { appNetworkOf } from "../components/lab/docker/app";
import { nsExec, run } from "../components/lab/linux";
import { urlFor } from "../components/lab/probe/http";
import type { Family } from "./lib/agents";
import { checkInterrupted, log, runMain, withLab } from "./lib/lab";
import { fmt, median } from "./lib/stats";
import { formatTable } from "./lib/table";

const TARGET_RATIO = 0.95;

interface Target {
  name: string;
  family: Family;
  url: string;
}

interface WrkResult {
  rps: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

/** Parses wrk's report (with --latency). */
export function parseWrk(text: string): WrkResult {
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(text);
  const unit = { us: 0.001, ms: 1, s: 1000 } as const;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p99Ms: p99 ? Number(p99[1]) * unit[p99[2] as keyof typeof unit] : NaN,
    requests: num(/(\d+) requests in/),
    errors: socketErrors + (non2xx ? Number(non2xx[1]) : 0),
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      duration: { type: "string", default: "5" },
      connections: { type: "string", default: "32" },
      threads: { type: "string", default: "2" },
      stack: { type: "string", default: "bench-rps" },
    },
  });
  const int = (name: string, v: string | undefined, lo: number, hi: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < lo || n > hi) throw new Error(`--${name} must be an integer ${lo}..${hi}, got ${v}`);
    return n;
  };
  const runs = int("runs", values.runs, 1, 20);
  const duration = int("duration", values.duration, 1, 120);
  const connections = int("connections", values.connections, 1, 1000);
  const threads = int("threads", values.threads, 1, 16);
  await run("wrk", ["-v"]).catch((err: Error) => {
    // wrk -v exits 1 after printing its version; only a missing binary matters.
    if (/ENOENT/.test(err.message)) throw new Error("wrk is not installed: apt-get install -y wrk");
  });
  const started = Date.now();

  await withLab({ stack: values.stack!, nodes: 3, ingress: 2, advertIntervalSeconds: 0.1 }, async (lab) => {
    const plan = lab.outputs.addressPlan;
    const client = lab.outputs.clientNamespace;
    const node = plan.nodes[0];
    const groups: Target[][] = [
      [
        { name: "ingress VIP (HAProxy -> 3 containers)", family: "ipv4", url: urlFor(plan.ingress.vips.ipv4, 80) },
        { name: "ingress VIP (HAProxy -> 3 containers)", family: "ipv6", url: urlFor(plan.ingress.vips.ipv6, 80) },
      ],
      [
        { name: `direct ${node.name} container (IPv4 published)`, family: "ipv4", url: urlFor(node.ipv4, 8080) },
        { name: `direct ${node.name} container (IPv6 routed)`, family: "ipv6", url: urlFor(appNetworkOf(node).containerV6, 8080) },
      ],
    ];
    const wrk = async (url: string, seconds: number): Promise<WrkResult> => {
      const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, "--latency", "--timeout", "2s", url];
      const { stdout } = await nsExec(client, "wrk", args, { timeoutMs: (seconds + 30) * 1000 });
      return parseWrk(stdout);
    };

    // Warm-up (not recorded): JIT in the node apps, HAProxy's server connections.
    for (const t of groups.flat()) await wrk(t.url, 1);
    const results = new Map<Target, WrkResult[]>();
    for (let r = 0; r < runs; r++) {
      for (const group of groups) {
        const order = r % 2 === 0 ? group : [...group].reverse();
        for (const t of order) {
          checkInterrupted();
          const res = await wrk(t.url, duration);
          results.set(t, [...(results.get(t) ?? []), res]);
          log(`run ${r + 1}/${runs} ${t.name} ${t.family}: ${fmt(res.rps)} req/s, p99 ${fmt(res.p99Ms, 1)} ms, errors ${res.errors}`);
        }
      }
    }

    const rows = [["TARGET", "FAMILY", "URL", "REQ/S median", "REQ/S runs", "p99 ms (median)", "ERRORS"]];
    for (const t of groups.flat()) {
      const rs = results.get(t) ?? [];
      rows.push([
        t.name,
        t.family === "ipv4" ? "IPv4" : "IPv6",
        t.url,
        fmt(median(rs.map((x) => x.rps))),
        rs.map((x) => fmt(x.rps)).join(", "),
        fmt(median(rs.map((x) => x.p99Ms)), 1),
        String(rs.reduce((n, x) => n + x.errors, 0)),
      ]);
    }
    const rps = (t: Target) => (results.get(t) ?? []).map((x) => x.rps);
    const ratio = (group: Target[]) => median(rps(group[1])) / median(rps(group[0]));
    // Per run, v4 and v6 ran back to back under the same background load: their ratio is less noisy.
    const paired = (group: Target[]) => median(rps(group[1]).map((v6, i) => v6 / rps(group[0])[i]));
    console.log(`\nwrk -t${threads} -c${connections} -d${duration}s, ${runs} runs per target, families alternating (order flipped every run):\n`);
    console.log(formatTable(rows));
    console.log("");
    const verdict = ratio(groups[0]) >= TARGET_RATIO ? "met" : "MISSED";
    console.log(`ratio IPv6/IPv4 through the ingress: ${fmt(ratio(groups[0]), 3)}  target >= ${TARGET_RATIO}: ${verdict}`);
    console.log(`  median of per-run (back-to-back) ratios: ${fmt(paired(groups[0]), 3)}`);
    console.log(`ratio IPv6/IPv4 direct to ${node.name}: ${fmt(ratio(groups[1]), 3)}, per-run median ${fmt(paired(groups[1]), 3)} (for reference)`);
    console.log(
      `note: wrk, HAProxy, the demo apps (single-threaded Node.js) and the kernel share this machine's ${cpus().length} cores, ` +
        "so absolute req/s are machine-bound; the IPv6/IPv4 ratio is what matters.",
    );
  });
  console.log(`\ntotal runtime: ${((Date.now() - started) / 1000).toFixed(0)} s (including pulumi up and destroy)`);
  return 0;
}

if (require.main === module) runMain(main);
