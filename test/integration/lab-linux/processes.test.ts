// Detached processes in namespaces: the demo app answering both families,
// haproxy and keepalived in foreground mode, pid records that survive pid
// reuse, and a teardown that leaves nothing running (root required).
import { spawn } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  ensureAddresses,
  identifyNamespace,
  killProcess,
  LabNameError,
  listNamespaces,
  logFilePath,
  namespacePids,
  pidFilePath,
  processStatus,
  readAddresses,
  readProcStat,
  startDetached,
  stopProcess,
  waitFor,
  type PidRecord,
  type StartOptions,
} from "../../../components/lab/linux";
import { buildLab, cleanup, curlIn, describeAsRoot, makeStateDir, planLab, uniquePrefix } from "./fixture";

jest.setTimeout(30_000);

const DEMO = resolve(__dirname, "../../../apps/demo-app/server.js");
const VIP4 = "10.77.0.100";
const VIP6 = "fd7a:b0c1:d2e3:1::100";

describeAsRoot("lab-linux detached processes", () => {
  const prefix = uniquePrefix();
  const lab = planLab(prefix);
  const { a, b } = lab;
  let stateDir = "";
  const started: PidRecord[] = [];

  const start = async (opts: Omit<StartOptions, "stateDir">): Promise<PidRecord> => {
    const rec = await startDetached({ ...opts, stateDir });
    started.push(rec);
    return rec;
  };
  const startDemo = (name: string, port: number, env: Record<string, string> = { NODE_NAME: "node-a" }) =>
    start({ ns: a.ns, name, command: process.execPath, args: [DEMO], env: { PORT: String(port), ...env } });

  beforeAll(async () => {
    stateDir = await makeStateDir(prefix);
    await buildLab(lab);
  });
  afterAll(() => cleanup(prefix, stateDir));

  it("starts the demo app detached in host A; starting it again is a no-op", async () => {
    const rec = await startDemo("demo", 8080);
    expect((await startDemo("demo", 8080)).pid).toBe(rec.pid);
    await waitFor(async () => (await curlIn(a.ns, "http://127.0.0.1:8080/healthz")) === "ok", { description: "healthz" });
    expect(await processStatus(stateDir, "demo")).toEqual({ running: true, pid: rec.pid });
    const onDisk = JSON.parse(await readFile(pidFilePath(stateDir, "demo"), "utf8")) as PidRecord;
    expect(onDisk).toMatchObject({ pid: rec.pid, startTime: rec.startTime, command: process.execPath, ns: a.ns });
    expect(onDisk.startTime).toBeGreaterThan(0);
  });

  it("really runs the process inside namespace A", async () => {
    const { pid } = await processStatus(stateDir, "demo");
    expect(await identifyNamespace(pid as number)).toBe(a.ns);
    const inode = async (path: string) => (await stat(path)).ino;
    expect(await inode(`/proc/${pid}/ns/net`)).toBe(await inode(`/run/netns/${a.ns}`));
    expect(await inode(`/proc/${pid}/ns/net`)).not.toBe(await inode("/proc/self/ns/net"));
    expect(await namespacePids(a.ns)).toContain(pid);
  });

  it("answers host B over IPv4 with B's plain IPv4 address (not ::ffff:)", async () => {
    const text = await curlIn(b.ns, `http://${a.addr4}:8080/`);
    expect(text).toBe(`node=node-a client=${b.addr4} family=IPv4 via=direct\n`);
    const json = JSON.parse(await curlIn(b.ns, `http://${a.addr4}:8080/`, ["Accept: application/json"]));
    expect(json).toEqual({
      node: "node-a",
      client: { address: b.addr4, family: "IPv4" },
      forwardedFor: null,
      server: { address: a.addr4, port: 8080, family: "IPv4" },
    });
  });

  it("answers host B over IPv6 with B's IPv6 address", async () => {
    const text = await curlIn(b.ns, `http://[${a.addr6}]:8080/`);
    expect(text).toBe(`node=node-a client=${b.addr6} family=IPv6 via=direct\n`);
    const json = JSON.parse(await curlIn(b.ns, `http://[${a.addr6}]:8080/`, ["Accept: application/json"]));
    expect(json.client).toEqual({ address: b.addr6, family: "IPv6" });
    expect(json.server).toEqual({ address: a.addr6, port: 8080, family: "IPv6" });
  });

  it("runs haproxy in the foreground (-W -db) on VIPs host A does not hold yet", async () => {
    const cfg = join(stateDir, "haproxy.cfg");
    await writeFile(cfg, haproxyConfig(8080));
    const rec = await start({ ns: a.ns, name: "haproxy", command: "haproxy", args: ["-W", "-db", "-f", cfg] });
    // Still running after the settle time: binding the absent VIPs worked (ip_nonlocal_bind).
    expect((await processStatus(stateDir, "haproxy")).running).toBe(true);
    expect(await identifyNamespace(rec.pid)).toBe(a.ns);

    await ensureAddresses(a.ns, a.ifname, { ipv4: `${VIP4}/24`, ipv6: `${VIP6}/64` });
    const v4 = await waitFor(() => curlIn(b.ns, `http://${VIP4}/`), { description: "haproxy on the IPv4 VIP" });
    expect(v4).toBe(`node=node-a client=127.0.0.1 family=IPv4 via=${b.addr4}\n`);
    expect(await curlIn(b.ns, `http://[${VIP6}]/`)).toBe(`node=node-a client=127.0.0.1 family=IPv4 via=${b.addr6}\n`);

    // Master-worker: stopping the master takes its worker along.
    expect((await namespacePids(a.ns)).length).toBeGreaterThanOrEqual(3); // app, master, worker
    await stopProcess(stateDir, "haproxy");
    const demoPid = (await processStatus(stateDir, "demo")).pid;
    await waitFor(async () => sameSet(await namespacePids(a.ns), [demoPid as number]), { description: "haproxy gone" });
  });

  it("tracks a forking daemon by the pid file it writes (haproxy -D -p)", async () => {
    const cfg = join(stateDir, "haproxy.cfg");
    const daemonPidFile = join(stateDir, "haproxy-d.daemon-pid");
    const rec = await start({
      ns: a.ns,
      name: "haproxy-d",
      command: "haproxy",
      args: ["-D", "-p", daemonPidFile, "-f", cfg],
      pidFile: daemonPidFile,
    });
    expect(Number((await readFile(daemonPidFile, "utf8")).trim())).toBe(rec.pid);
    expect(await processStatus(stateDir, "haproxy-d")).toEqual({ running: true, pid: rec.pid });
    expect(await identifyNamespace(rec.pid)).toBe(a.ns);
    await stopProcess(stateDir, "haproxy-d");
    expect((await processStatus(stateDir, "haproxy-d")).running).toBe(false);
    expect(await isGone(rec)).toBe(true);
  });

  it("runs keepalived in the foreground (-n); its VRRP child dies with the parent", async () => {
    const conf = join(stateDir, "keepalived.conf");
    await writeFile(conf, keepalivedConfig(b.ifname));
    const rec = await start({
      ns: b.ns,
      name: "keepalived",
      command: "keepalived",
      // -n: no fork; -P: VRRP only; -l -D: detailed log to stdout (our log file);
      // -p/-r: per-instance pid files (the defaults in /run would clash between nodes).
      args: ["-n", "-l", "-D", "-P", "-f", conf, "-p", join(stateDir, "ka.daemon-pid"), "-r", join(stateDir, "ka-vrrp.daemon-pid")],
    });
    const hasVip = async () => (await readAddresses(b.ns, b.ifname)).ipv4.includes("10.77.0.200/24");
    await waitFor(hasVip, { timeoutMs: 10_000, description: "keepalived MASTER with its VIP" });
    expect((await readAddresses(b.ns, b.ifname)).ipv6).toContain("fd7a:b0c1:d2e3:1::200/64");
    expect((await namespacePids(b.ns)).length).toBe(2); // parent + VRRP child

    // SIGKILL of the parent alone: the child gets its parent-death signal and shuts down (VIPs released).
    expect(await killProcess(stateDir, "keepalived", "SIGKILL")).toBe(true);
    await waitFor(async () => (await namespacePids(b.ns)).length === 0, { description: "keepalived child gone" });
    expect(await hasVip()).toBe(false);
    expect(await processStatus(stateDir, "keepalived")).toEqual({ running: false });
    expect(rec.pid).toBeGreaterThan(0);
    await stopProcess(stateDir, "keepalived"); // not running: only removes the pid file
  });

  it("reports not running after killProcess(SIGKILL), keeping the pid file until stopProcess", async () => {
    const rec = started.find((r) => r.command === process.execPath && r.ns === a.ns) as PidRecord;
    expect(await processStatus(stateDir, "demo")).toEqual({ running: true, pid: rec.pid });
    expect(await killProcess(stateDir, "demo", "SIGKILL")).toBe(true);
    await waitFor(async () => !(await processStatus(stateDir, "demo")).running, { description: "demo dead" });
    expect(await isGone(rec)).toBe(true);
    expect(await killProcess(stateDir, "demo")).toBe(false); // nothing of ours left to signal
    await stat(pidFilePath(stateDir, "demo")); // still there: a crash leaves its record
    await stopProcess(stateDir, "demo");
    await expect(stat(pidFilePath(stateDir, "demo"))).rejects.toThrow(/ENOENT/);
  });

  it("stops the demo app with SIGTERM; it shuts down cleanly", async () => {
    const rec = await startDemo("demo-term", 8082);
    await waitFor(async () => (await curlIn(a.ns, "http://[::1]:8082/healthz")) === "ok", { description: "healthz" });
    await stopProcess(stateDir, "demo-term");
    expect(await isGone(rec)).toBe(true);
    expect(await readFile(logFilePath(stateDir, "demo-term"), "utf8")).toMatch(/SIGTERM, shutting down/);
    await stopProcess(stateDir, "demo-term"); // absent: no-op
  });

  it("treats a pid file whose start time does not match as not running and never signals that pid", async () => {
    const stranger = spawn("sleep", ["30"], { stdio: "ignore" }); // a live process that is not ours
    try {
      const pid = stranger.pid as number;
      const real = await readProcStat(pid);
      const forged: PidRecord = {
        pid, startTime: (real?.startTime ?? 0) + 1, command: "sleep", args: [], ns: a.ns, startedAt: new Date().toISOString(),
      };
      await writeFile(pidFilePath(stateDir, "reused"), JSON.stringify(forged));
      expect(await processStatus(stateDir, "reused")).toEqual({ running: false });
      expect(await killProcess(stateDir, "reused")).toBe(false);
      await stopProcess(stateDir, "reused", { timeoutMs: 200 });
      expect(stranger.exitCode).toBeNull();
      expect((await readProcStat(pid))?.state).not.toBe("Z");
      await expect(stat(pidFilePath(stateDir, "reused"))).rejects.toThrow(/ENOENT/); // stale record removed
    } finally {
      stranger.kill("SIGKILL");
    }
  });

  it("fails fast, quoting the log, when the process exits at once", async () => {
    await expect(startDemo("demo-bad", 8083, {})).rejects.toThrow(/exited with 1[\s\S]*NODE_NAME is required/);
    expect((await processStatus(stateDir, "demo-bad")).running).toBe(false);
    await expect(stat(pidFilePath(stateDir, "demo-bad"))).rejects.toThrow(/ENOENT/);
    await expect(
      startDetached({ ns: `${prefix}nope`, name: "x", command: "true", stateDir }),
    ).rejects.toThrow(/namespace .*nope does not exist/);
    await expect(startDetached({ ns: a.ns, name: "../evil", command: "true", stateDir })).rejects.toThrow(LabNameError);

    // pidFile mode: a daemon that fails before forking is reported at once, not after the pid-file timeout.
    const broken = join(stateDir, "broken.cfg");
    await writeFile(broken, "frontend fe\n  no-such-keyword\n");
    const t0 = Date.now();
    await expect(
      startDetached({
        ns: a.ns, name: "haproxy-broken", command: "haproxy", stateDir,
        args: ["-D", "-p", join(stateDir, "broken.daemon-pid"), "-f", broken],
        pidFile: join(stateDir, "broken.daemon-pid"),
      }),
    ).rejects.toThrow(/launcher exited with 1[\s\S]*no-such-keyword/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it("tears down: no namespaces and no processes left", async () => {
    await cleanup(prefix, stateDir);
    expect(await listNamespaces(prefix)).toEqual([]);
    for (const rec of started) expect(await isGone(rec)).toBe(true);
  });
});

/** Dead: no such pid, a zombie not yet reaped (our init reaps lazily), or the pid was reused. */
async function isGone(rec: { pid: number; startTime: number }): Promise<boolean> {
  const st = await readProcStat(rec.pid);
  return st === undefined || st.state === "Z" || st.startTime !== rec.startTime;
}

function sameSet(actual: number[], expected: number[]): boolean {
  return actual.length === expected.length && expected.every((p) => actual.includes(p));
}

function haproxyConfig(appPort: number): string {
  return `global
  log stdout format raw local0
defaults
  mode http
  log global
  option forwardfor
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend fe
  bind ${VIP4}:80
  bind [${VIP6}]:80
  default_backend app
backend app
  server local 127.0.0.1:${appPort}
`;
}

function keepalivedConfig(ifname: string): string {
  return `global_defs {
  router_id lab-test
}
vrrp_instance v4 {
  state MASTER
  interface ${ifname}
  virtual_router_id 51
  priority 150
  advert_int 1
  virtual_ipaddress {
    10.77.0.200/24
  }
  virtual_ipaddress_excluded {
    fd7a:b0c1:d2e3:1::200/64
  }
}
`;
}
