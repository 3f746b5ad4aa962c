// The main program's cloudscale stack on the real engine against the fake API
// (in this process, behind a recording proxy): config errors at preview, the
// checked-in example, the whole topology in the API, the ingress hosts'
// keepalived + HAProxy + failover script as the API receives them, tokens
// never in the state, the rendered failover script moving both floating IPs,
// Pulumi not moving them back, and a clean destroy.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import type { AddressPlan } from "../../../components/addressing";
import { groupName, instanceName } from "../../../components/failover";
import { INGRESS_PATHS } from "../../../components/ingress";
import { cloudInitSchema } from "../../../scripts/validators/tools";
import { FAILOVER_PATHS } from "../../../components/clouds/cloudscale/adapter";
import { FakeCloudscale } from "../../fakes/cloudscale/server";
import { ConfigFiles, haproxyCheck, KeepalivedSandbox } from "../../support/validators";
import { MainProjectStack } from "./main-stack";
import { RecordingProxy } from "./recording-proxy";
import { expectOk } from "../../../scripts/lib/engine-stack";

jest.setTimeout(900_000);

const STACK_TOKEN = "itest-stack-token-7c1e9a55b2";
const FAILOVER_TOKEN = "itest-failover-token-03d4f6e8a1";
const SECRETS = { "dualstack:cloudscaleToken": STACK_TOKEN, "dualstack:cloudscaleFailoverToken": FAILOVER_TOKEN };
const SERVER_TYPE = "pulumi-nodejs:dynamic/cloudscale:Server";
/** The SDK's marker of a secret value in the state. */
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

const fake = new FakeCloudscale({ pollsUntilReady: 1 });
const proxy = new RecordingProxy(fake, { stack: STACK_TOKEN, failover: FAILOVER_TOKEN });
const stack = new MainProjectStack(`itest-csstack-${process.pid}`);
const files = new ConfigFiles();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-csstack-"));

/** The test's stack config; `section` and `extra` override. */
function config(section: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "dualstack:provider": "cloudscale",
    // No tiers: cloudscale stacks put nodes and ingress on one private network by default.
    "dualstack:network": { ipv4Supernet: "10.61.0.0/16" },
    "dualstack:nodes": { count: 2 },
    "dualstack:ingress": { count: 2 },
    "dualstack:cloudscale": { zone: "lpg1", apiUrl: proxy.url, pollIntervalMs: 20, requestTimeoutMs: 5_000, ...section },
    ...extra,
  };
}

/** The fake's floating IPs by family, as [address, object]. */
function fakeFloatingIps(): { ipv4: string; ipv6: string; serverOf: Record<4 | 6, string | undefined> } {
  const all = fake.objects()["floating-ips"];
  const of = (v: 4 | 6) => all.find((f) => f.ip_version === v);
  const address = (v: 4 | 6) => String(of(v)?.network).split("/")[0];
  const server = (v: 4 | 6) => (of(v)?.server as { uuid: string } | null)?.uuid;
  return { ipv4: address(4), ipv6: address(6), serverOf: { 4: server(4), 6: server(6) } };
}

const counts = () => Object.fromEntries(Object.entries(fake.objects()).map(([k, v]) => [k, v.length]));
const EXPECTED = { servers: 4, networks: 1, subnets: 1, "server-groups": 2, "floating-ips": 2 };

type WriteFile = { path: string; content: string; permissions: string };
type UserData = { packages: string[]; write_files: WriteFile[]; runcmd: string[][] };
interface HostOutput {
  name: string;
  publicIpv4: string;
  publicIpv6: string;
  privateIpv4: string;
  privateIpv6: string;
}
interface Outputs {
  provider: string;
  addressPlan: AddressPlan;
  endpoints: { ipv4: string; ipv6: string };
  floatingIps: { ipv4: string; ipv6: string };
  nodes: HostOutput[];
  ingress: HostOutput[];
}

/** The user data the API received for a planned host (its latest server). */
function userDataOf(plan: AddressPlan, host: string): { text: string; doc: UserData } {
  const body = proxy.posted("/v1/servers").reverse().find((b) => b.name === `${plan.name}-${host}`);
  if (typeof body?.user_data !== "string") throw new Error(`no user_data was POSTed for ${host}`);
  return { text: body.user_data, doc: parse(body.user_data) as UserData };
}

function fileIn(ud: UserData, p: string): WriteFile {
  const f = ud.write_files.find((w) => w.path === p);
  if (!f) throw new Error(`user data has no ${p}; it has ${ud.write_files.map((w) => w.path).join(", ")}`);
  return f;
}

/** Top-level keepalived blocks keyed by header, and the lines of a nested block. */
function blocks(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^(\S[^\n{]*?) \{\n([\s\S]*?)^\}$/gm)].map((m) => [m[1], m[2]]));
}
function inner(body: string, name: string): string[] {
  const m = body.match(new RegExp(`^\\s*${name} \\{\\n([\\s\\S]*?)^\\s*\\}$`, "m"));
  return m ? m[1].split("\n").map((l) => l.trim()).filter(Boolean) : [];
}

function expectNoToken(text: string, where: string): void {
  for (const token of [STACK_TOKEN, FAILOVER_TOKEN]) {
    for (const form of [token, Buffer.from(token).toString("base64")]) {
      if (text.includes(form)) throw new Error(`${where} contains a token in plain text`);
    }
  }
}

beforeAll(async () => {
  await fake.start();
  await proxy.start();
  await stack.create(config(), {});
});
afterAll(async () => {
  await stack.destroy();
  await stack.remove();
  await proxy.stop();
  await fake.stop();
  files.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("cloudscale stack (main program) on the real engine", () => {
  let outputs: Outputs;

  it("fails at preview without dualstack:cloudscaleToken, saying how to set it", async () => {
    const run = await stack.preview();
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain(
      "dualstack:cloudscaleToken: (not set) is required (a cloudscale API token with write access); " +
        "set it with `pulumi config set --secret dualstack:cloudscaleToken <token>`",
    );
    expect(proxy.requests).toEqual([]);
  });

  it("previews the checked-in Pulumi.cloudscale-example.yaml (with the fake's URL)", async () => {
    const example = parse(fs.readFileSync(path.join(stack.dir, "Pulumi.cloudscale-example.yaml"), "utf8")) as { config: Record<string, unknown> };
    const section = example.config["dualstack:cloudscale"] as Record<string, unknown>;
    await stack.setConfig({ ...example.config, "dualstack:cloudscale": { ...section, apiUrl: proxy.url } }, SECRETS);
    const run = expectOk(await stack.preview(), "preview of the example");
    expect(run.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/cloudscale:Server\s+cluster-node-3\s+create/);
    expect(run.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/cloudscale:FloatingIpAssignment\s+cluster-fip-ipv6-initial\s+create/);
    expect(run.stdout).not.toMatch(/warning/i);
    expectNoToken(run.stdout + run.stderr, "preview output");
  });

  it("up creates the whole stack in the API", async () => {
    await stack.setConfig(config());
    const run = expectOk(await stack.up(), "up");
    expectNoToken(run.stdout + run.stderr, "up output");
    expect(counts()).toMatchObject(EXPECTED);
    outputs = (await stack.outputs()) as unknown as Outputs;
    const plan = outputs.addressPlan;
    const o = fake.objects();

    const [net] = o.networks;
    expect(net).toMatchObject({ name: `${plan.name}-${plan.networks[0].name}`, zone: { slug: "lpg1" } });
    expect(o.subnets[0]).toMatchObject({ cidr: plan.networks[0].ipv4Cidr, gateway_address: null });

    for (const host of [...plan.nodes, ...plan.ingress.hosts]) {
      const server = o.servers.find((s) => s.name === `${plan.name}-${host.name}`);
      const ifs = server?.interfaces as { type: string; network: { uuid: string }; addresses: { version: number; address: string }[] }[];
      expect(ifs.map((i) => i.type)).toEqual(["public", "private"]);
      expect(ifs[0].addresses.map((a) => a.version).sort()).toEqual([4, 6]);
      expect(ifs[1]).toMatchObject({ network: { uuid: net.uuid }, addresses: [{ version: 4, address: host.ipv4 }] });
      expect((server?.flavor as { slug: string }).slug).toBe(host.role === "node" ? "flex-4-2" : "flex-4-1");
    }
    for (const body of proxy.posted("/v1/servers")) expect(body).toMatchObject({ use_ipv6: true, image: "ubuntu-24.04" });

    // Anti-affinity: one group per role, each holding its role's servers.
    const groupOf = (role: string) => o["server-groups"].find((g) => g.name === `${plan.name}-${role}-1`);
    for (const [role, hosts] of [["nodes", plan.nodes], ["ingress", plan.ingress.hosts]] as const) {
      const group = groupOf(role);
      expect(group).toMatchObject({ type: "anti-affinity", zone: { slug: "lpg1" } });
      expect((group?.servers as { name: string }[]).map((s) => s.name).sort()).toEqual(hosts.map((h) => `${plan.name}-${h.name}`).sort());
    }

    // Both floating IPs, regional in lpg, on ingress-1.
    const ingress1 = o.servers.find((s) => s.name === `${plan.name}-ingress-1`)!;
    const fips = o["floating-ips"].map((f) => [f.ip_version, f.type, (f.region as { slug: string }).slug, (f.server as { uuid: string }).uuid]);
    expect(fips.sort()).toEqual([
      [4, "regional", "lpg", ingress1.uuid],
      [6, "regional", "lpg", ingress1.uuid],
    ]);
  });

  it("outputs both endpoint families and every host's public and private addresses", () => {
    const { ipv4: fip4, ipv6: fip6 } = fakeFloatingIps();
    expect(outputs.provider).toBe("cloudscale");
    expect(outputs.endpoints).toEqual({ ipv4: `http://${fip4}/`, ipv6: `http://[${fip6}]/` });
    expect(outputs.floatingIps).toEqual({ ipv4: `${fip4}/32`, ipv6: `${fip6}/128` });
    const plan = outputs.addressPlan;
    for (const [list, planned] of [[outputs.nodes, plan.nodes], [outputs.ingress, plan.ingress.hosts]] as const) {
      expect(list.map((h) => [h.name, h.privateIpv4, h.privateIpv6])).toEqual(planned.map((h) => [h.name, h.ipv4, h.ipv6]));
      for (const h of list) {
        expect(h.publicIpv4).toMatch(/^198\.51\.100\.\d+$/);
        expect(h.publicIpv6).toMatch(/^2001:db8:1::/);
      }
    }
  });

  it("gives the ingress hosts keepalived (two instances in a sync group) on the floating IPs, with the failover script", () => {
    const plan = outputs.addressPlan;
    const { ipv4: fip4, ipv6: fip6 } = fakeFloatingIps();
    const [self, peer] = plan.ingress.hosts;
    const { doc } = userDataOf(plan, "ingress-1");
    const conf = fileIn(doc, INGRESS_PATHS.keepalived).content;
    const name = plan.name.replace(/-/g, "_");
    const b = blocks(conf);
    expect(conf.match(/^vrrp_instance /gm)).toHaveLength(2);
    const v4 = b.get(`vrrp_instance ${instanceName(name, "ipv4")}`) ?? "";
    const v6 = b.get(`vrrp_instance ${instanceName(name, "ipv6")}`) ?? "";
    // VIPs on the public interface, adverts over the private one to the peer's planned addresses.
    expect(inner(v4, "virtual_ipaddress")).toEqual([`${fip4}/32 dev ens3`]);
    expect(inner(v6, "virtual_ipaddress")).toEqual([`${fip6}/128 dev ens3 preferred_lft 0`]);
    for (const body of [v4, v6]) expect(body).toMatch(/^\s*interface ens4$/m);
    expect(v4).toMatch(new RegExp(`^\\s*unicast_src_ip ${self.ipv4}$`, "m"));
    expect(inner(v4, "unicast_peer")).toEqual([peer.ipv4]);
    expect(v6).toMatch(new RegExp(`^\\s*unicast_src_ip ${self.ipv6}$`, "m"));
    expect(inner(v6, "unicast_peer")).toEqual([peer.ipv6]);
    expect(v4).toMatch(/^\s*advert_int 1$/m);
    const group = b.get(`vrrp_sync_group ${groupName(name)}`) ?? "";
    expect(inner(group, "group")).toEqual([instanceName(name, "ipv4"), instanceName(name, "ipv6")]);
    expect(group).toContain(`notify_master "${FAILOVER_PATHS.notifyMaster}"`);

    // The script and its token are installed root-only; the token is the dedicated one.
    const script = fileIn(doc, FAILOVER_PATHS.notifyMaster);
    expect(script.permissions).toBe("0700");
    expect(script.content).toContain(`FLOATING_IPS='${fip4} ${fip6}'`);
    expect(script.content).toContain(`API_URL='${proxy.url}'`);
    expect(fileIn(doc, FAILOVER_PATHS.token)).toMatchObject({ permissions: "0600", content: `${FAILOVER_TOKEN}\n` });
    // The planned ULA on the private interface (the unicast IPv6 source).
    expect(fileIn(doc, "/etc/netplan/90-dualstack-ens4.yaml").content).toContain(`${self.ipv6}/64`);
  });

  it("passes keepalived -t, haproxy -c and cloud-init schema as rendered; HAProxy binds both floating IPs", () => {
    const plan = outputs.addressPlan;
    const { ipv4: fip4, ipv6: fip6 } = fakeFloatingIps();
    const { text, doc } = userDataOf(plan, "ingress-1");
    const haproxy = fileIn(doc, INGRESS_PATHS.haproxy).content;
    expect(haproxy).toContain(`bind ipv4@${fip4}:80 transparent`);
    expect(haproxy).toContain(`bind ipv6@[${fip6}]:80 transparent`);
    for (const node of plan.nodes) {
      expect(haproxy).toContain(`server ${node.name} ipv4@${node.ipv4}:80 check`);
      expect(haproxy).toContain(`server ${node.name} ipv6@[${node.ipv6}]:80 check`);
    }
    expect(haproxyCheck(files, haproxy)).toMatchObject({ status: 0 });

    const sandbox = new KeepalivedSandbox([], ["ens3", "ens4"]);
    try {
      const r = sandbox.check(files, fileIn(doc, INGRESS_PATHS.keepalived).content);
      expect(r.output).toBe("");
      expect(r.status).toBe(0);
    } finally {
      sandbox.remove();
    }
    for (const [name, content] of [["ingress-1", text], ["node-1", userDataOf(plan, "node-1").text]]) {
      const f = path.join(tmp, `${name}.yaml`);
      fs.writeFileSync(f, content);
      expect(cloudInitSchema(f)).toMatchObject({ status: 0 });
    }
  });

  it("keeps both tokens out of the state: the ingress user data is a secret", async () => {
    const exported = await stack.exportState();
    expectNoToken(exported, "pulumi stack export");
    expect(stack.rawState()).toContain(SERVER_TYPE);
    // The scan covers the state file, its .bak, the update history and the backups.
    expect(stack.backendFiles().size).toBeGreaterThan(3);
    for (const [file, text] of stack.backendFiles()) expectNoToken(text, file);
    const resources = (JSON.parse(exported) as { deployment: { resources: { type: string; urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] } })
      .deployment.resources;
    const server = (host: string) => resources.find((r) => r.type === SERVER_TYPE && r.urn.endsWith(`::cluster-${host}`));
    for (const host of ["ingress-1", "ingress-2"]) {
      expect(server(host)?.inputs?.userData).toMatchObject(SECRET_SIG);
      expect(server(host)?.outputs?.userData).toMatchObject(SECRET_SIG);
    }
    // Nodes hold no secret: their user data stays readable in the state.
    expect(typeof server("node-1")?.outputs?.userData).toBe("string");
  });

  it("a second preview shows no changes", async () => {
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview");
  });

  it("passes the project's IPv6 policy pack", async () => {
    const run = expectOk(await stack.preview(["--policy-pack", path.join(stack.dir, "policies")]), "preview with the policy pack");
    expect(run.stdout).toMatch(/Policies:\s+✅ dualstack@v[0-9.]+ \(local: [^)]*policies\)/);
    expect(run.stdout).not.toMatch(/\[(mandatory|advisory)\]/);
  });

  it("the rendered failover script on ingress-2 moves both floating IPs there, with the failover token", async () => {
    const plan = outputs.addressPlan;
    const { doc } = userDataOf(plan, "ingress-2");
    const ingress2 = fake.objects().servers.find((s) => s.name === `${plan.name}-ingress-2`)!;
    const tokenFile = path.join(tmp, "failover-token");
    fs.writeFileSync(tokenFile, fileIn(doc, FAILOVER_PATHS.token).content, { mode: 0o600 });
    // As on the host, except where the metadata service and the token file are.
    const script = fileIn(doc, FAILOVER_PATHS.notifyMaster)
      .content.replace(/^METADATA_URL='.*'$/m, `METADATA_URL='${fake.metadataUrl()}'`)
      .replace(/^TOKEN_FILE='.*'$/m, `TOKEN_FILE='${tokenFile}'`);
    const scriptFile = path.join(tmp, "move-floating-ips");
    fs.writeFileSync(scriptFile, script, { mode: 0o700 });
    fake.setMetadataServer(ingress2.uuid);
    const seen = proxy.requests.length;

    // Asynchronously: the fake answers from this very process.
    const r = await promisify(execFile)("sh", [scriptFile], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toMatch(/now routed to server/);
    expectNoToken(r.stdout + r.stderr, "the script's output");
    expect(fakeFloatingIps().serverOf).toEqual({ 4: ingress2.uuid, 6: ingress2.uuid });
    const patches = proxy.requests.slice(seen).filter((q) => q.method === "PATCH");
    expect(patches.map((q) => [q.path.replace(/\/v1\/floating-ips\/.*/, "fip"), q.status, q.tokenName])).toEqual([
      ["fip", 204, "failover"],
      ["fip", 204, "failover"],
    ]);
  });

  it("after refresh, Pulumi leaves the floating IPs where keepalived put them", async () => {
    const refresh = expectOk(await stack.refresh(), "refresh");
    expectNoToken(refresh.stdout + refresh.stderr, "refresh output");
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview after failover + refresh");
    for (const [file, text] of stack.backendFiles()) expectNoToken(text, file);
  });

  it("warns when the ingress hosts would get the stack's own token", async () => {
    await stack.setConfig(config(), {}, ["dualstack:cloudscaleFailoverToken"]);
    const run = expectOk(await stack.preview(), "preview without a failover token");
    expect(run.stdout).toContain(
      "dualstack:cloudscaleFailoverToken is not set, so the ingress hosts get dualstack:cloudscaleToken to move the floating IPs",
    );
    expectNoToken(run.stdout + run.stderr, "preview output");
    await stack.setConfig(config(), { "dualstack:cloudscaleFailoverToken": FAILOVER_TOKEN });
  });

  it("fails at preview naming the key for k3s without its token, a bad zone and split tiers, creating nothing", async () => {
    const seen = proxy.requests.filter((r) => r.method !== "GET").length;
    await stack.setConfig(config({}, { "dualstack:runtime": "kubernetes" }));
    const k8s = await stack.preview();
    expect(k8s.code).not.toBe(0);
    expect(k8s.stdout).toContain("dualstack:k3sToken: (not set) is required for runtime kubernetes (self-managed k3s)");

    await stack.setConfig(config({ zone: "zrh1" }));
    const zone = await stack.preview();
    expect(zone.code).not.toBe(0);
    expect(zone.stdout).toContain('dualstack:cloudscale.zone: "zrh1" is not valid; expected one of: lpg1, rma1');

    await stack.setConfig(config({}, { "dualstack:network": { ipv4Supernet: "10.61.0.0/16", tiers: { ingress: "edge", nodes: "nodes" } } }));
    const tiers = await stack.preview();
    expect(tiers.code).not.toBe(0);
    expect(tiers.stdout).toContain("dualstack:network.tiers: {\"ingress\":\"edge\",\"nodes\":\"nodes\"} puts ingress hosts and nodes on separate private networks, which cloudscale does not route between");
    expect(proxy.requests.filter((r) => r.method !== "GET").length).toBe(seen);
    await stack.setConfig(config());
  });

  it("a routed /56 instead of a /128 replaces the IPv6 floating IP and the ingress hosts; clients use its ::1", async () => {
    const plan = outputs.addressPlan;
    const before = fake.objects().servers.filter((s) => String(s.name).includes("-ingress-")).map((s) => s.uuid);
    await stack.setConfig(config({ floatingIpv6PrefixLength: 56 }));
    const run = expectOk(await stack.up(), "up with a /56");
    expectNoToken(run.stdout + run.stderr, "up output");
    expect(counts()).toMatchObject(EXPECTED);
    const network = String(fake.objects()["floating-ips"].find((f) => f.ip_version === 6)?.network);
    expect(network).toMatch(/^2001:db8:[0-9a-f]+00::\/56$/);
    const address = network.replace(/::\/56$/, "::1");
    const out = (await stack.outputs()) as unknown as Outputs;
    expect(out.endpoints.ipv6).toBe(`http://[${address}]/`);
    expect(out.floatingIps.ipv6).toBe(network);
    // New ingress hosts (their user data changed); both floating IPs on the new ingress-1.
    const ingress1 = fake.objects().servers.find((s) => s.name === `${plan.name}-ingress-1`)!;
    expect(before).not.toContain(ingress1.uuid);
    expect(fakeFloatingIps().serverOf).toEqual({ 4: ingress1.uuid, 6: ingress1.uuid });
    const keepalived = fileIn(userDataOf(plan, "ingress-1").doc, INGRESS_PATHS.keepalived).content;
    expect(keepalived).toContain(`${address}/128 dev ens3 preferred_lft 0`);
    const script = fileIn(userDataOf(plan, "ingress-2").doc, FAILOVER_PATHS.notifyMaster).content;
    expect(script).toContain(`FLOATING_IPS='${fakeFloatingIps().ipv4} ${network.split("/")[0]}'`);
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview after the /56 change");
    for (const [file, text] of stack.backendFiles()) expectNoToken(text, file);
  });

  it("destroy leaves the API empty", async () => {
    expectOk(await stack.destroy(), "destroy");
    expect(Object.values(counts()).every((n) => n === 0)).toBe(true);
  });
});
