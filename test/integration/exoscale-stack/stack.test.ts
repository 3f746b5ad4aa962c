// The project's Exoscale stack (stacks/exoscale.ts) on the real Pulumi engine,
// against the fake Exoscale API: the whole topology is created and linked,
// the ingress hosts' HAProxy binds both elastic IPs and proxies to every
// node's private IPv4 and IPv6, a second preview is empty, credentials stay
// out of the state, operator mistakes fail the preview naming the key, and
// destroy leaves nothing behind.
import { parse } from "yaml";
import type { AddressPlan } from "../../../components/addressing";
import { INGRESS_PATHS } from "../../../components/ingress";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { MainExoscaleStack, PlainConfig } from "./main-stack";
import { expectOk } from "../../../scripts/lib/engine-stack";

jest.setTimeout(900_000);

type Json = Record<string, unknown>;
type Ref = { id: string };
type UserData = { packages: string[]; write_files: { path: string; content: string }[] };

const fake = new FakeExoscale({ pendingPolls: 1 });
const stack = new MainExoscaleStack(`itest-exostack-${process.pid}`);

// Default tiers: on Exoscale, one private network shared by nodes and ingress hosts.
const config = (): PlainConfig => ({
  provider: "exoscale",
  network: { ipv4Supernet: "10.91.0.0/16" },
  nodes: { count: 2 },
  ingress: { count: 2 },
  exoscale: { apiUrl: fake.url },
});

// 4 instances; 2 groups with 9 (ingress: 4 web + 5 ICMP) and 5 (nodes: ICMP) rules; 2 anti-affinity groups; 1 network; 2 EIPs.
const EXPECTED_COUNT = 4 + 2 + 9 + 5 + 2 + 1 + 2;

let upOutput = "";
let plan: AddressPlan;
let outputs: Json;

beforeAll(async () => {
  await fake.start();
  await stack.init(config(), TEST_KEY, TEST_SECRET);
  upOutput = expectOk(await stack.up(), "up").stdout;
  outputs = await stack.outputs();
  plan = outputs.addressPlan as AddressPlan;
});

afterAll(async () => {
  if (fake.count() > 0) await stack.destroy();
  await stack.remove();
  await fake.stop();
});

const byName = (name: string) => fake.objects().instances.find((i) => i.name === `${plan.name}-${name}`)!;
const ids = (refs: unknown) => (refs as Ref[]).map((r) => r.id).sort();
const userData = (instance: Json) => parse(Buffer.from(String(instance["user-data"]), "base64").toString("utf8")) as UserData;

describe("the exoscale stack of the project on the real engine", () => {
  it("up creates every resource in the API, all instances dual-stack", () => {
    const o = fake.objects();
    expect(o.instances.map((i) => i.name).sort()).toEqual(["ingress-1", "ingress-2", "node-1", "node-2"].map((n) => `${plan.name}-${n}`));
    for (const i of o.instances) expect(i["public-ip-assignment"]).toBe("dual");
    expect(fake.count()).toBe(EXPECTED_COUNT);
    expect(fake.log.some((r) => r.status === 403)).toBe(false);
  });

  it("attaches both managed elastic IPs (inet4, inet6, http healthcheck on HAProxy's monitor-uri) to both ingress hosts, and none to nodes", () => {
    const eips = fake.objects().elasticIps;
    expect(eips.map((e) => e.addressfamily).sort()).toEqual(["inet4", "inet6"]);
    for (const e of eips) {
      expect(e.healthcheck).toEqual({ mode: "http", port: 80, uri: "/haproxy-healthz", interval: 10, timeout: 3, "strikes-ok": 2, "strikes-fail": 3 });
    }
    for (const host of plan.ingress.hosts) expect(ids(byName(host.name)["elastic-ips"])).toEqual(ids(eips));
    for (const node of plan.nodes) expect(byName(node.name)["elastic-ips"]).toEqual([]);
  });

  it("puts every host on its planned network with its planned IPv4 as the lease; DHCP from offset 10 to broadcast-1", () => {
    const networks = fake.objects().privateNetworks;
    expect(networks.map((n) => n.name).sort()).toEqual(plan.networks.map((n) => `${plan.name}-${n.name}`).sort());
    for (const planned of plan.networks) {
      const n = networks.find((x) => x.name === `${plan.name}-${planned.name}`)!;
      expect([n.netmask, n["start-ip"], n["end-ip"]]).toEqual(["255.255.255.0", planned.ipv4Cidr.replace(/0\/24$/, "10"), planned.ipv4Cidr.replace(/0\/24$/, "254")]);
      const hosts = [...plan.ingress.hosts, ...plan.nodes].filter((h) => h.network === planned.name);
      const leases = hosts.map((h) => ({ "instance-id": byName(h.name).id, ip: h.ipv4 }));
      expect(n.leases).toEqual(expect.arrayContaining(leases));
      expect(n.leases).toHaveLength(hosts.length);
    }
  });

  it("pairs every web rule for 0.0.0.0/0 and ::/0, keeps SSH closed, and gives nodes ICMP only", () => {
    const groups = fake.objects().securityGroups;
    const rules = (role: string) => groups.find((g) => g.name === `${plan.name}-${role}`)!.rules;
    const tcp = rules("ingress").filter((r) => r.protocol === "tcp").map((r) => `${r["start-port"]} ${r.network}`).sort();
    expect(tcp).toEqual(["443 0.0.0.0/0", "443 ::/0", "80 0.0.0.0/0", "80 ::/0"]);
    for (const role of ["ingress", "nodes"]) {
      const icmpv6 = rules(role).filter((r) => r.protocol === "icmpv6");
      expect(icmpv6.map((r) => (r.icmp as { type: number }).type).sort((a, b) => a - b)).toEqual([1, 2, 3, 128]);
      expect(icmpv6.every((r) => r.network === "::/0")).toBe(true);
      expect(rules(role).filter((r) => r.protocol === "icmp").map((r) => [r.network, r.icmp])).toEqual([["0.0.0.0/0", { type: 3, code: 4 }]]);
    }
    expect(rules("nodes").some((r) => r.protocol === "tcp" || r.protocol === "udp")).toBe(false);
    expect(groups.flatMap((g) => g.rules).some((r) => r["start-port"] === 22)).toBe(false);
  });

  it("outputs both endpoint families and every host's public and private addresses", () => {
    const eip = (family: string) => String(fake.objects().elasticIps.find((e) => e.addressfamily === family)!.ip);
    expect(outputs.provider).toBe("exoscale");
    expect(outputs.endpoints).toEqual({ ipv4: `http://${eip("inet4")}/`, ipv6: `http://[${eip("inet6")}]/` });
    const listed = [...(outputs.nodes as Json[]), ...(outputs.ingress as Json[])];
    for (const host of [...plan.nodes, ...plan.ingress.hosts]) {
      const api = byName(host.name);
      expect(listed).toContainEqual({
        name: host.name,
        network: host.network,
        publicIpv4: api["public-ip"],
        publicIpv6: api["ipv6-address"],
        privateIpv4: host.ipv4,
        privateIpv6: host.ipv6,
      });
    }
  });

  it("renders ingress user data: HAProxy listens on every address of each family and lists every node's private IPv4 and IPv6; EIPs on lo; no keepalived", () => {
    const eip = (family: string) => String(fake.objects().elasticIps.find((e) => e.addressfamily === family)!.ip);
    for (const host of plan.ingress.hosts) {
      const doc = userData(byName(host.name));
      const haproxy = doc.write_files.find((f) => f.path === INGRESS_PATHS.haproxy)!.content;
      // Managed EIP traffic may arrive addressed to the EIP or to the host's own address.
      expect(haproxy).toContain("bind ipv4@0.0.0.0:80");
      expect(haproxy).toContain("bind ipv6@[::]:80 v6only");
      for (const node of plan.nodes) {
        expect(haproxy).toContain(`server ${node.name} ipv4@${node.ipv4}:80 check`);
        expect(haproxy).toContain(`server ${node.name} ipv6@[${node.ipv6}]:80 check`);
      }
      const lo = parse(doc.write_files.find((f) => f.path === INGRESS_PATHS.localAddressesNetplan)!.content);
      expect(lo.network.ethernets.lo.addresses).toEqual([`${eip("inet4")}/32`, `${eip("inet6")}/128`]);
      const eth1 = parse(doc.write_files.find((f) => f.path === "/etc/netplan/90-dualstack-eth1.yaml")!.content);
      expect(eth1.network.ethernets.eth1.addresses).toEqual([`${host.ipv6}/${host.ipv6PrefixLength}`]);
      expect(doc.packages).not.toContain("keepalived");
    }
  });

  it("renders node user data: Docker, and the planned ULA on the private interface", () => {
    for (const node of plan.nodes) {
      const doc = userData(byName(node.name));
      expect(doc.packages).toContain("docker-ce");
      const eth1 = parse(doc.write_files.find((f) => f.path === "/etc/netplan/90-dualstack-eth1.yaml")!.content);
      expect(eth1.network.ethernets.eth1.addresses).toEqual([`${node.ipv6}/${node.ipv6PrefixLength}`]);
    }
  });

  it("puts nodes and ingress hosts on one shared private network (Exoscale does not route between them)", () => {
    expect(plan.networks.map((n) => n.name)).toEqual(["private-ch-gva-2"]);
    expect(plan.ingress.network).toBe("private-ch-gva-2");
    expect(upOutput).not.toMatch(/warning/i);
  });

  it("refuses split tiers at preview, naming dualstack:network.tiers", async () => {
    const run = await stack.previewWith(config(), { network: { ipv4Supernet: "10.91.0.0/16", tiers: { ingress: "edge", nodes: "nodes" } } });
    expect(run.code).not.toBe(0);
    expect(run.text).toMatch(/dualstack:network\.tiers: .*separate private networks, which Exoscale does not route between/);
  });

  it("a second preview shows no changes", async () => {
    expectOk(await stack.preview(["--expect-no-changes"]), "preview --expect-no-changes");
  });

  it("keeps the API key and secret out of the state", async () => {
    const state = await stack.exportState();
    expect(state).not.toContain(TEST_KEY);
    expect(state).not.toContain(TEST_SECRET);
    expect(state).toContain("dualstack-id");
  });

  it("a missing API secret fails the preview naming dualstack:exoscaleApiSecret and the command, echoing no credential", async () => {
    const run = await stack.previewWith(config(), {}, ["dualstack:exoscaleApiSecret"]);
    expect(run.code).not.toBe(0);
    expect(run.text).toContain("dualstack:exoscaleApiSecret: (not set) is required");
    expect(run.text).toContain("pulumi config set --secret dualstack:exoscaleApiSecret <value>");
    expect(run.text).not.toContain("dualstack:exoscaleApiKey:");
    expect(run.text).not.toContain(TEST_KEY);
  });

  it("a bad zone fails the preview naming dualstack:exoscale.zone and the valid zones", async () => {
    const run = await stack.previewWith(config(), { exoscale: { apiUrl: fake.url, zone: "ch-zrh-1" } });
    expect(run.code).not.toBe(0);
    expect(run.text).toMatch(/dualstack:exoscale\.zone: "ch-zrh-1" is not valid; expected one of: ch-gva-2, ch-dk-2, de-fra-1, de-muc-1, at-vie-1, at-vie-2, bg-sof-1/);
  });

  it("runtime kubernetes (self-managed k3s) without a join token fails the preview naming dualstack:k3sToken", async () => {
    const run = await stack.previewWith(config(), { runtime: "kubernetes" });
    expect(run.code).not.toBe(0);
    expect(run.text).toContain("dualstack:k3sToken: (not set) is required for runtime kubernetes (self-managed k3s)");
    expect(run.text).not.toContain("is not available on Exoscale yet");
  });

  it("the failed previews changed nothing, and destroy leaves the API empty", async () => {
    expect(fake.count()).toBe(EXPECTED_COUNT);
    expectOk(await stack.destroy(), "destroy");
    expect(fake.count()).toBe(0);
  });
});
