// The local lab on the real engine and real Linux networking (root needed):
// bring-up with a real Docker Engine per node and the demo app as a
// container, dual-stack traffic to the containers (IPv6 routed, IPv4
// published), health checks, VRRP failover of both families, drift of a
// container and of a dockerd, idempotence and a clean destroy.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { promisify } from "node:util";
import { parseCidr } from "../../../components/addressing";
import { labNames } from "../../../components/lab";
import { engineAt } from "../../../components/lab/docker/client";
import { cgroupDirs, killProcess, listNamespaces, mountsUnder, readAddresses, waitFor } from "../../../components/lab/linux";
import { probe, urlFor } from "../../../components/lab/probe/http";
import { expectOk } from "../../../scripts/lib/engine-stack";
import { livingLabProcesses, rootRules, vipHolders } from "../lib/lab-state";
import { LabStack, LabOutputs } from "../../../scripts/lib/lab-stack";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";
import { endpointsOf, insideContainers, type LabContainer } from "../../../scripts/lab-check";

jest.setTimeout(300_000);
const isRoot = process.getuid?.() === 0;
const describeAsRoot = isRoot ? describe : describe.skip;

const STACK = "itest-lab";
const names = labNames(STACK);

/** Nodes that answered `count` requests to a VIP, in order; throws on any failed request. */
async function answers(out: LabOutputs, family: "ipv4" | "ipv6", count: number): Promise<string[]> {
  const url = urlFor(out.addressPlan.ingress.vips[family], 80);
  const nodes: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await probe(out.clientNamespace, url, 1);
    if (!r.ok) throw new Error(`${url}: ${r.error ?? "no answer"}`);
    nodes.push(r.node!);
  }
  return nodes;
}

describeAsRoot("local lab on the real engine", () => {
  const lab = new LabStack({ stack: STACK, ipv4Supernet: "10.89.0.0/16", nodes: 3, ingress: 2 });
  let out: LabOutputs & { containers: LabContainer[] };
  let rulesBefore: string;

  beforeAll(async () => {
    rulesBefore = await rootRules();
    await lab.init();
    expectOk(await lab.up(), "pulumi up");
    out = (await lab.outputs()) as typeof out;
  });

  afterAll(async () => {
    await lab.destroy();
    await lab.remove();
  });

  it("answers over both VIPs and over every container's IPv4 and IPv6 endpoint, in the right family", async () => {
    const endpoints = endpointsOf(out.addressPlan, 8080, out.containers);
    expect(endpoints).toHaveLength(2 + 2 * out.addressPlan.nodes.length);
    for (const e of endpoints) {
      const r = await probe(out.clientNamespace, e.url);
      expect({ url: e.url, ok: r.ok, family: r.family }).toEqual({ url: e.url, ok: true, family: e.family });
    }
  });

  it("runs every node's app in a container whose IPv6 address lies in that node's planned Docker /64", async () => {
    expect(out.containers.map((c) => c.node)).toEqual(out.addressPlan.nodes.map((n) => n.name));
    for (const node of out.addressPlan.nodes) {
      const c = out.containers.find((x) => x.node === node.name)!;
      const range = parseCidr(node.docker.ipv6Cidr, 6);
      const own = parseCidr(`${c.ipv6}/128`, 6);
      expect(range.ok && own.ok && range.value.contains(own.value)).toBe(true);
      // The engine itself says so: a running container with both families.
      const info = await engineAt(c.socket).getContainer(c.name).inspect();
      expect(info.State.Running).toBe(true);
      const ep = info.NetworkSettings.Networks.dualstack;
      expect({ ipv4: ep.IPAddress, ipv6: ep.GlobalIPv6Address }).toEqual({ ipv4: c.ipv4, ipv6: c.ipv6 });
      expect(c.ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
    // What lab:check shows from inside: the address on eth0 and the default route via the bridge.
    const inside = await insideContainers(out.containers);
    for (const c of out.containers) expect(inside).toContain(`inet6 ${c.ipv6}/80 scope global`);
    expect(inside).toMatch(/default via \S+ dev eth0/);
  });

  it("shows each container the real client address of each family: IPv6 routed (no NAT66), IPv4 published with DNAT", async () => {
    const clientV4 = (await readAddresses(out.clientNamespace, "eth0")).ipv4[0].split("/")[0];
    const clientV6 = (await readAddresses(out.clientNamespace, "eth0")).ipv6.find((a) => !a.startsWith("fe80"))!.split("/")[0];
    for (const e of endpointsOf(out.addressPlan, 8080, out.containers).slice(2)) {
      const r = await probe(out.clientNamespace, e.url);
      expect({ url: e.url, client: r.client }).toEqual({ url: e.url, client: e.family === "IPv4" ? clientV4 : clientV6 });
    }
    // Through a VIP the app sees the ingress host that proxied it, in the same family.
    const master = out.addressPlan.ingress.hosts[0];
    for (const family of ["ipv4", "ipv6"] as const) {
      const r = await probe(out.clientNamespace, urlFor(out.addressPlan.ingress.vips[family], 80));
      expect(r.client).toBe(master[family]);
    }
  });

  it("balances each VIP over all nodes", async () => {
    for (const family of ["ipv4", "ipv6"] as const) {
      const seen = new Set(await answers(out, family, 12));
      expect([...seen].sort()).toEqual(out.addressPlan.nodes.map((n) => n.name).sort());
    }
  });

  it("holds both VIPs on one ingress host, the one with the highest priority", async () => {
    const first = out.addressPlan.ingress.hosts[0].name;
    expect(await vipHolders(names, out.addressPlan)).toEqual({ ipv4: [first], ipv6: [first] });
  });

  it("builds the component tree README's diagram shows", async () => {
    // Edges by the types' last segment: "DualStackCluster -> NodePool", "DualStackHost -> Process", ...
    const short = (type: string) => type.slice(type.lastIndexOf(":") + 1);
    const resources: { urn: string; type: string; parent?: string }[] = JSON.parse(await lab.exportState()).deployment.resources;
    const typeOf = new Map(resources.map((r) => [r.urn, r.type]));
    const inState = new Set(resources.filter((r) => r.parent && typeOf.get(r.parent) !== "pulumi:pulumi:Stack").map((r) => `${short(typeOf.get(r.parent!)!)} -> ${short(r.type)}`));
    const readme = fs.readFileSync(`${REPO_ROOT}/README.md`, "utf8");
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(readme)![1];
    const label = new Map([...diagram.matchAll(/(\w+)\["(\w+)<br\/>/g)].map((m) => [m[1], m[2]]));
    const inReadme = new Set([...diagram.matchAll(/^\s*(\w+)(?:\[[^\]]*\])? --> (\w+)/gm)].map((m) => `${label.get(m[1])} -> ${label.get(m[2])}`));
    expect([...inReadme].sort()).toEqual([...inState].sort());
  });

  it("reports no changes on a second up", async () => {
    const run = expectOk(await lab.preview(), "second preview");
    expect(run.stdout).toMatch(/28 unchanged/);
    expect(run.stdout).not.toMatch(/to (create|update|replace|delete)/);
  });

  it("stops sending to a node whose container died, and refresh shows the drift that up repairs", async () => {
    const victim = out.addressPlan.nodes[1].name;
    const c = out.containers.find((x) => x.node === victim)!;
    await engineAt(c.socket).getContainer(c.name).remove({ force: true });

    // HAProxy's health checks (500 ms x fall 2) take the node out; after that every request succeeds elsewhere.
    await waitFor(
      async () => {
        const nodes = [...(await answers(out, "ipv4", 6).catch(() => [victim])), ...(await answers(out, "ipv6", 6).catch(() => [victim]))];
        return !nodes.includes(victim);
      },
      { timeoutMs: 10_000, intervalMs: 200, description: `HAProxy to drop ${victim}` },
    );
    expect(await answers(out, "ipv4", 9)).not.toContain(victim);
    expect(await answers(out, "ipv6", 9)).not.toContain(victim);

    expectOk(await lab.refresh(), "pulumi refresh");
    const diff = expectOk(await lab.preview(["--diff"]), "preview after refresh");
    expect(diff.stdout).toMatch(/running\s*:\s*false => true/);
    expect(diff.stdout).toMatch(/1 to update/);

    expectOk(await lab.up(), "repairing up");
    await waitFor(async () => (await answers(out, "ipv6", 9)).includes(victim), {
      timeoutMs: 10_000,
      intervalMs: 300,
      description: `${victim} back in rotation`,
    });
  });

  it("sees a SIGKILLed dockerd as drift of the engine and its container, and up brings both back", async () => {
    const victim = out.addressPlan.nodes[2].name;
    expect(await killProcess(`${names.stateDir(victim)}/docker`, "dockerd", "SIGKILL")).toBe(true);
    expectOk(await lab.refresh(), "pulumi refresh");
    const diff = expectOk(await lab.preview(["--diff"]), "preview after refresh");
    expect(diff.stdout).toMatch(/2 to update/);
    expect(diff.stdout).toMatch(/cluster-node-3-docker/);
    expect(diff.stdout).toMatch(/cluster-node-3-app/);
    expectOk(await lab.up(), "repairing up");
    const c = out.containers.find((x) => x.node === victim)!;
    const r = await probe(out.clientNamespace, urlFor(c.ipv6, 8080));
    expect({ ok: r.ok, node: r.node, family: r.family }).toEqual({ ok: true, node: victim, family: "IPv6" });
  });

  it("moves both VIPs together to the backup when the master's keepalived is SIGKILLed, and traffic resumes in both families", async () => {
    const [master, backup] = out.addressPlan.ingress.hosts.map((h) => h.name);
    expect(await vipHolders(names, out.addressPlan)).toEqual({ ipv4: [master], ipv6: [master] });

    // The whole process group: parent and VRRP child die without a word, as on a crash.
    expect(await killProcess(names.stateDir(master), "keepalived", "SIGKILL", { group: true })).toBe(true);
    const started = Date.now();
    await waitFor(
      async () => {
        const h = await vipHolders(names, out.addressPlan);
        return h.ipv4.includes(backup) && h.ipv6.includes(backup);
      },
      { timeoutMs: 5_000, intervalMs: 20, description: "VIPs on the backup" },
    );
    const takeoverMs = Date.now() - started;
    expect(takeoverMs).toBeLessThan(3_000); // 0.1 s adverts: ~0.35 s expected; keepalived defaults would need ~3.6 s
    expect(await answers(out, "ipv4", 6)).toHaveLength(6);
    expect(await answers(out, "ipv6", 6)).toHaveLength(6);

    // up restarts the dead keepalived; the master (higher priority) takes both VIPs back.
    expectOk(await lab.refresh(), "refresh after failover");
    expectOk(await lab.up(), "up after failover");
    await waitFor(
      async () => {
        const h = await vipHolders(names, out.addressPlan);
        return h.ipv4.join() === master && h.ipv6.join() === master;
      },
      { timeoutMs: 10_000, intervalMs: 50, description: "VIPs back on the master, and only there" },
    );
    expect(await answers(out, "ipv4", 4)).toHaveLength(4);
    expect(await answers(out, "ipv6", 4)).toHaveLength(4);
  });

  it("refuses to preview without CAP_NET_ADMIN, naming what is needed", async () => {
    const run = await promisify(execFile)(
      "setpriv",
      ["--bounding-set=-net_admin", "--inh-caps=-net_admin", "bash", "scripts/pulumi-engine.sh", "preview", "-s", STACK, "--non-interactive", "--config-file", lab.configFile],
      { cwd: REPO_ROOT, env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" } },
    ).then(
      (r) => ({ code: 0, text: r.stdout + r.stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, text: err.stdout + err.stderr }),
    );
    expect(run.code).not.toBe(0);
    expect(run.text).toMatch(/needs root or CAP_NET_ADMIN/);
  });

  it("destroy leaves no namespace, process, mount, cgroup, netfilter rule or data directory behind", async () => {
    expectOk(await lab.destroy(), "pulumi destroy");
    expect(await listNamespaces(`ds-${STACK}-`)).toEqual([]);
    expect(fs.existsSync(names.stateRoot)).toBe(false);
    await waitFor(() => livingLabProcesses(names).length === 0, { timeoutMs: 5_000, description: "lab processes gone" });
    expect(await mountsUnder(names.stateRoot)).toEqual([]);
    for (const node of out.addressPlan.nodes) expect(await cgroupDirs(names.hostNamespace(node.name))).toEqual([]);
    expect(await rootRules()).toBe(rulesBefore);
  });
});
