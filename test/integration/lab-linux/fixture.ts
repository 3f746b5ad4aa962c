// Shared fixture for the lab-linux integration suites: a unique name prefix
// per run, a two-host lab (switch + hosts A and B), and cleanup that always
// leaves nothing behind. Traffic stays inside the namespaces made here.
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  configureHostStack,
  connectToBridge,
  deleteNamespace,
  ensureAddresses,
  ensureBridge,
  ensureNamespace,
  listNamespaces,
  nsExec,
  stopProcess,
} from "../../../components/lab/linux";

export const isRoot = process.getuid?.() === 0;

/** `describe` when root, else `describe.skip` with the reason in its title. */
export function describeAsRoot(name: string, fn: () => void): void {
  if (isRoot) describe(name, fn);
  else describe.skip(`${name} (skipped: needs root to create network namespaces)`, fn);
}

/** "dst" + 4 random chars + "-": never clashes with a real lab's names. */
export function uniquePrefix(): string {
  return `dst${randomBytes(3).toString("base64url").slice(0, 4).toLowerCase().replace(/[^a-z0-9]/g, "x")}-`;
}

export interface LabHost {
  ns: string;
  ifname: string;
  /** Switch-side veth name. */
  peerIf: string;
  ipv4: string; // CIDR
  ipv6: string; // CIDR
  /** Plain addresses (no prefix length). */
  addr4: string;
  addr6: string;
}

export interface Lab {
  prefix: string;
  switchNs: string;
  bridge: string;
  a: LabHost;
  b: LabHost;
}

/** The lab's plan: ULA /64 and a /24, hosts A (.10/::a) and B (.11/::b). */
export function planLab(prefix: string): Lab {
  const host = (tag: string, n: number): LabHost => ({
    ns: `${prefix}${tag}`,
    ifname: "eth0",
    peerIf: `${prefix}p${tag}`,
    ipv4: `10.77.0.${n}/24`,
    ipv6: `fd7a:b0c1:d2e3:1::${n.toString(16)}/64`,
    addr4: `10.77.0.${n}`,
    addr6: `fd7a:b0c1:d2e3:1::${n.toString(16)}`,
  });
  return { prefix, switchNs: `${prefix}sw`, bridge: "br0", a: host("a", 10), b: host("b", 11) };
}

/** Builds (or re-applies: idempotent) the whole lab. */
export async function buildLab(lab: Lab): Promise<void> {
  await ensureNamespace(lab.switchNs);
  await ensureBridge(lab.switchNs, lab.bridge);
  for (const h of [lab.a, lab.b]) {
    await ensureNamespace(h.ns);
    await configureHostStack(h.ns); // before the veth exists: it inherits accept_dad=0
    await connectToBridge({ hostNs: h.ns, hostIf: h.ifname, switchNs: lab.switchNs, bridge: lab.bridge, peerIf: h.peerIf });
    await configureHostStack(h.ns, h.ifname);
    await ensureAddresses(h.ns, h.ifname, { ipv4: h.ipv4, ipv6: h.ipv6 });
  }
}

/** A fresh state dir for pid and log files. */
export function makeStateDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${prefix}state-`));
}

/** Stops every recorded process, deletes every namespace with `prefix`, removes the state dir. Never throws. */
export async function cleanup(prefix: string, stateDir?: string): Promise<void> {
  const problems: string[] = [];
  if (stateDir !== undefined) {
    const files = await readdir(stateDir).catch(() => [] as string[]);
    for (const f of files.filter((f) => f.endsWith(".pid"))) {
      await stopProcess(stateDir, f.slice(0, -4), { timeoutMs: 2_000 }).catch((e: Error) => problems.push(e.message));
    }
  }
  for (const ns of await listNamespaces(prefix).catch(() => [] as string[])) {
    await deleteNamespace(ns, { killProcesses: true, timeoutMs: 2_000 }).catch((e: Error) => problems.push(e.message));
  }
  if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
  if (problems.length > 0) console.warn(`lab-linux cleanup problems:\n${problems.join("\n")}`);
}

/** curl inside `ns` (never through a proxy); returns the body. */
export async function curlIn(ns: string, url: string, headers: string[] = []): Promise<string> {
  const args = ["-sS", "--fail", "--noproxy", "*", "--max-time", "5", ...headers.flatMap((h) => ["-H", h]), url];
  return (await nsExec(ns, "curl", args)).stdout;
}
