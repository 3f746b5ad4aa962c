// `npm run bench:bringup -- [--runs 2]`
// Wall-clock time of `pulumi up` (process start to exit) and `pulumi destroy`
// for the default lab (3 nodes + 2 ingress, a Docker Engine per node) and a
// 12-node lab, each up followed by the lab check (every endpoint over both
// families), so a fast but broken lab does not count; the memory of each
// node's engine (dockerd + containerd + shim RSS) after up; and, apart, the
// first-run build of the demo image (a cache hit afterwards).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { defaultRecipe, recipeHash } from "../components/lab/docker/app";
import { imageTar } from "../components/lab/docker/image";
import { pidsMentioning } from "../components/lab/linux";
import { labNames } from "../components/lab/names";
import { probe } from "../components/lab/probe/http";
import { endpointsOf, type LabContainer } from "../scripts/lab-check";
import type { LabOutputs, LabStack } from "../scripts/lib/lab-stack";
import { expectOk } from "../scripts/lib/engine-stack";
import { checkInterrupted, log, prepareStack, runMain, teardown } from "./lib/lab";
import { fmt, max, median, timed } from "./lib/stats";
import { formatTable } from "./lib/table";

const APP_PORT = 8080;

interface Size {
  nodes: number;
  ingress: number;
  /** Seconds `up` may take (p50), when this size has a target. */
  targetSeconds?: number;
}

const SIZES: Size[] = [
  { nodes: 3, ingress: 2, targetSeconds: 30 },
  { nodes: 12, ingress: 2 },
];

interface Run {
  upSeconds: number;
  destroySeconds: number;
  resources?: number;
  checkPassed: number;
  checkTotal: number;
  /** Per node: dockerd + containerd + shim resident memory, MiB. */
  engineMiB: number[];
}

/** Resident memory (MiB) of the processes whose command line names the node's engine directory. */
async function engineMemoryMiB(stack: string, nodes: string[]): Promise<number[]> {
  const names = labNames(stack);
  const sizes: number[] = [];
  for (const node of nodes) {
    let kib = 0;
    for (const pid of await pidsMentioning(path.join(names.stateDir(node), "docker"))) {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    }
    sizes.push(kib / 1024);
  }
  return sizes;
}

/** The lab check of scripts/lab-check.ts: both VIPs and every node, each over both families. */
async function labCheck(outputs: LabOutputs): Promise<{ passed: number; total: number }> {
  const endpoints = endpointsOf(outputs.addressPlan, APP_PORT, (outputs as LabOutputs & { containers: LabContainer[] }).containers);
  let passed = 0;
  for (const e of endpoints) {
    const r = await probe(outputs.clientNamespace, e.url);
    if (r.ok && r.family === e.family) passed++;
    else log(`check failed: ${e.name} ${e.family} ${e.url}: ${r.error ?? `answered over ${r.family}`}`);
  }
  return { passed, total: endpoints.length };
}

async function measure(stack: LabStack, runs: number): Promise<Run[]> {
  const results: Run[] = [];
  for (let i = 1; i <= runs; i++) {
    checkInterrupted();
    const [up, upSeconds] = await timed(() => stack.up());
    expectOk(up, `pulumi up -s ${stack.stack}`);
    // "+ 27 created" in the engine's summary.
    const created = /\+\s*(\d+)\s+created/.exec(up.stdout);
    const outputs = await stack.outputs();
    const check = await labCheck(outputs);
    const engineMiB = await engineMemoryMiB(stack.stack, outputs.addressPlan.nodes.map((n) => n.name));
    checkInterrupted();
    const [destroy, destroySeconds] = await timed(() => stack.destroy());
    expectOk(destroy, `pulumi destroy -s ${stack.stack}`);
    const run = { upSeconds, destroySeconds, resources: created ? Number(created[1]) : undefined, checkPassed: check.passed, checkTotal: check.total, engineMiB };
    log(`${stack.stack} run ${i}/${runs}: up ${upSeconds.toFixed(1)} s, check ${check.passed}/${check.total}, destroy ${destroySeconds.toFixed(1)} s`);
    results.push(run);
  }
  return results;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "2" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error(`--runs must be an integer 1..20, got ${values.runs}`);
  const started = Date.now();
  const rows = [["NODES", "INGRESS", "RESOURCES", "UP runs (s)", "UP p50 (s)", "DESTROY p50 (s)", "ENGINE RSS/NODE p50 (MiB)", "LAB CHECK", "TARGET"]];
  // The first run builds the demo image (then cached by content hash): timed apart, into an empty cache.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-image-"));
  const recipe = defaultRecipe();
  const [tar, imageSeconds] = await timed(() => imageTar(recipe, recipeHash(recipe), scratch));
  const imageMiB = fs.statSync(tar).size / 2 ** 20;
  fs.rmSync(scratch, { recursive: true, force: true });
  for (const size of SIZES) {
    const stack = await prepareStack({ stack: `bench-bringup-${size.nodes}`, nodes: size.nodes, ingress: size.ingress, advertIntervalSeconds: 0.1 });
    let results: Run[] = [];
    try {
      results = await measure(stack, runs);
    } finally {
      await teardown(stack);
    }
    const up = results.map((r) => r.upSeconds);
    const allChecked = results.every((r) => r.checkPassed === r.checkTotal);
    const target =
      size.targetSeconds === undefined
        ? "-"
        : `<= ${size.targetSeconds} s: ${allChecked && median(up) <= size.targetSeconds ? "met" : "MISSED"}`;
    rows.push([
      String(size.nodes),
      String(size.ingress),
      String(results[0]?.resources ?? "?"),
      up.map((s) => s.toFixed(1)).join(", "),
      fmt(median(up), 1),
      fmt(median(results.map((r) => r.destroySeconds)), 1),
      fmt(median(results.flatMap((r) => r.engineMiB)), 0),
      results.map((r) => `${r.checkPassed}/${r.checkTotal}`).join(", ") + (allChecked ? " ok" : " FAILED"),
      target,
    ]);
    log(`${size.nodes} nodes: up max ${fmt(max(up), 1)} s`);
  }
  console.log(`\npulumi up / destroy wall clock (engine process start to exit), ${runs} run(s) each; lab check after every up:\n`);
  console.log(formatTable(rows));
  console.log(`\nfirst run only: demo image built in ${imageSeconds.toFixed(1)} s (${imageMiB.toFixed(0)} MiB tar; every later run imports the cached one)`);
  console.log(`\ntotal runtime: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return 0;
}

if (require.main === module) runMain(main);
