// daemon.json: every rendered file passes a real `dockerd --validate` (Engine
// 28.5.2, built from its Go module by scripts/validators/dockerd.sh); negative
// controls prove that validator rejects what it should. dockerd does not
// check pool sizes, overlaps or alignment, so the renderer does, tested here.
import { parseCidr, planAddresses, PlannedNode } from "../../../components/addressing";
import { InputError, DOCKER_DEFAULTS, renderDaemonJson, reservedRanges } from "../../../components/runtime";
import { dockerdValidate, ensureDockerd, PLANS, scratch } from "./helpers";

let bin: string;
const tmp = scratch("dockerd");
beforeAll(() => {
  bin = ensureDockerd(); // first run on a machine builds it (a few minutes)
}, 30 * 60_000);
afterAll(() => tmp.cleanup());

const validate = (text: string) => dockerdValidate(bin, tmp.file("daemon.json", text));

describe("dockerd --validate accepts every rendered daemon.json", () => {
  const cases = PLANS.flatMap(([title, plan]) => plan.nodes.map((node) => [title, node.name, plan, node] as const));
  test.each(cases)("%s, %s", (_title, _name, plan, node) => {
    const { config, text } = renderDaemonJson(node, { avoid: reservedRanges(plan) });
    const r = validate(text);
    expect(r.output).toContain("configuration OK");
    expect(r.status).toBe(0);
    expect(JSON.parse(text)).toEqual(config);
    expect(config["fixed-cidr-v6"]).toBe(node.docker.fixedCidrV6);
    expect(config["default-address-pools"]).toEqual([node.docker.addressPoolV4, node.docker.addressPoolV6]);
    expect(config.ipv6).toBe(true);
    expect(config.ip6tables).toBe(true);
    expect(config["default-network-opts"].bridge["com.docker.network.enable_ipv6"]).toBe("true");
  });

  test("custom pool and log options", () => {
    const node = PLANS[0][1].nodes[0];
    const { text } = renderDaemonJson(node, { ipv4Pool: { base: "192.168.128.0/17", size: 26 }, log: { maxSize: "50m", maxFile: 5 } });
    expect(validate(text).status).toBe(0);
    expect(JSON.parse(text)["log-opts"]).toEqual({ "max-size": "50m", "max-file": "5" });
  });
});

describe("negative controls: dockerd --validate rejects a broken daemon.json", () => {
  const good = () => renderDaemonJson(PLANS[0][1].nodes[0]).config as unknown as Record<string, unknown>;
  const broken: [string, (c: Record<string, unknown>) => void, RegExp][] = [
    ["an unknown key", (c) => (c["ipv6-everywhere"] = true), /don't match any configuration option: ipv6-everywhere/],
    ["a misspelt key", (c) => ((c["fixed-cidr-6"] = c["fixed-cidr-v6"]), delete c["fixed-cidr-v6"]), /fixed-cidr-6/],
    ["a string for a boolean", (c) => (c.ipv6 = "true"), /cannot unmarshal string .* of type bool/],
    ["an IPv4 fixed-cidr-v6", (c) => (c["fixed-cidr-v6"] = "10.0.0.0/24"), /invalid fixed-cidr-v6/],
    ["an invalid prefix length", (c) => (c["fixed-cidr-v6"] = "fd00::/129"), /invalid fixed-cidr-v6/],
    ["a pool base that is no CIDR", (c) => (c["default-address-pools"] = [{ base: "fd00::/200", size: 64 }]), /prefix length out of range|invalid/i],
    ["a size that is not a number", (c) => (c["default-address-pools"] = [{ base: "fd00::/56", size: "64" }]), /cannot unmarshal|invalid/i],
  ];
  test.each(broken)("%s", (_what, breakIt, message) => {
    const config = good();
    breakIt(config);
    const r = validate(JSON.stringify(config));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(message);
  });

  test("not JSON", () => {
    expect(validate('{"ipv6": true,').status).not.toBe(0);
  });
});

describe("what dockerd does not check, the renderer does", () => {
  const plan = PLANS[0][1];
  const node = plan.nodes[0];
  const withDocker = (docker: Partial<PlannedNode["docker"]>): PlannedNode => ({ ...node, docker: { ...node.docker, ...docker } });

  // dockerd 28.5 --validate accepts all of these (checked below), the renderer must not.
  const accepted: [string, () => unknown, RegExp, string][] = [
    ["a pool size shorter than its base", () => renderDaemonJson(node, { ipv4Pool: { base: "172.16.0.0/16", size: 8 } }), /ipv4Pool\.size: 8 is out of range; use an integer 16\.\.30/, '{"default-address-pools":[{"base":"172.16.0.0/16","size":8}]}'],
    ["host bits in a pool base", () => renderDaemonJson(node, { ipv4Pool: { base: "172.17.0.0/12", size: 24 } }), /ipv4Pool\.base: "172\.17\.0\.0\/12" has host bits set; use "172\.16\.0\.0\/12"/, '{"default-address-pools":[{"base":"172.17.0.0/12","size":24}]}'],
    ["an IPv6 pool size past /126", () => renderDaemonJson(withDocker({ addressPoolV6: { base: node.docker.addressPoolV6.base, size: 128 } })), /addressPoolV6\.size: 128 is out of range/, '{"default-address-pools":[{"base":"fd00::/65","size":128}]}'],
    ["a bad log size", () => renderDaemonJson(node, { log: { maxSize: "ten" } }), /log\.maxSize: "ten" is not valid/, '{"log-driver":"json-file","log-opts":{"max-size":"ten"}}'],
  ];
  test.each(accepted)("%s", (_what, render, message, dockerAccepts) => {
    expect(render).toThrow(InputError);
    expect(render).toThrow(message);
    expect(validate(dockerAccepts).status).toBe(0); // the gap this check covers
  });

  test("the IPv4 pool must not overlap the plan's ranges", () => {
    // The plan's own pool is clear of its supernet inside 172.16.0.0/12 (issue #12: this used to fail).
    const clash = planAddresses({ name: "clash", ipv4Supernet: "172.20.0.0/16", zones: ["a"], nodeCount: 1, ingressCount: 2 });
    expect(renderDaemonJson(clash.nodes[0], { avoid: reservedRanges(clash) }).config["default-address-pools"][0]).toEqual({ base: "172.24.0.0/13", size: 24 });
    expect(() => renderDaemonJson(clash.nodes[0], { ipv4Pool: DOCKER_DEFAULTS.ipv4Pool, avoid: reservedRanges(clash) })).toThrow(
      /ipv4Pool\.base: "172\.16\.0\.0\/12" overlaps ipv4Supernet 172\.20\.0\.0\/16; use a range the plan does not use/,
    );
    expect(() => renderDaemonJson(node, { ipv4Pool: { base: "10.42.0.0/16", size: 24 }, avoid: reservedRanges(plan) })).toThrow(/overlaps kubernetes\.clusterCidrV4/);
    // Without the plan's ranges nothing can be checked; with another pool the plan renders.
    expect(() => renderDaemonJson(clash.nodes[0], { ipv4Pool: { base: "192.168.0.0/16", size: 24 }, avoid: reservedRanges(clash) })).not.toThrow();
  });

  test("the IPv4 pool must be private", () => {
    expect(() => renderDaemonJson(node, { ipv4Pool: { base: "8.8.0.0/16", size: 24 } })).toThrow(/is not private address space/);
  });

  test("IPv6 ranges must be the node's Docker range, apart from each other and the plan", () => {
    expect(() => renderDaemonJson(withDocker({ fixedCidrV6: "10.0.0.0/24" }))).toThrow(/node\.docker\.fixedCidrV6: "10\.0\.0\.0\/24" is IPv4 but IPv6 is expected/);
    expect(() => renderDaemonJson(withDocker({ fixedCidrV6: "fd00:1::/80" }))).toThrow(/is outside the node's Docker range/);
    expect(() => renderDaemonJson(withDocker({ addressPoolV6: { base: node.docker.fixedCidrV6, size: 96 } }))).toThrow(/overlaps fixed-cidr-v6/);
    // A Docker /64 laid out like the planner's, but inside the pod range.
    const podRange = parseCidr(plan.kubernetes.clusterCidrV6, 6);
    if (!podRange.ok) throw new Error("bad fixture");
    const range = podRange.value.subnet(64, 0);
    const inPods = {
      ...node,
      docker: { ipv6Cidr: `${range}`, fixedCidrV6: `${range.subnet(80, 0)}`, addressPoolV6: { base: `${range.subnet(65, 1)}`, size: 80 }, addressPoolV4: node.docker.addressPoolV4 },
    };
    expect(() => renderDaemonJson(inPods, { avoid: reservedRanges(plan) })).toThrow(/overlaps kubernetes\.clusterCidrV6/);
  });
});
