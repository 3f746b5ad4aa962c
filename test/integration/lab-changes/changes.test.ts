// Changes without a dropped request (issue 15), on the real engine and the
// real lab: while a probe sends a request every 20 ms to each VIP from the
// client namespace, `pulumi up` applies each change kind; no request may fail
// on either family. HAProxy and keepalived take new configs by reload (no
// restart), and the engine changes one ingress host at a time.
// No timing is asserted (the machine is shared); bench/changes.ts prints them.
import { readFileSync } from "node:fs";
import { applyChange, changeKinds, type ChangeResult } from "../../../bench/lib/changes";
import { expectOk } from "../../../scripts/lib/engine-stack";
import { LabStack, type LabOutputs, type LabStackOptions } from "../../../scripts/lib/lab-stack";
import { labNames } from "../../../components/lab";
import { readPidRecord } from "../../../components/lab/linux";

jest.setTimeout(600_000);
const isRoot = process.getuid?.() === 0;
const describeAsRoot = isRoot ? describe : describe.skip;

const BASE: LabStackOptions = { stack: "itest-hitless", ipv4Supernet: "10.94.0.0/16", nodes: 3, ingress: 2, advertIntervalSeconds: 0.1 };
const names = labNames(BASE.stack);

/** The pids of the ingress daemons: a reload keeps them, a restart would not. */
async function daemonPids(hosts: string[]): Promise<Record<string, number | undefined>> {
  const pids: Record<string, number | undefined> = {};
  for (const h of hosts) {
    for (const d of ["haproxy", "keepalived"]) pids[`${h}/${d}`] = (await readPidRecord(names.stateDir(h), d))?.pid;
  }
  return pids;
}

describeAsRoot("changes to a running lab drop no request", () => {
  const lab = new LabStack(BASE);
  let out: LabOutputs;

  beforeAll(async () => {
    await lab.init();
    expectOk(await lab.up(), "pulumi up");
    out = await lab.outputs();
  });

  afterAll(async () => {
    await lab.destroy();
    await lab.remove();
  });

  const [addNodes, removeNodes, advert] = changeKinds(BASE);
  const failures = (r: ChangeResult) => ({ change: r.label, failed: r.failed, failures: r.failures.slice(0, 5) });

  const zeroFailures = async (change: typeof addNodes) => {
    const hosts = out.addressPlan.ingress.hosts.map((h) => h.name);
    const before = await daemonPids(hosts);
    const r = await applyChange(lab, out.clientNamespace, out.addressPlan.ingress.vips, change);
    // The probe really ran throughout (a request every 20 ms, minus load).
    expect(r.requests.ipv4).toBeGreaterThan(50);
    expect(r.requests.ipv6).toBeGreaterThan(50);
    expect(failures(r)).toEqual({ change: change.label, failed: { ipv4: 0, ipv6: 0 }, failures: [] });
    expect(await daemonPids(hosts)).toEqual(before);
  };

  // In order: each change starts from the state the one before left.
  it(`${addNodes.label}: 0 failed requests per family, daemons reloaded in place`, () => zeroFailures(addNodes));

  // Routes to the removed nodes' Docker /64s stay on the ingress hosts
  // (components/lab/providers/host.ts): HAProxy reloads without those servers
  // after its host updates, and until then still sends IPv6 requests there.
  it(`${removeNodes.label}: 0 failed requests per family, daemons reloaded in place`, () => zeroFailures(removeNodes));

  it(`${advert.label}: 0 failed requests per family, daemons reloaded in place`, () => zeroFailures(advert));

  it("leaves each daemon on its new config: HAProxy lists exactly the remaining nodes, keepalived the new advert interval", async () => {
    for (const h of out.addressPlan.ingress.hosts) {
      const cfg = readFileSync(`${names.stateDir(h.name)}/haproxy.cfg`, "utf8");
      expect(cfg.match(/^\s+server (\S+) ipv4@/gm)?.map((l) => l.trim().split(" ")[1])).toEqual(["node-1", "node-2"]);
      expect(readFileSync(`${names.stateDir(h.name)}/keepalived.conf`, "utf8")).toMatch(/advert_int 0\.2/);
    }
  });
});
