// The lab's Docker pieces that need no engine: the node's daemon.json is the
// clouds' renderer plus only lab keys (and a real `dockerd --validate` takes
// it), the app network sits in the node's Docker /64 clear of what the
// daemon itself allocates, every host routes the other nodes' /64s, HAProxy
// sends IPv6 to the containers, and the dockerd path matches the build script.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { parseCidr, planAddresses, type AddressPlan } from "../../../components/addressing";
import { containerRoutes, labHaproxyArgs } from "../../../components/lab/adapter";
import { appNetworkOf } from "../../../components/lab/docker/app";
import { labDaemonJson } from "../../../components/lab/docker/daemon-config";
import { dockerdBinDir, engineDirs } from "../../../components/lab/docker/paths";
import { labPreflightProblems } from "../../../components/lab/preflight";
import { DEFAULT_INGRESS_SETTINGS } from "../../../components/ingress";
import { renderDaemonJson, reservedRanges } from "../../../components/runtime";
import { dockerdValidate, ensureDockerd, PLANS, REPO, scratch } from "../runtime/helpers";

const LAB_KEYS = ["cgroup-parent", "data-root", "exec-root", "hosts", "pidfile", "shutdown-timeout", "userland-proxy"];
const v6 = (text: string) => {
  const parsed = parseCidr(text, 6);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
};

const lab: AddressPlan = planAddresses({ name: "unit-lab", ipv4Supernet: "10.91.0.0/16", zones: ["lab"], nodeCount: 5, ingressCount: 2, tiers: { ingress: "lab", nodes: "lab" } });

describe("a lab node's daemon.json", () => {
  let bin: string;
  const tmp = scratch("lab-dockerd");
  beforeAll(() => {
    bin = ensureDockerd();
  }, 30 * 60_000);
  afterAll(() => tmp.cleanup());

  test.each(PLANS.flatMap(([title, plan]) => plan.nodes.slice(0, 2).map((n) => [title, n.name, plan, n] as const)))("%s, %s: the clouds' file plus lab keys, accepted by dockerd --validate", (_t, _n, plan, node) => {
    const dirs = engineDirs(`/run/dualstack/${plan.name}/${node.name}`);
    const config = labDaemonJson(plan, node, dirs, `ds-${plan.name}-${node.name}`);
    const clouds = renderDaemonJson(node, { avoid: reservedRanges(plan) }).config as unknown as Record<string, unknown>;
    const extra = Object.keys(config).filter((k) => !(k in clouds)).sort();
    expect(extra).toEqual(LAB_KEYS);
    for (const [key, value] of Object.entries(clouds)) expect((config as unknown as Record<string, unknown>)[key]).toEqual(value);
    expect(config.hosts).toEqual([`unix://${dirs.socket}`]);
    const r = dockerdValidate(bin, tmp.file(`${plan.name}-${node.name}.json`, JSON.stringify(config)));
    expect(r.output).toContain("configuration OK");
  });

  test("keeps the lab's record of dockerd apart from dockerd's own pid file", () => {
    const dirs = engineDirs("/run/dualstack/x/node-1");
    expect(path.basename(dirs.pidFile)).not.toBe("dockerd.pid"); // <root>/dockerd.pid is processes.ts's record
    expect(path.dirname(dirs.pidFile)).toBe(dirs.root);
  });
});

describe("the app network", () => {
  test.each(PLANS.map(([title, plan]) => [title, plan] as const))("%s: a /80 of each node's Docker /64, clear of fixed-cidr-v6 and the daemon's pool, one per node", (_t, plan) => {
    const seen = new Set<string>();
    for (const node of plan.nodes) {
      const net = appNetworkOf(node);
      const subnet = v6(net.subnetV6);
      expect(v6(node.docker.ipv6Cidr).contains(subnet)).toBe(true);
      expect(subnet.overlaps(v6(node.docker.fixedCidrV6))).toBe(false);
      expect(subnet.overlaps(v6(node.docker.addressPoolV6.base))).toBe(false);
      expect(subnet.contains(v6(`${net.containerV6}/128`))).toBe(true);
      expect(net.gatewayV6).not.toBe(net.containerV6);
      seen.add(net.subnetV6);
    }
    expect(seen.size).toBe(plan.nodes.length);
  });
});

describe("routes and backends", () => {
  test("every lab host routes each other node's Docker /64 via that node's IPv6 address", () => {
    expect(containerRoutes(lab)).toEqual(lab.nodes.map((n) => ({ to: n.docker.ipv6Cidr, via: n.ipv6 })));
    const own = containerRoutes(lab, "node-2");
    expect(own.map((r) => r.via)).not.toContain(lab.nodes[1].ipv6);
    expect(own).toHaveLength(lab.nodes.length - 1);
  });

  test("HAProxy's IPv6 backends are the containers, its IPv4 backends the nodes' published ports", () => {
    const args = labHaproxyArgs(lab, { ...DEFAULT_INGRESS_SETTINGS, statsSocket: "/tmp/x.sock" });
    expect(args.servers.map((s) => [s.name, s.ipv4, s.ipv6])).toEqual(lab.nodes.map((n) => [n.name, n.ipv4, appNetworkOf(n).containerV6]));
  });
});

describe("where dockerd is", () => {
  test("the same directory scripts/validators/dockerd.sh builds into", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DUALSTACK_CACHE: "/tmp/dualstack-cache-probe" };
    delete env.DOCKERD_BIN_DIR;
    const fromScript = execFileSync("bash", [path.join(REPO, "scripts/validators/dockerd.sh"), "--bin-dir"], { env, encoding: "utf8" }).trim();
    expect(dockerdBinDir(env)).toBe(fromScript);
  });

  test("a missing dockerd is a preview problem that names its directory and the build command", () => {
    const all = () => "/usr/bin/x";
    expect(labPreflightProblems("CapEff:\t0000003fffffffff\n", all, "/nonexistent/bin")).toEqual([
      expect.stringMatching(/no dockerd in \/nonexistent\/bin: .*scripts\/validators\/dockerd.sh --ensure/),
    ]);
    expect(labPreflightProblems("CapEff:\t0000003fffffffff\n", all, dockerdBinDir())).toEqual([]);
  });
});
