// Changes without a dropped request (issue 15), on the real engine and the
// real lab: while a probe sends a request every 20 ms to each VIP from the
// client namespace, `pulumi up` applies each change kind; no request may fail
// on either family. HAProxy and keepalived take new configs by reload (no
// restart), the engine changes one ingress host at a time, an ingress host
// comes and goes without moving a node (ingress.maxCount), and a daemon that
// must restart (a new binary) first hands the VIPs to its peer.
// No timing is asserted (the machine is shared); bench/changes.ts prints them.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyChange, changeKinds, unexpectedFailures, upgradedBinaries, VIP_MOVES_PER_RESTART, type ChangeKind } from "../../../bench/lib/changes";
import { expectOk } from "../../../scripts/lib/engine-stack";
import { LabStack, type LabOutputs, type LabStackOptions } from "../../../scripts/lib/lab-stack";
import { labNames } from "../../../components/lab";
import { logFilePath, readPidRecord } from "../../../components/lab/linux";
import { vipHolders } from "../lib/lab-state";

jest.setTimeout(600_000);
const isRoot = process.getuid?.() === 0;
const describeAsRoot = isRoot ? describe : describe.skip;

const BASE: LabStackOptions = { stack: "itest-hitless", ipv4Supernet: "10.94.0.0/16", nodes: 3, ingress: 2, ingressMaxCount: 3, advertIntervalSeconds: 0.1 };
const names = labNames(BASE.stack);
const DAEMONS = ["haproxy", "keepalived"] as const;

/** The pids of the ingress daemons: a reload keeps them, a restart would not. */
async function daemonPids(hosts: string[]): Promise<Record<string, number | undefined>> {
  const pids: Record<string, number | undefined> = {};
  for (const h of hosts) {
    for (const d of DAEMONS) pids[`${h}/${d}`] = (await readPidRecord(names.stateDir(h), d))?.pid;
  }
  return pids;
}

/** The size of each host's keepalived log: what a host logs during a change comes after it. */
function keepalivedLogSizes(hosts: string[]): Record<string, number> {
  return Object.fromEntries(hosts.map((h) => [h, fs.statSync(logFilePath(names.stateDir(h), "keepalived")).size]));
}

function keepalivedLogSince(host: string, from: number): string {
  return fs.readFileSync(logFilePath(names.stateDir(host), "keepalived")).subarray(from).toString("utf8");
}

describeAsRoot("changes to a running lab drop no request", () => {
  const lab = new LabStack(BASE);
  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-itest-bin-"));
  let out: LabOutputs;

  beforeAll(async () => {
    upgradedBinaries(binDir);
    await lab.init();
    expectOk(await lab.up(), "pulumi up");
    out = await lab.outputs();
  });

  afterAll(async () => {
    await lab.destroy();
    await lab.remove();
    fs.rmSync(binDir, { recursive: true, force: true });
  });

  const kinds = changeKinds(BASE, binDir);
  const kind = (label: string): ChangeKind => kinds.find((k) => k.label.startsWith(label))!;

  /** Applies `change` under the probe: no failed request it may not have (a reload: none); returns the pids before and after. */
  const zeroFailures = async (change: ChangeKind) => {
    const hosts = out.addressPlan.ingress.hosts.map((h) => h.name);
    const before = await daemonPids(hosts);
    const logs = keepalivedLogSizes(hosts);
    const r = await applyChange(lab, out.clientNamespace, out.addressPlan.ingress.vips, change);
    // The probe really ran throughout (a request every 20 ms, minus load).
    expect(r.requests.ipv4).toBeGreaterThan(50);
    expect(r.requests.ipv6).toBeGreaterThan(50);
    expect({ change: change.label, unexpected: unexpectedFailures(change, r).slice(0, 5) }).toEqual({ change: change.label, unexpected: [] });
    const previous = out;
    out = await lab.outputs();
    return { hosts, before, after: await daemonPids(hosts), logs, previous };
  };

  /** A change the daemons take by reload: every ingress daemon that was there keeps its pid. */
  const reloaded = async (change: ChangeKind) => {
    const { before, after } = await zeroFailures(change);
    expect(after).toEqual(before);
  };

  // In order: each change starts from the state the one before left.
  it("nodes.count 3 -> 5: 0 failed requests per family, daemons reloaded in place", () => reloaded(kind("nodes.count 3 -> 5")));

  // Routes to the removed nodes' Docker /64s stay on the ingress hosts
  // (components/lab/providers/host.ts): HAProxy reloads without those servers
  // after its host updates, and until then still sends IPv6 requests there.
  it("nodes.count 5 -> 2: 0 failed requests per family, daemons reloaded in place", () => reloaded(kind("nodes.count 5 -> 2")));

  it("local.advertIntervalSeconds 0.1 -> 0.2: 0 failed requests per family, daemons reloaded in place", () => reloaded(kind("local.advertIntervalSeconds")));

  it("leaves each daemon on its new config: HAProxy lists exactly the remaining nodes, keepalived the new advert interval", async () => {
    for (const h of out.addressPlan.ingress.hosts) {
      const cfg = fs.readFileSync(`${names.stateDir(h.name)}/haproxy.cfg`, "utf8");
      expect(cfg.match(/^\s+server (\S+) ipv4@/gm)?.map((l) => l.trim().split(" ")[1])).toEqual(["node-1", "node-2"]);
      expect(fs.readFileSync(`${names.stateDir(h.name)}/keepalived.conf`, "utf8")).toMatch(/advert_int 0\.2/);
    }
  });

  it("ingress.count 2 -> 3: 0 failed requests per family, no node moves, the others reload, the new host joins VRRP as a backup", async () => {
    const { before, after, previous } = await zeroFailures(kind("ingress.count 2 -> 3"));
    expect(after).toEqual(before);
    expect(out.addressPlan.nodes).toEqual(previous.addressPlan.nodes);
    expect(out.addressPlan.ingress.hosts.map((h) => h.name)).toEqual(["ingress-1", "ingress-2", "ingress-3"]);
    expect(out.addressPlan.ingress.hosts.slice(0, 2)).toEqual(previous.addressPlan.ingress.hosts);
    const peers = fs.readFileSync(`${names.stateDir("ingress-1")}/keepalived.conf`, "utf8");
    expect(peers).toContain(out.addressPlan.ingress.hosts[2].ipv4);
    expect(await vipHolders(names, out.addressPlan)).toEqual({ ipv4: ["ingress-1"], ipv6: ["ingress-1"] });
    expect(keepalivedLogSince("ingress-3", 0)).toMatch(/Entering BACKUP STATE/);
  });

  it("ingress.count 3 -> 2: 0 failed requests per family, no node moves, the host is gone", async () => {
    const { before, after, previous } = await zeroFailures(kind("ingress.count 3 -> 2"));
    expect(after).toEqual({ ...before, "ingress-3/haproxy": undefined, "ingress-3/keepalived": undefined });
    expect(out.addressPlan.nodes).toEqual(previous.addressPlan.nodes);
    expect(fs.existsSync(names.stateDir("ingress-3"))).toBe(false);
  });

  // A new binary cannot be reloaded: each host in turn drops its priority
  // (handover file), the peer takes both VIPs, the daemon restarts, and the
  // host takes them back before the next host changes. The VIPs are always
  // on a host that serves: no request times out or is refused; the two moves
  // may each reset a request in flight (bench/lib/changes.ts).
  it.each(DAEMONS)(`local.%s: a new binary restarts it, the VIPs handed to the peer first; no request fails but at most a reset per VIP move (${VIP_MOVES_PER_RESTART}) and family`, async (daemon) => {
    const change = kind(`local.${daemon}`);
    expect(change.restarts).toBe(daemon);
    const { hosts, before, after, logs } = await zeroFailures(change);
    for (const h of hosts) {
      for (const d of DAEMONS) {
        const key = `${h}/${d}`;
        if (d === daemon) expect({ key, restarted: after[key] !== before[key] && after[key] !== undefined }).toEqual({ key, restarted: true });
        else expect({ key, pid: after[key] }).toEqual({ key, pid: before[key] });
      }
    }
    // ingress-2 held the VIPs while ingress-1 restarted; ingress-1 holds them again.
    expect(keepalivedLogSince("ingress-2", logs["ingress-2"])).toMatch(/Entering MASTER STATE/);
    expect(keepalivedLogSince("ingress-1", logs["ingress-1"])).toMatch(/Entering BACKUP STATE[\s\S]*Entering MASTER STATE/);
    expect(await vipHolders(names, out.addressPlan)).toEqual({ ipv4: ["ingress-1"], ipv6: ["ingress-1"] });
  });
});
