// `npm run bench:kubernetes -- [--runs 2]`
// The lab with runtime kubernetes (3 nodes + 2 ingress): wall-clock time of
// `pulumi up` (process start to exit; up returns once the Deployment's pods
// are all ready, as the Kubernetes provider waits for the rollout), checked
// after each run (every pod Ready with both families, both VIPs answering
// from pods), then `pulumi destroy`; the resident memory of the control
// plane (etcd, apiserver, controller-manager, scheduler, tunnel) and of each
// node (containerd, shims, kubelet, kube-proxy, the pod's processes); and the
// one-time build of the components (scripts/kubernetes.sh's last build).
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { kubernetesBinDir } from "../components/lab/kubernetes/paths";
import { pidsMentioning, run } from "../components/lab/linux";
import { labNames } from "../components/lab/names";
import { probe, urlFor } from "../components/lab/probe/http";
import type { LabStack } from "../scripts/lib/lab-stack";
import { expectOk } from "../scripts/lib/engine-stack";
import { checkInterrupted, log, prepareStack, runMain, teardown } from "./lib/lab";
import { fmt, median, timed } from "./lib/stats";
import { formatTable } from "./lib/table";

const TARGET_SECONDS = 60;

interface Run {
  upSeconds: number;
  destroySeconds: number;
  readyPods: number;
  pods: number;
  vipAnswers: number;
  controlPlaneMiB: number;
  nodeMiB: number[];
}

function rssMiB(pids: Iterable<number>): number {
  let kib = 0;
  for (const pid of new Set(pids)) {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return kib / 1024;
}

/** Every pid in a cgroup tree (the node's pods). */
function cgroupPids(dir: string): number[] {
  const pids = fs.readFileSync(path.join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean).map(Number);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) pids.push(...cgroupPids(path.join(dir, e.name)));
  return pids;
}

async function measure(stack: LabStack, runs: number): Promise<Run[]> {
  const names = labNames(stack.stack);
  const results: Run[] = [];
  for (let i = 1; i <= runs; i++) {
    checkInterrupted();
    const [up, upSeconds] = await timed(() => stack.up());
    expectOk(up, `pulumi up -s ${stack.stack}`);
    const out = (await stack.outputs()) as Awaited<ReturnType<LabStack["outputs"]>> & { kubeconfig: string; serviceNamespace: string };
    const { stdout } = await run(path.join(kubernetesBinDir(), "kubectl"), ["--kubeconfig", out.kubeconfig, "get", "pods", "-n", out.serviceNamespace, "-o", "json"], { timeoutMs: 60_000 });
    const pods = (JSON.parse(stdout).items as { status: { podIPs?: unknown[]; conditions?: { type: string; status: string }[] } }[]);
    const readyPods = pods.filter((p) => (p.status.podIPs ?? []).length === 2 && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
    let vipAnswers = 0;
    for (const address of [out.addressPlan.ingress.vips.ipv4, out.addressPlan.ingress.vips.ipv6]) if ((await probe(out.clientNamespace, urlFor(address, 80))).ok) vipAnswers++;
    const controlPlaneMiB = rssMiB(await pidsMentioning(names.stateDir("control-plane")));
    const nodeMiB: number[] = [];
    for (const node of out.addressPlan.nodes) {
      const cgroup = `/sys/fs/cgroup/memory/${names.hostNamespace(node.name)}`;
      const pods = fs.existsSync(cgroup) ? cgroupPids(cgroup) : [];
      nodeMiB.push(rssMiB([...(await pidsMentioning(path.join(names.stateDir(node.name), "kubernetes"))), ...pods]));
    }
    checkInterrupted();
    const [destroy, destroySeconds] = await timed(() => stack.destroy());
    expectOk(destroy, `pulumi destroy -s ${stack.stack}`);
    log(`run ${i}/${runs}: up ${upSeconds.toFixed(1)} s, ${readyPods}/${pods.length} pods ready with both families, VIPs ${vipAnswers}/2, destroy ${destroySeconds.toFixed(1)} s`);
    results.push({ upSeconds, destroySeconds, readyPods, pods: pods.length, vipAnswers, controlPlaneMiB, nodeMiB });
  }
  return results;
}

function buildSeconds(): string {
  const file = path.join(path.dirname(kubernetesBinDir()), "build.seconds");
  return fs.existsSync(file) ? `${fs.readFileSync(file, "utf8").trim()} s` : "not recorded (built before build.seconds existed, or found on PATH)";
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "2" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error(`--runs must be an integer 1..20, got ${values.runs}`);
  const started = Date.now();
  const stack = await prepareStack({ stack: "bench-k8s", nodes: 3, ingress: 2, advertIntervalSeconds: 0.1, extra: { runtime: "kubernetes" } });
  let results: Run[] = [];
  try {
    results = await measure(stack, runs);
  } finally {
    await teardown(stack);
  }
  const up = results.map((r) => r.upSeconds);
  const ok = results.every((r) => r.readyPods === r.pods && r.pods === 3 && r.vipAnswers === 2);
  const rows = [
    ["WHAT", "RESULT", "TARGET"],
    ["up to all pods ready, runs (s)", up.map((s) => s.toFixed(1)).join(", "), "-"],
    ["up to all pods ready, p50 (s)", fmt(median(up), 1), `< ${TARGET_SECONDS} s: ${ok && median(up) < TARGET_SECONDS ? "met" : "MISSED"}`],
    ["pods ready with both families / VIPs answering", results.map((r) => `${r.readyPods}/${r.pods}, ${r.vipAnswers}/2`).join("; "), "all"],
    ["destroy p50 (s)", fmt(median(results.map((r) => r.destroySeconds)), 1), "-"],
    ["control plane RSS p50 (MiB)", fmt(median(results.map((r) => r.controlPlaneMiB)), 0), "(reported)"],
    ["per node RSS p50 (MiB)", fmt(median(results.flatMap((r) => r.nodeMiB)), 0), "(reported)"],
    ["one-time build (scripts/kubernetes.sh)", buildSeconds(), "(reported)"],
  ];
  console.log(`\nlab with runtime kubernetes, 3 nodes + 2 ingress, ${runs} run(s):\n`);
  console.log(formatTable(rows));
  console.log(`\ntotal runtime: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return ok ? 0 : 1;
}

if (require.main === module) runMain(main);
