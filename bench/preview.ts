// `npm run bench:preview -- [--runs 3]`
// Wall-clock time of `pulumi preview` (engine process start to exit) as an
// operator waits for it: to a config error (a throwaway stack with a bad
// dualstack:network.ipv6Prefix; no lab needed), and a full preview of the
// default lab (3 nodes + 2 ingress, brought up first as `bench-preview`, so
// the preview diffs against real state like `preview -s local` after
// `npm run lab`). Each with the program transpiled only (the project's
// default, tsconfig.pulumi.json) and, for contrast,
// type-checked by the engine's ts-node (PULUMI_NODEJS_TRANSPILE_ONLY=false).
// Run as root (the lab), under flock /tmp/dualstack-lab.lock on a shared machine.
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import * as fs from "node:fs";
import { EngineStack, expectOk } from "../scripts/lib/engine-stack";
import type { PulumiRun } from "../scripts/lib/pulumi-cli";
import { checkInterrupted, installSignalHandlers, log, runMain, withLab } from "./lib/lab";
import { fmt, max, median, timed } from "./lib/stats";
import { formatTable } from "./lib/table";

const MODES = [
  // Empty: Pulumi falls back to the project's tsconfig (tsconfig.pulumi.json's noCheck).
  { name: "transpile only (default)", env: { PULUMI_NODEJS_TRANSPILE_ONLY: "" }, targets: { error: 3, preview: 5 } },
  { name: "type-checked by ts-node", env: { PULUMI_NODEJS_TRANSPILE_ONLY: "false" }, targets: undefined },
] as const;

/** What the config-error stack gets wrong, and the line its preview must print. */
const BAD_PREFIX = "fd00::/64";

/** A stack whose config the program rejects; it never gets a resource. */
class ConfigErrorStack extends EngineStack {
  constructor() {
    super("bench-preview-error");
    const config = {
      "dualstack:provider": "local",
      "dualstack:network": { ipv4Supernet: "10.89.0.0/16", ipv6Prefix: BAD_PREFIX },
      "dualstack:nodes": { count: 3 },
    };
    fs.writeFileSync(this.configFile, stringify({ config }));
  }
}

async function timeRuns(what: string, runs: number, preview: () => Promise<PulumiRun>, expect: (r: PulumiRun) => boolean): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 1; i <= runs; i++) {
    checkInterrupted();
    const [run, s] = await timed(preview);
    if (!expect(run)) throw new Error(`${what}: unexpected result (exit ${run.code}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
    log(`${what} run ${i}/${runs}: ${s.toFixed(1)} s`);
    seconds.push(s);
  }
  return seconds;
}

const failsOnPrefix = (r: PulumiRun) => r.code !== 0 && r.stdout.includes(`dualstack:network.ipv6Prefix: "${BAD_PREFIX}"`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error(`--runs must be an integer 1..20, got ${values.runs}`);
  installSignalHandlers();
  const started = Date.now();
  const results = new Map<string, { error: number[]; preview: number[] }>(MODES.map((m) => [m.name, { error: [], preview: [] }]));

  const bad = new ConfigErrorStack();
  await bad.createStack();
  try {
    for (const mode of MODES) {
      results.get(mode.name)!.error = await timeRuns(`config error, ${mode.name}`, runs, () => bad.preview([], mode.env), failsOnPrefix);
    }
  } finally {
    await bad.remove();
  }

  await withLab({ stack: "bench-preview", nodes: 3, ingress: 2, advertIntervalSeconds: 0.1 }, async ({ stack }) => {
    for (const mode of MODES) {
      results.get(mode.name)!.preview = await timeRuns(`lab preview, ${mode.name}`, runs, () => stack.preview([], mode.env), (r) => {
        expectOk(r, `pulumi preview -s ${stack.stack}`);
        return true;
      });
    }
  });

  const rows = [["PROGRAM", "CONFIG ERROR runs (s)", "p50 (s)", "TARGET", "LAB PREVIEW runs (s)", "p50 (s)", "max (s)", "TARGET"]];
  for (const mode of MODES) {
    const r = results.get(mode.name)!;
    const target = (values: number[], limit?: number) => (limit === undefined ? "-" : `< ${limit} s: ${median(values) < limit ? "met" : "MISSED"}`);
    rows.push([
      mode.name,
      r.error.map((s) => s.toFixed(1)).join(", "),
      fmt(median(r.error), 1),
      target(r.error, mode.targets?.error),
      r.preview.map((s) => s.toFixed(1)).join(", "),
      fmt(median(r.preview), 1),
      fmt(max(r.preview), 1),
      target(r.preview, mode.targets?.preview),
    ]);
  }
  console.log(`\npulumi preview wall clock (engine process start to exit), ${runs} run(s) each; config error = the preview failing on dualstack:network.ipv6Prefix, lab preview = the default lab (21 resources), against its state:\n`);
  console.log(formatTable(rows));
  console.log(`\ntotal runtime: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return 0;
}

if (require.main === module) runMain(main);
