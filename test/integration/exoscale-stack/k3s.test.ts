// The project's Exoscale stack with runtime kubernetes (self-managed k3s) on
// the real Pulumi engine, against the fake Exoscale API: every node's user
// data installs k3s with a dual-stack config.yaml (both pod ranges, both of
// the node's private addresses), servers carry the demo LoadBalancer Service
// on port 80 (ServiceLB, what the ingress HAProxy targets), the join token
// (a config secret) stays out of the state, a missing token or a managed SKS
// without its version fails the preview naming the key, and destroy leaves nothing behind.
import { parse, parseAllDocuments } from "yaml";
import type { AddressPlan } from "../../../components/addressing";
import { INGRESS_PATHS } from "../../../components/ingress";
import { K3S_DEFAULTS, K3S_INSTALL, SYSCTL_PATH } from "../../../components/runtime";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { MainExoscaleStack, PlainConfig } from "./main-stack";
import { expectOk } from "../../../scripts/lib/engine-stack";

jest.setTimeout(900_000);

type Json = Record<string, unknown>;
type UserData = { write_files: { path: string; content: string; permissions?: string }[]; runcmd: string[][] };

const K3S_TOKEN = "k3s-itest-token-6f1d2c9a8b7e4d3c2b1a0f9e8d7c6b5a";

const fake = new FakeExoscale({ pendingPolls: 1 });
const stack = new MainExoscaleStack(`itest-exok3s-${process.pid}`);

// Three nodes: three k3s servers (embedded etcd), node-1 starting the cluster.
const config = (): PlainConfig => ({
  provider: "exoscale",
  network: { ipv4Supernet: "10.92.0.0/16" },
  nodes: { count: 3 },
  ingress: { count: 2 },
  runtime: "kubernetes",
  exoscale: { apiUrl: fake.url },
});

let plan: AddressPlan;
let objectsAfterUp = 0;

beforeAll(async () => {
  await fake.start();
  await stack.init(config(), TEST_KEY, TEST_SECRET);
  await stack.setSecret("dualstack:k3sToken", K3S_TOKEN);
  expectOk(await stack.up(), "up");
  plan = (await stack.outputs()).addressPlan as AddressPlan;
  objectsAfterUp = fake.count();
});

afterAll(async () => {
  if (fake.count() > 0) await stack.destroy();
  await stack.remove();
  await fake.stop();
});

const byName = (name: string) => fake.objects().instances.find((i) => i.name === `${plan.name}-${name}`)!;
const userData = (instance: Json) => parse(Buffer.from(String(instance["user-data"]), "base64").toString("utf8")) as UserData;
const file = (doc: UserData, path: string) => doc.write_files.find((f) => f.path === path);

describe("the exoscale stack with self-managed k3s on the real engine", () => {
  it("creates the three nodes and both ingress hosts, all dual-stack", () => {
    const names = fake.objects().instances.map((i) => i.name).sort();
    expect(names).toEqual(["ingress-1", "ingress-2", "node-1", "node-2", "node-3"].map((n) => `${plan.name}-${n}`));
    for (const i of fake.objects().instances) expect(i["public-ip-assignment"]).toBe("dual");
  });

  it("writes /etc/rancher/k3s/config.yaml with both pod and service ranges and both of the node's private addresses", () => {
    const k = plan.kubernetes;
    const first = plan.nodes[0];
    for (const [i, node] of plan.nodes.entries()) {
      const doc = userData(byName(node.name));
      const written = file(doc, K3S_DEFAULTS.configPath)!;
      expect(written.permissions).toBe("0600");
      const c = parse(written.content) as Json;
      expect(c["node-name"]).toBe(node.name);
      expect(c["node-ip"]).toBe(`${node.ipv4},${node.ipv6}`);
      expect(c["cluster-cidr"]).toBe(`${k.clusterCidrV4},${k.clusterCidrV6}`);
      expect(String(c["cluster-cidr"]).split(",").map((r) => (r.includes(":") ? 6 : 4))).toEqual([4, 6]);
      expect(c["service-cidr"]).toBe(`${k.serviceCidrV4},${k.serviceCidrV6}`);
      expect(c.token).toBe(K3S_TOKEN);
      // node-1 starts embedded etcd; the others join it over the private network.
      if (i === 0) expect(c).toMatchObject({ "cluster-init": true });
      else expect(c.server).toBe(`https://${first.ipv4}:6443`);
      expect(doc.runcmd.flat().join(" ")).toContain("INSTALL_K3S_EXEC=server");
    }
  });

  it("keeps the host network of Docker nodes: the planned ULA on eth1, accept_ra 2 on eth0", () => {
    for (const node of plan.nodes) {
      const doc = userData(byName(node.name));
      const eth1 = parse(file(doc, "/etc/netplan/90-dualstack-eth1.yaml")!.content);
      expect(eth1.network.ethernets.eth1.addresses).toEqual([`${node.ipv6}/${node.ipv6PrefixLength}`]);
      expect(file(doc, SYSCTL_PATH)!.content).toContain("net.ipv6.conf.eth0.accept_ra = 2");
    }
  });

  it("ships the demo app as a dual-stack LoadBalancer Service on port 80, which the unchanged ingress HAProxy targets", () => {
    for (const node of plan.nodes) {
      const manifests = file(userData(byName(node.name)), `${K3S_DEFAULTS.manifestsDir}/${K3S_INSTALL.manifestFile}`)!;
      const service = parseAllDocuments(manifests.content).map((d) => d.toJS() as Json).find((o) => o.kind === "Service")!;
      expect(service.spec).toMatchObject({ type: "LoadBalancer", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] });
      expect((service.spec as { ports: { port: number }[] }).ports.map((p) => p.port)).toEqual([80]);
    }
    for (const host of plan.ingress.hosts) {
      const haproxy = file(userData(byName(host.name)), INGRESS_PATHS.haproxy)!.content;
      for (const node of plan.nodes) {
        expect(haproxy).toContain(`server ${node.name} ipv4@${node.ipv4}:80 check`);
        expect(haproxy).toContain(`server ${node.name} ipv6@[${node.ipv6}]:80 check`);
      }
    }
  });

  it("opens nothing on the nodes' public interface: k3s runs over the private network, which security groups do not filter", () => {
    const nodesGroup = fake.objects().securityGroups.find((g) => g.name === `${plan.name}-nodes`)!;
    expect(nodesGroup.rules.some((r) => r.protocol === "tcp" || r.protocol === "udp")).toBe(false);
  });

  it("keeps the k3s token out of the state (the nodes' user data is a secret there)", async () => {
    const state = await stack.exportState();
    expect(state).not.toContain(K3S_TOKEN);
    expect(state).not.toContain(Buffer.from(K3S_TOKEN).toString("base64").slice(0, 40));
    expect(state).not.toContain(TEST_SECRET);
    const resources = (JSON.parse(state) as { deployment: { resources: { urn: string; inputs?: Json }[] } }).deployment.resources;
    const node1 = resources.find((r) => r.urn.endsWith("exoscale:Instance::cluster-node-1"))!;
    expect(node1.inputs!.userData).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
  });

  it("a second preview shows no changes", async () => {
    expectOk(await stack.preview(["--expect-no-changes"]), "preview --expect-no-changes");
  });

  it("without the k3s token, the preview fails naming dualstack:k3sToken", async () => {
    const run = await stack.previewWith(config(), {}, ["dualstack:k3sToken"]);
    expect(run.code).not.toBe(0);
    expect(run.text).toContain("dualstack:k3sToken: (not set) is required for runtime kubernetes (self-managed k3s)");
    expect(run.text).not.toContain(K3S_TOKEN);
  });

  it("managed SKS without an SKS version fails the preview naming dualstack:exoscale.sks.version", async () => {
    const run = await stack.previewWith(config(), { kubernetes: { mode: "managed" } });
    expect(run.code).not.toBe(0);
    expect(run.text).toContain("dualstack:exoscale.sks.version: (not set) is required with dualstack:kubernetes.mode managed");
  });

  it("the failed previews changed nothing, and destroy leaves the API empty", async () => {
    expect(fake.count()).toBe(objectsAfterUp);
    expectOk(await stack.destroy(), "destroy");
    expect(fake.count()).toBe(0);
  });
});
