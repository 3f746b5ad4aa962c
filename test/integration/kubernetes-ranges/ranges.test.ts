// What the planner accepts, the real kube-apiserver and kube-controller-manager
// accept too (root needed). For a few random valid plans (fast-check, a fixed
// seed) and two edge plans, each in a network namespace of its own: the
// project's certificates (the ClusterPki provider) in a temp dir, the host's
// two addresses on a veth, and etcd, kube-apiserver and kube-controller-manager
// started with exactly the flags controlPlane() renders (k3sServerRanges, the
// code that writes the clouds' k3s configs). Then a RequireDualStack Service
// must get one ClusterIP from each planned service range, a Node without
// podCIDRs gets both from the planned pod ranges (the first, as the plan says
// node-1's), and a Node with node-2's planned podCIDRs keeps them. The
// converse: flags for ranges the planner refuses (its own InputError, naming
// the key) make the real components fail, with their own messages.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { InputError, parseCidr, planAddresses, type AddressPlan, type PlanInput } from "../../../components/addressing";
import { controlPlaneAddress } from "../../../components/lab/adapter";
import { API_PORT, controlPlaneDirs, kubernetesBinDir, type ControlPlaneDirs } from "../../../components/lab/kubernetes/paths";
import { apiserverSans, controlPlane, type ControlPlane, type ControlPlaneHost } from "../../../components/lab/kubernetes/control-plane";
import { kubeconfigFile, renderKubeconfig } from "../../../components/lab/kubernetes/kubeconfig";
import { pkiPaths, type PkiPaths } from "../../../components/lab/kubernetes/pki-layout";
import { ip, pidsMentioning, run, sleep } from "../../../components/lab/linux";
import { provider as clusterPki, type ClusterPkiProps } from "../../../components/lab/providers/cluster-pki";

jest.setTimeout(120_000);
const isRoot = process.getuid?.() === 0;
const describeAsRoot = isRoot ? describe : describe.skip;

/** fast-check's seed: the same plans on every run. */
const SEED = 20261202;
const RANDOM_PLANS = 5;
/** Generous: the apiserver is ready in 3–10 s on an idle 2-core machine. */
const READY_MS = 90_000;
const BIN = kubernetesBinDir();
const bin = (name: string) => path.join(BIN, name);

// --- plan inputs ---

const v4Text = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
const v4Value = (text: string) => text.split(".").reduce((a, o) => a * 256 + Number(o), 0);
const bitsFor = (n: number) => Math.ceil(Math.log2(n));

/** The `index`-th (mod the count) /length inside base/baseLength. */
function v4Subnet(base: string, baseLength: number, length: number, index: number): string {
  const count = 2 ** (length - baseLength);
  return `${v4Text(v4Value(base) + (index % count) * 2 ** (32 - length))}/${length}`;
}

function v6Text(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return new URL(`http://[${groups.join(":")}]/`).hostname.slice(1, -1);
}

function plans(input: PlanInput): boolean {
  try {
    planAddresses(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * Valid inputs: the supernet in 192.168.0.0/16, 100.64.0.0/10 or 44.0.0.0/8;
 * IPv4 pods (when given) in 10.0.0.0/8, /8../23; IPv4 services (when given)
 * in 172.16.0.0/12, /12../28; the IPv6 prefix a /48../56 or absent (the
 * name's ULA); the carved IPv6 lengths 50..56 and 108..120 or the defaults;
 * 2..6 nodes in 1..3 zones. Anything the planner refuses (the defaults
 * 10.42/16 and 10.43/16 beside an explicit range over them) is drawn again.
 */
const validInput: fc.Arbitrary<PlanInput> = fc
  .record({
    id: fc.integer({ min: 0, max: 0xfffff }),
    v4Space: fc.constantFrom({ base: "192.168.0.0", length: 16 }, { base: "100.64.0.0", length: 10 }, { base: "44.0.0.0", length: 8 }),
    v4Extra: fc.integer({ min: 0, max: 8 }),
    v4Index: fc.nat(),
    zones: fc.integer({ min: 1, max: 3 }),
    nodeCount: fc.integer({ min: 2, max: 6 }),
    subnetExtra: fc.nat(),
    v6: fc.option(
      fc.record({
        base: fc.constantFrom(0x2001_0db8n, 0x2a0a_e5c0n, 0xfd5e_7a11n),
        length: fc.integer({ min: 48, max: 56 }),
        bits: fc.bigInt({ min: 0n, max: (1n << 24n) - 1n }),
      }),
      { nil: undefined },
    ),
    clusterPrefixLengthV6: fc.option(fc.integer({ min: 50, max: 56 }), { nil: undefined, freq: 4 }),
    servicePrefixLengthV6: fc.option(fc.integer({ min: 108, max: 120 }), { nil: undefined, freq: 4 }),
    clusterV4: fc.option(fc.record({ length: fc.integer({ min: 8, max: 23 }), index: fc.nat() }), { nil: undefined, freq: 4 }),
    serviceV4: fc.option(fc.record({ length: fc.integer({ min: 12, max: 28 }), index: fc.nat() }), { nil: undefined, freq: 4 }),
  })
  .map((r): PlanInput => {
    const { base: space, length: spaceLength } = r.v4Space;
    const supernetLength = Math.min(24, spaceLength + r.v4Extra);
    const networks = r.zones * 2; // ingress and nodes tiers apart
    const minSubnet = supernetLength + bitsFor(networks);
    const nodeCount = r.clusterV4 ? Math.min(r.nodeCount, 2 ** (24 - r.clusterV4.length)) : r.nodeCount;
    const v6Length = r.v6?.length ?? 48;
    const v6Prefix = r.v6 && (r.v6.base << 96n) | ((r.v6.bits & ((1n << BigInt(v6Length - 32)) - 1n)) << BigInt(128 - v6Length));
    return {
      name: `r${r.id.toString(16)}`,
      ipv4Supernet: v4Subnet(space, spaceLength, supernetLength, r.v4Index),
      ipv6Prefix: v6Prefix === undefined ? undefined : `${v6Text(v6Prefix)}/${v6Length}`,
      zones: ["a", "b", "c"].slice(0, r.zones),
      nodeCount,
      ingressCount: 2,
      ipv4SubnetPrefixLength: minSubnet + (r.subnetExtra % (28 - minSubnet + 1)),
      kubernetes: {
        clusterCidrV4: r.clusterV4 && v4Subnet("10.0.0.0", 8, r.clusterV4.length, r.clusterV4.index),
        serviceCidrV4: r.serviceV4 && v4Subnet("172.16.0.0", 12, r.serviceV4.length, r.serviceV4.index),
        clusterPrefixLengthV6: r.clusterPrefixLengthV6,
        servicePrefixLengthV6: r.servicePrefixLengthV6,
      },
    };
  })
  .filter(plans);

/** The ends of what the planner accepts. */
const EDGE_INPUTS: PlanInput[] = [
  // The largest pod ranges (IPv4 /8 and IPv6 /48: 16 bits above each node mask), the smallest service ranges.
  {
    name: "kr-edge-large-pods",
    ipv4Supernet: "192.168.40.0/24",
    ipv6Prefix: "2001:db8:77::/48",
    zones: ["a"],
    nodeCount: 3,
    ingressCount: 2,
    ipv4SubnetPrefixLength: 26,
    kubernetes: { clusterCidrV4: "10.0.0.0/8", clusterCidrV6: "fd42:77::/48", serviceCidrV4: "172.16.0.0/28", servicePrefixLengthV6: 120 },
  },
  // The smallest pod ranges that hold two nodes (IPv4 /23, IPv6 /56), the largest service ranges (/12, /108).
  {
    name: "kr-edge-large-services",
    ipv4Supernet: "100.64.8.0/22",
    zones: ["a", "b"],
    nodeCount: 2,
    ingressCount: 2,
    kubernetes: { clusterCidrV4: "10.8.0.0/23", clusterCidrV6: "fd42:88:0:ff00::/56", serviceCidrV4: "172.16.0.0/12", serviceCidrV6: "fd43:88::/108" },
  },
  // The smallest pod ranges at all: one IPv4 /24 (the node mask itself) and a carved IPv6 /56, for the one node.
  {
    name: "kr-edge-one-node",
    ipv4Supernet: "192.168.50.0/24",
    zones: ["a"],
    nodeCount: 1,
    ingressCount: 2,
    ipv4SubnetPrefixLength: 25,
    kubernetes: { clusterCidrV4: "10.9.9.0/24", clusterPrefixLengthV6: 56 },
  },
];

const RANDOM_INPUTS = fc.sample(validInput, { numRuns: RANDOM_PLANS, seed: SEED });
const INPUTS = [...RANDOM_INPUTS, ...EDGE_INPUTS];

function describePlan(plan: AddressPlan): string {
  const k = plan.kubernetes;
  return `pods ${k.clusterCidrV4} + ${k.clusterCidrV6}, services ${k.serviceCidrV4} + ${k.serviceCidrV6}, ${plan.nodes.length} node${plan.nodes.length === 1 ? "" : "s"}`;
}

function inCidr(address: string, cidr: string): boolean {
  const family = cidr.includes(":") ? 6 : 4;
  const range = parseCidr(cidr, family);
  const own = parseCidr(`${address}/${family === 4 ? 32 : 128}`, family);
  return range.ok && own.ok && range.value.contains(own.value);
}

/** A CIDR's length and whether it lies in `parent`. */
function within(cidr: string, parent: string): { length: number; inside: boolean } {
  const family = cidr.includes(":") ? 6 : 4;
  const range = parseCidr(cidr, family);
  const outer = parseCidr(parent, family);
  if (!range.ok || !outer.ok) throw new Error(`not a CIDR: ${cidr} or ${parent}`);
  return { length: range.value.length, inside: outer.value.contains(range.value) };
}

// --- processes, namespaces, temp dirs ---

interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
  /** Set when it has exited. */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  exited: Promise<void>;
}

/** Everything this file started or made, so afterAll can remove what a failed test left. */
const started = { procs: new Set<Proc>(), namespaces: new Set<string>(), dirs: new Set<string>() };
/** Every temp dir ever made here (removed or not): no process may mention one at the end. */
const tempDirs: string[] = [];

function tail(file: string, lines = 25): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** `command args...` in namespace `ns`, stdout and stderr to `log`. */
function startIn(ns: string, name: string, command: string, args: string[], log: string): Proc {
  const fd = fs.openSync(log, "a");
  const child = spawn("ip", ["netns", "exec", ns, command, ...args], { stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  const proc: Proc = { name, child, log, exited: Promise.resolve() };
  proc.exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      proc.exit = { code, signal };
      resolve();
    });
    child.on("error", () => resolve());
  });
  started.procs.add(proc);
  return proc;
}

/** Whether `p` settles within `ms` (the timer is cleared either way). */
async function settles(p: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM by pid, SIGKILL after 10 s. */
async function stop(proc: Proc): Promise<void> {
  if (!proc.exit && proc.child.pid !== undefined) {
    proc.child.kill("SIGTERM");
    if (!(await settles(proc.exited, 10_000))) {
      proc.child.kill("SIGKILL");
      await proc.exited;
    }
  }
  started.procs.delete(proc);
}

/** Its exit code and the output it wrote; throws if it still runs after `ms`. */
async function exitOf(proc: Proc, ms: number): Promise<{ code: number | null; log: string }> {
  if (!(await settles(proc.exited, ms))) throw new Error(`${proc.name} still runs after ${ms} ms:\n${tail(proc.log)}`);
  started.procs.delete(proc);
  return { code: proc.exit?.code ?? null, log: fs.readFileSync(proc.log, "utf8") };
}

/** Polls `fn` until it returns a value, failing at once when one of `procs` has exited. */
async function until<T>(what: string, procs: Proc[], fn: () => Promise<T | undefined>, ms = READY_MS): Promise<T> {
  const deadline = Date.now() + ms;
  let last = "";
  for (;;) {
    const dead = procs.find((p) => p.exit);
    if (dead) throw new Error(`${dead.name} exited (${JSON.stringify(dead.exit)}) while waiting for ${what}:\n${tail(dead.log)}`);
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${last}`);
    await sleep(250);
  }
}

/** A namespace with lo up and eth0 (a veth whose peer stays inside) holding the host's two addresses. */
async function hostNamespace(ns: string, host: ReturnType<typeof controlPlaneAddress>): Promise<void> {
  await ip(undefined, ["netns", "add", ns]);
  started.namespaces.add(ns);
  await ip(ns, ["link", "set", "lo", "up"]);
  await ip(ns, ["link", "add", "eth0", "type", "veth", "peer", "name", "eth0-peer"]);
  await ip(ns, ["link", "set", "eth0-peer", "up"]);
  await ip(ns, ["link", "set", "eth0", "up"]);
  await ip(ns, ["addr", "add", `${host.ipv4}/${host.ipv4PrefixLength}`, "dev", "eth0"]);
  await ip(ns, ["-6", "addr", "add", `${host.ipv6}/${host.ipv6PrefixLength}`, "dev", "eth0", "nodad"]);
}

async function deleteNamespace(ns: string): Promise<void> {
  await ip(undefined, ["netns", "del", ns]).catch(() => undefined);
  started.namespaces.delete(ns);
}

function firstAddress(cidr: string): string {
  const family = cidr.includes(":") ? 6 : 4;
  const parsed = parseCidr(cidr, family);
  if (!parsed.ok) throw new Error(`not a CIDR: ${cidr}`);
  return parsed.value.addressAt(1);
}

/** One plan's control-plane host: its namespace, dirs, certificates, kubeconfigs and flags (nothing started yet). */
interface Site {
  ns: string;
  tmp: string;
  dirs: ControlPlaneDirs;
  pki: PkiPaths;
  host: ControlPlaneHost;
  cp: ControlPlane;
  admin: string;
  logs: string;
}

let siteCount = 0;

async function makeSite(plan: AddressPlan): Promise<Site> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kr-ranges-"));
  started.dirs.add(tmp);
  tempDirs.push(tmp);
  const ns = `kr-${process.pid}-${++siteCount}`;
  const address = controlPlaneAddress(plan);
  const host: ControlPlaneHost = { name: address.name, ipv4: address.ipv4, ipv6: address.ipv6 };
  const dirs = controlPlaneDirs(path.join(tmp, "control-plane"));
  const pki = pkiPaths(dirs.pki);
  const serviceIps = [firstAddress(plan.kubernetes.serviceCidrV4), firstAddress(plan.kubernetes.serviceCidrV6)];
  // The lab's own provider writes them: CA, leaves, service-account pair, modes.
  const props: ClusterPkiProps = {
    dir: dirs.pki,
    clusterName: plan.name,
    apiserver: apiserverSans(host, serviceIps),
    etcd: { ips: ["127.0.0.1"] },
    nodes: [],
    complete: true,
  };
  await clusterPki.create!(props);
  const cp = controlPlane(plan, host, pki, dirs);
  const local = `https://127.0.0.1:${API_PORT}`;
  fs.writeFileSync(
    kubeconfigFile(dirs, "controller-manager"),
    renderKubeconfig({ cluster: plan.name, server: local, caFile: pki.ca.cert, user: "controller-manager", client: pki.controllerManager }),
  );
  // kubectl goes through the host's address, as the nodes do.
  const admin = kubeconfigFile(dirs, "admin");
  fs.writeFileSync(admin, renderKubeconfig({ cluster: plan.name, server: cp.serverUrl, caFile: pki.ca.cert, user: "dualstack-admin", client: pki.admin }));
  const logs = path.join(tmp, "logs");
  fs.mkdirSync(logs);
  await hostNamespace(ns, address);
  return { ns, tmp, dirs, pki, host, cp, admin, logs };
}

async function removeSite(site: Site): Promise<void> {
  await deleteNamespace(site.ns);
  fs.rmSync(site.tmp, { recursive: true, force: true });
  started.dirs.delete(site.tmp);
}

function startComponent(site: Site, component: "etcd" | "kube-apiserver" | "kube-controller-manager", args: string[], logName: string = component): Proc {
  return startIn(site.ns, component, bin(component), args, path.join(site.logs, `${logName}.log`));
}

/** 0 when `curl args...` succeeds in the site's namespace. */
async function curlOk(site: Site, args: string[]): Promise<true | undefined> {
  await run("ip", ["netns", "exec", site.ns, "curl", "-sf", "-o", "/dev/null", "--max-time", "2", ...args]);
  return true;
}

async function startEtcdAndApiserver(site: Site): Promise<Proc[]> {
  const etcd = startComponent(site, "etcd", site.cp.etcd);
  const pki = site.pki;
  await until("etcd /health", [etcd], () =>
    curlOk(site, ["--cacert", pki.ca.cert, "--cert", pki.apiserverEtcdClient.cert, "--key", pki.apiserverEtcdClient.key, "https://127.0.0.1:2379/health"]),
  );
  const apiserver = startComponent(site, "kube-apiserver", site.cp.apiserver);
  await until("kube-apiserver /readyz", [etcd, apiserver], () => curlOk(site, ["--cacert", pki.ca.cert, `${site.cp.serverUrl}/readyz`]));
  return [etcd, apiserver];
}

async function kubectl<T>(site: Site, args: string[], stdin?: object): Promise<T> {
  const full = ["netns", "exec", site.ns, bin("kubectl"), "--kubeconfig", site.admin, "--request-timeout=10s", ...args, "-o", "json"];
  if (stdin === undefined) return JSON.parse((await run("ip", full, { timeoutMs: 30_000 })).stdout) as T;
  const file = path.join(site.tmp, `object-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(stdin));
  return JSON.parse((await run("ip", [...full, "-f", file], { timeoutMs: 30_000 })).stdout) as T;
}

interface KubeService {
  spec: { ipFamilyPolicy: string; ipFamilies: string[]; clusterIPs: string[] };
}
interface KubeNode {
  metadata: { name: string };
  spec: { podCIDR?: string; podCIDRs?: string[] };
}

function alive(proc: Proc): boolean {
  return !proc.exit && proc.child.pid !== undefined && fs.existsSync(`/proc/${proc.child.pid}`);
}

describeAsRoot("the real kube-apiserver and kube-controller-manager accept the ranges the planner accepts", () => {
  const plansUsed: { input: PlanInput; plan: AddressPlan }[] = INPUTS.map((input) => ({ input, plan: planAddresses(input) }));

  afterAll(async () => {
    for (const proc of [...started.procs]) await stop(proc);
    for (const ns of [...started.namespaces]) await deleteNamespace(ns);
    for (const dir of [...started.dirs]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("draws the same valid plans on every run, each with at least two nodes", () => {
    expect(RANDOM_INPUTS).toEqual(fc.sample(validInput, { numRuns: RANDOM_PLANS, seed: SEED }));
    expect(RANDOM_INPUTS).toHaveLength(RANDOM_PLANS);
    for (const input of RANDOM_INPUTS) expect(planAddresses(input).nodes.length).toBeGreaterThanOrEqual(2);
  });

  it.each(plansUsed.map((p, i) => [i + 1, p.input.name, describePlan(p.plan), p.plan] as const))(
    "plan %i (%s: %s)",
    async (_i, _name, _what, plan) => {
      const k8s = plan.kubernetes;
      const site = await makeSite(plan);
      const procs: Proc[] = [];
      try {
        procs.push(...(await startEtcdAndApiserver(site)));
        const cm = startComponent(site, "kube-controller-manager", site.cp.controllerManager);
        procs.push(cm);
        await until("kube-controller-manager /healthz", procs, () => curlOk(site, ["-k", "https://127.0.0.1:10257/healthz"]));

        // (2) A RequireDualStack Service: one ClusterIP from each planned service range.
        const service = {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "kr-dual", namespace: "default" },
          spec: { type: "ClusterIP", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"], selector: { app: "kr" }, ports: [{ port: 80, protocol: "TCP" }] },
        };
        // Right after /readyz the default namespace or ServiceCIDR may not be there yet: retry.
        const svc = await until("the Service to be created", procs, () => kubectl<KubeService>(site, ["create"], service));
        expect(svc.spec.ipFamilyPolicy).toBe("RequireDualStack");
        expect(svc.spec.clusterIPs).toHaveLength(2);
        const [svcV4, svcV6] = svc.spec.clusterIPs;
        expect({ ip: svcV4, inside: inCidr(svcV4, k8s.serviceCidrV4) }).toEqual({ ip: svcV4, inside: true });
        expect({ ip: svcV6, inside: inCidr(svcV6, k8s.serviceCidrV6) }).toEqual({ ip: svcV6, inside: true });

        // (4) First, so the allocator knows them: a Node with node-2's planned podCIDRs (a one-node plan has none).
        const node2 = plan.nodes[1] as AddressPlan["nodes"][number] | undefined;
        if (node2) {
          await kubectl(site, ["create"], { apiVersion: "v1", kind: "Node", metadata: { name: node2.name }, spec: { podCIDR: node2.podCidrV4, podCIDRs: [node2.podCidrV4, node2.podCidrV6] } });
        }
        // (3) A Node without podCIDRs: the controller-manager gives it one of each family.
        await kubectl(site, ["create"], { apiVersion: "v1", kind: "Node", metadata: { name: "kr-auto" } });
        const auto = await until("podCIDRs of Node kr-auto", procs, async () => {
          const node = await kubectl<KubeNode>(site, ["get", "node", "kr-auto"]);
          return (node.spec.podCIDRs ?? []).length > 0 ? node : undefined;
        });
        const [autoV4, autoV6] = auto.spec.podCIDRs ?? [];
        expect(auto.spec.podCIDRs).toHaveLength(2);
        expect(within(autoV4, k8s.clusterCidrV4)).toEqual({ length: k8s.nodeCidrMaskSizeV4, inside: true });
        expect(within(autoV6, k8s.clusterCidrV6)).toEqual({ length: k8s.nodeCidrMaskSizeV6, inside: true });
        // The first free ones: what the plan says node-1 gets.
        expect(auto.spec.podCIDRs).toEqual([plan.nodes[0].podCidrV4, plan.nodes[0].podCidrV6]);

        if (node2) {
          const kept = await kubectl<KubeNode>(site, ["get", "node", node2.name]);
          expect(kept.spec.podCIDRs).toEqual([node2.podCidrV4, node2.podCidrV6]);
        }

        // (1) Nothing has exited.
        expect(procs.filter((p) => !alive(p)).map((p) => `${p.name}: ${JSON.stringify(p.exit)}\n${tail(p.log)}`)).toEqual([]);
      } finally {
        for (const proc of procs.reverse()) await stop(proc);
        await removeSite(site);
      }
    },
  );

  it("refuses at plan time, with its own message, ranges the real components refuse: two IPv4 service ranges, an IPv6 pod range 17 bits above the node mask", async () => {
    const base = EDGE_INPUTS[0];
    const plan = planAddresses(base);
    const refused = (kubernetes: PlanInput["kubernetes"]): InputError => {
      try {
        planAddresses({ ...base, kubernetes: { ...base.kubernetes, ...kubernetes } });
      } catch (err) {
        if (err instanceof InputError) return err;
        throw err;
      }
      throw new Error(`the planner accepted ${JSON.stringify(kubernetes)}`);
    };
    // The plan the planner would have made, were it not refusing: the same flags code renders it.
    const withRanges = (over: Partial<AddressPlan["kubernetes"]>): AddressPlan => ({ ...plan, kubernetes: { ...plan.kubernetes, ...over } });

    const twoV4 = refused({ serviceCidrV6: "172.17.0.0/16" });
    expect({ key: twoV4.key, message: twoV4.message }).toEqual({ key: "kubernetes.serviceCidrV6", message: expect.stringContaining('"172.17.0.0/16" is IPv4 but IPv6 is expected') });
    const wide = refused({ clusterCidrV6: "fd42:76::/47" });
    expect({ key: wide.key, message: wide.message }).toEqual({
      key: "kubernetes.clusterCidrV6",
      message: expect.stringMatching(/"fd42:76::\/47" has prefix length \/47, outside \/48\.\.\/56.*at most 16 bits between cluster and node mask/),
    });

    const site = await makeSite(plan);
    const procs: Proc[] = [];
    try {
      // Before any good apiserver runs, so a bad one accepted would stay up waiting for etcd (not fail on a taken port).
      const badApi = controlPlane(withRanges({ serviceCidrV6: "172.17.0.0/16" }), site.host, site.pki, site.dirs).apiserver;
      expect(badApi).toContain(`--service-cluster-ip-range=${plan.kubernetes.serviceCidrV4},172.17.0.0/16`);
      const api = await exitOf(startComponent(site, "kube-apiserver", badApi, "kube-apiserver-two-ipv4"), 60_000);
      expect(api.code).not.toBe(0);
      expect(api.log).toContain("--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family");

      procs.push(...(await startEtcdAndApiserver(site)));
      const badCm = controlPlane(withRanges({ clusterCidrV6: "fd42:76::/47" }), site.host, site.pki, site.dirs).controllerManager;
      expect(badCm).toEqual(expect.arrayContaining([`--cluster-cidr=${plan.kubernetes.clusterCidrV4},fd42:76::/47`, "--node-cidr-mask-size-ipv6=64"]));
      const cm = await exitOf(startComponent(site, "kube-controller-manager", badCm, "kube-controller-manager-wide-ipv6"), 60_000);
      expect(cm.code).not.toBe(0);
      expect(cm.log).toMatch(/"command failed" err="New CIDR set failed; the node CIDR size is too big"/);
      // The apiserver it talked to is still fine: the controller-manager refused its own flags.
      expect(procs.filter((p) => !alive(p)).map((p) => p.name)).toEqual([]);
    } finally {
      for (const proc of procs.reverse()) await stop(proc);
      await removeSite(site);
    }
  });

  it("leaves no process, namespace or temp dir behind", async () => {
    expect(started.procs.size).toBe(0);
    expect(started.namespaces.size).toBe(0);
    expect(tempDirs.length).toBeGreaterThan(0);
    const left: number[] = [];
    for (const dir of tempDirs) left.push(...(await pidsMentioning(dir)));
    expect(left).toEqual([]);
    expect(tempDirs.filter((dir) => fs.existsSync(dir))).toEqual([]);
  });
});
