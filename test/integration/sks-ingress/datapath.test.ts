// The SKS ingress data path on real Linux networking (root): a "node"
// namespace runs the rendered eip-routes script and haproxy with the rendered
// config, a stand-in for the app Service listens on the "cluster IPs", and a
// "client" namespace reaches the elastic IPs over a veth, as Exoscale would
// deliver them. Proves: both EIPs are accepted through local routes only (no
// address, so never a source), each family reaches the cluster IP of its own
// family, the healthcheck URI answers, and the routes go when the sidecar stops.
// The script also runs on busybox's `ip`, as in the Alpine image.
import { ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureNamespace, ip, nsExec, waitFor } from "../../../components/lab/linux";
import { renderEipRoutesScript, renderSksHaproxyConfig, SKS_INGRESS_DEFAULTS } from "../../../components/runtime/managed";
import { cleanup, curlIn, describeAsRoot, uniquePrefix } from "../lab-linux/fixture";

jest.setTimeout(60_000);

const EIPS = { ipv4: "203.0.113.10", ipv6: "2001:db8:77::10" };
const CLUSTER_IPS = { ipv4: "10.96.0.10", ipv6: "fd96::10" };
const SERVICE_PORT = 8080;

// Answers with the address it was reached on: which cluster IP (family) haproxy used.
const BACKEND = `
const http = require("node:http");
const local = (req) => req.socket.localAddress.replace(/^::ffff:/, "");
const s = http.createServer((req, res) => res.end(req.url === "/healthz" ? "ok" : "served-on " + local(req)));
s.listen({ host: "::", port: ${SERVICE_PORT}, ipv6Only: false });
`;

describeAsRoot("SKS ingress data path: elastic IPs by local routes, haproxy per family to the cluster IPs (real netns)", () => {
  const prefix = uniquePrefix();
  const node = `${prefix}node`;
  const client = `${prefix}client`;
  const children: ChildProcess[] = [];
  let dir = "";
  let script = "";

  const start = (ns: string, cmd: string, args: string[]): ChildProcess => {
    const child = spawn("ip", ["netns", "exec", ns, cmd, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    return child;
  };
  const localRoutes = async () => {
    const v4 = (await ip(node, ["-4", "route", "show", "table", "local"])).stdout;
    const v6 = (await ip(node, ["-6", "route", "show", "table", "local"])).stdout;
    return { v4: v4.includes(`local ${EIPS.ipv4} dev lo`), v6: v6.includes(`local ${EIPS.ipv6} dev lo`) };
  };
  const stop = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `${prefix}sks-`));
    for (const ns of [node, client]) await ensureNamespace(ns);
    await ip(undefined, ["link", "add", "veth-n", "netns", node, "type", "veth", "peer", "name", "veth-c", "netns", client]);
    for (const [ns, ifname, v4, v6] of [
      [node, "veth-n", "10.77.0.1/24", "fd77::1/64"],
      [client, "veth-c", "10.77.0.2/24", "fd77::2/64"],
    ]) {
      await ip(ns, ["link", "set", "lo", "up"]);
      await ip(ns, ["addr", "add", v4, "dev", ifname]);
      await ip(ns, ["-6", "addr", "add", v6, "dev", ifname, "nodad"]);
      await ip(ns, ["link", "set", ifname, "up"]);
    }
    // The cloud's part: the client's traffic for the EIPs reaches the node.
    await ip(client, ["route", "add", `${EIPS.ipv4}/32`, "via", "10.77.0.1"]);
    await ip(client, ["-6", "route", "add", `${EIPS.ipv6}/128`, "via", "fd77::1"]);
    // kube-proxy's part, simplified: the cluster IPs are local on the node.
    await ip(node, ["addr", "add", `${CLUSTER_IPS.ipv4}/32`, "dev", "lo"]);
    await ip(node, ["-6", "addr", "add", `${CLUSTER_IPS.ipv6}/128`, "dev", "lo"]);

    script = join(dir, "eip-routes.sh");
    await writeFile(script, renderEipRoutesScript({ ...EIPS, intervalSeconds: 1 }), { mode: 0o755 });
    const cfg = join(dir, "haproxy.cfg");
    await writeFile(cfg, renderSksHaproxyConfig({ serviceIps: CLUSTER_IPS, servicePort: SERVICE_PORT }));
    start(node, process.execPath, ["-e", BACKEND]);
    start(node, "haproxy", ["-db", "-f", cfg]);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await cleanup(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it("without the routes the node does not accept EIP traffic", async () => {
    await waitFor(async () => (await nsExec(client, "curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", `http://10.77.0.1/haproxy-healthz`]).catch(() => ({ stdout: "" }))).stdout === "200", { timeoutMs: 10_000, intervalMs: 100, description: "haproxy up" });
    await expect(curlIn(client, `http://${EIPS.ipv4}/`)).rejects.toThrow();
  });

  it("with the sidecar running, each family's EIP reaches the cluster IP of the same family", async () => {
    const sidecar = start(node, "/bin/sh", [script]);
    await waitFor(async () => Object.values(await localRoutes()).every(Boolean), { timeoutMs: 10_000, intervalMs: 100, description: "EIP routes" });
    // haproxy's own health checks mark the backends up after `rise` probes.
    await waitFor(() => curlIn(client, `http://${EIPS.ipv4}/`).catch(() => false), { timeoutMs: 10_000, intervalMs: 200, description: "backend up" });
    expect(await curlIn(client, `http://${EIPS.ipv4}/`)).toBe(`served-on ${CLUSTER_IPS.ipv4}`);
    expect(await curlIn(client, `http://[${EIPS.ipv6}]/`)).toBe(`served-on ${CLUSTER_IPS.ipv6}`);
    for (const url of [`http://${EIPS.ipv4}${SKS_INGRESS_DEFAULTS.monitorUri}`, `http://[${EIPS.ipv6}]${SKS_INGRESS_DEFAULTS.monitorUri}`]) {
      expect(await curlIn(client, url)).toMatch(/200 OK|OK/i);
    }
    // Routes, not addresses: the EIPs are never picked as a source address.
    const addrs = (await ip(node, ["addr", "show"])).stdout;
    expect(addrs).not.toContain(EIPS.ipv4);
    expect(addrs).not.toContain(EIPS.ipv6);

    // A flushed route comes back on the next check.
    await ip(node, ["-6", "route", "del", "local", `${EIPS.ipv6}/128`, "dev", "lo", "table", "local"]);
    await waitFor(async () => (await localRoutes()).v6, { timeoutMs: 5_000, intervalMs: 100, description: "route re-added" });

    await stop(sidecar);
    expect(sidecar.exitCode).toBe(0);
    expect(await localRoutes()).toEqual({ v4: false, v6: false });
    await expect(curlIn(client, `http://[${EIPS.ipv6}]/`)).rejects.toThrow();
  });

  it("the same script works with busybox's ip (the Alpine image's)", async () => {
    const bin = join(dir, "busybox-bin");
    await nsExec(node, "mkdir", ["-p", bin]);
    await symlink("/bin/busybox", join(bin, "ip"));
    // Only the script sees busybox's `ip` first in its PATH.
    const sidecar = start(node, "/usr/bin/env", [`PATH=${bin}:/usr/bin:/bin`, "/bin/busybox", "sh", script]);
    await waitFor(async () => Object.values(await localRoutes()).every(Boolean), { timeoutMs: 10_000, intervalMs: 100, description: "EIP routes (busybox)" });
    expect(await curlIn(client, `http://[${EIPS.ipv6}]/`)).toBe(`served-on ${CLUSTER_IPS.ipv6}`);
    await stop(sidecar);
    expect(await localRoutes()).toEqual({ v4: false, v6: false });
  });
});
