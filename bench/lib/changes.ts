// One config change of a running lab stack, applied with `pulumi up` while
// lib/prober.js sends a request every 20 ms to each VIP from the client
// namespace: the failed requests per family, and how long the `up` took.
// Shared by bench/changes.ts and test/integration/lab-changes.
import * as fs from "node:fs";
import * as path from "node:path";
import type { LabStack, LabStackOptions } from "../../scripts/lib/lab-stack";
import { findOnPath } from "../../components/lab";
import { expectOk } from "../../scripts/lib/engine-stack";
import { sleep } from "../../components/lab/linux";
import { Agent, FAMILIES, type Family, type ProbeSample } from "./agents";

/** One request every 20 ms per family (the probe). */
export const PROBE_INTERVAL_MS = 20;
/**
 * A request counts as failed after 1 s. A normal answer through the lab takes
 * 1 to 5 ms, but on the 2-core machine under load a process waits hundreds of
 * ms for the CPU, so a tighter timeout would count the scheduler, not the
 * lab. A request really lost to a change (a VIP on no host, a listener
 * closed under a SYN) recovers only through Linux's SYN retransmission after
 * 1 s (the initial RTO), so it always reaches this timeout; refused or reset
 * connections and non-200 answers fail at once.
 */
export const PROBE_TIMEOUT_MS = 1_000;
/** Probing before and after the `up`: a failure just after it still counts. */
const MARGIN_MS = 1_000;

export interface ChangeKind {
  label: string;
  /** The stack's options after the change. */
  to: LabStackOptions;
  /** The ingress daemon a change restarts (a new binary: no reload can apply it); none restarts otherwise. */
  restarts?: "haproxy" | "keepalived";
}

export interface ChangeResult {
  label: string;
  failed: Record<Family, number>;
  requests: Record<Family, number>;
  /** Wall clock of the `pulumi up`. */
  seconds: number;
  /** The failed samples (for the report). */
  failures: ProbeSample[];
}

/**
 * The change kinds, in order, each from the state the one before
 * left, starting at a default lab (3 nodes, 2 ingress hosts with room for a
 * third, 0.1 s adverts). The last two give the ingress hosts other HAProxy
 * and keepalived binaries (copies in `binDir`, see upgradedBinaries), as an
 * upgrade would: a restart, with the VIPs handed over first.
 */
export function changeKinds(base: LabStackOptions, binDir: string): ChangeKind[] {
  const steps: [string, Partial<LabStackOptions>, ChangeKind["restarts"]?][] = [
    ["nodes.count 3 -> 5", { nodes: 5 }],
    ["nodes.count 5 -> 2", { nodes: 2 }],
    ["local.advertIntervalSeconds 0.1 -> 0.2", { advertIntervalSeconds: 0.2 }],
    ["ingress.count 2 -> 3", { ingress: 3 }],
    ["ingress.count 3 -> 2", { ingress: 2 }],
    ["local.haproxy: a new binary (restart)", { binaries: { haproxy: `${binDir}/haproxy` } }, "haproxy"],
    ["local.keepalived: a new binary (restart)", { binaries: { haproxy: `${binDir}/haproxy`, keepalived: `${binDir}/keepalived` } }, "keepalived"],
  ];
  let to = base;
  return steps.map(([label, over, restarts]) => {
    to = { ...to, ...over };
    return { label, to, restarts };
  });
}

/** Copies of this machine's haproxy and keepalived in `dir`: other binaries, as after an upgrade. */
export function upgradedBinaries(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const tool of ["haproxy", "keepalived"]) {
    const installed = findOnPath(tool);
    if (!installed) throw new Error(`no ${tool} on PATH`);
    fs.copyFileSync(installed, path.join(dir, tool));
    fs.chmodSync(path.join(dir, tool), 0o755);
  }
}

/**
 * A restart hands both VIPs to the peer and takes them back: two moves. The
 * move itself can cost a request: one in flight at that moment, begun at one
 * host and continued at the other, which resets it (VRRP moves addresses,
 * not open TCP connections). No other failure is allowed: a timeout (a SYN
 * lost) or a refusal (no listener) means a VIP sat on a host that did not
 * serve. A reload moves nothing and may cost nothing.
 */
export const VIP_MOVES_PER_RESTART = 2;

/** The failures `change` may not have: all for a reload; for a restart, any but a reset per VIP move and family. */
export function unexpectedFailures(change: ChangeKind, r: ChangeResult): ProbeSample[] {
  if (!change.restarts) return r.failures;
  const resets: Record<string, number> = {};
  return r.failures.filter((f) => {
    if (f.err !== "ECONNRESET") return true;
    resets[f.family] = (resets[f.family] ?? 0) + 1;
    return resets[f.family] > VIP_MOVES_PER_RESTART;
  });
}

/** Applies `change` to the running `stack` with the probe running; the stack's config stays changed. */
export async function applyChange(stack: LabStack, clientNamespace: string, vips: Record<Family, string>, change: ChangeKind): Promise<ChangeResult> {
  const samples: ProbeSample[] = [];
  const prober = new Agent<ProbeSample>(
    clientNamespace,
    "prober.js",
    ["--v4", vips.ipv4, "--v6", vips.ipv6, "--interval", String(PROBE_INTERVAL_MS), "--timeout", String(PROBE_TIMEOUT_MS)],
    (s) => samples.push(s),
  );
  let seconds = 0;
  try {
    await sleep(MARGIN_MS);
    if (!prober.running) throw new Error(`prober exited: ${prober.errors}`);
    stack.writeConfig(change.to);
    const started = Date.now();
    expectOk(await stack.up(), `pulumi up (${change.label})`);
    seconds = (Date.now() - started) / 1000;
    await sleep(MARGIN_MS + PROBE_TIMEOUT_MS);
  } finally {
    await prober.stop();
  }
  const count = (f: Family, ok?: boolean) => samples.filter((s) => s.family === f && (ok === undefined || s.ok === ok)).length;
  const failed = Object.fromEntries(FAMILIES.map((f) => [f, count(f, false)])) as Record<Family, number>;
  const requests = Object.fromEntries(FAMILIES.map((f) => [f, count(f)])) as Record<Family, number>;
  return { label: change.label, failed, requests, seconds, failures: samples.filter((s) => !s.ok) };
}
