// The Exoscale stack's pure parts, without the engine: DHCP ranges from the
// plan, the section schema's defaults, the
// user-data size checks. (Kept beside the engine test; no Pulumi runs here.)
import { planAddresses } from "../../../components/addressing";
import { ZONES } from "../../../components/clouds/exoscale";
import { dhcpRange, ingressUserDataProblems, NODE_HOST_NETWORK, NODE_USER_DATA_LIMIT } from "../../../components/clouds/exoscale/adapter";
import { nodeUserDataProblems, widestNodeUserData } from "../../../components/runtime";
import { exoscaleSectionSchema } from "../../../stacks/exoscale/settings";

const plan = (nodeCount: number, tiers?: { ingress: string; nodes: string }) =>
  planAddresses({ name: "exo-test", ipv4Supernet: "10.81.0.0/16", zones: ["ch-gva-2"], nodeCount, ingressCount: 2, tiers });

describe("dhcpRange", () => {
  it.each([
    ["10.81.0.0/24", { netmask: "255.255.255.0", startIp: "10.81.0.10", endIp: "10.81.0.254" }],
    ["10.1.2.16/28", { netmask: "255.255.255.240", startIp: "10.1.2.26", endIp: "10.1.2.30" }],
    ["10.64.0.0/12", { netmask: "255.240.0.0", startIp: "10.64.0.10", endIp: "10.79.255.254" }],
  ])("%s -> offset 10 .. broadcast-1", (cidr, range) => expect(dhcpRange(cidr)).toEqual(range));

  it("covers every planned host's address", () => {
    const p = plan(5);
    for (const host of [...p.nodes, ...p.ingress.hosts]) {
      const { startIp, endIp } = dhcpRange(p.networks.find((n) => n.name === host.network)!.ipv4Cidr);
      const last = (ip: string) => Number(ip.split(".")[3]);
      expect(last(host.ipv4)).toBeGreaterThanOrEqual(last(startIp));
      expect(last(host.ipv4)).toBeLessThanOrEqual(last(endIp));
    }
  });
});

describe("dualstack:exoscale section", () => {
  it("fills the documented defaults", () => {
    expect(exoscaleSectionSchema.parse({})).toEqual({
      zone: "ch-gva-2",
      instanceType: "standard.medium",
      ingressInstanceType: "standard.small",
      template: "Linux Ubuntu 24.04 LTS 64-bit",
      diskSize: 20,
      // No SKS version default: SKS offers a moving set.
      sks: { cni: "cilium", level: "pro" },
    });
  });

  it("accepts every documented zone, and disk sizes as text (pulumi config set --path stores text)", () => {
    for (const zone of ZONES) expect(exoscaleSectionSchema.parse({ zone, diskSize: "50" })).toMatchObject({ zone, diskSize: 50 });
  });

  it("refuses unknown keys, bad URLs and instance types", () => {
    const paths = (v: unknown) => (exoscaleSectionSchema.safeParse(v).error?.issues ?? []).map((i) => i.path.join(".") || i.code);
    expect(paths({ zones: "x" })).toEqual(["unrecognized_keys"]);
    expect(paths({ apiUrl: "ftp://x" })).toEqual(["apiUrl"]);
    expect(paths({ instanceType: "huge" })).toEqual(["instanceType"]);
    expect(paths({ diskSize: 51201 })).toEqual(["diskSize"]);
  });
});

describe("the plan on Exoscale", () => {
  it("refuses a node count whose ingress user data Exoscale would not accept, naming dualstack:nodes.count", () => {
    expect(ingressUserDataProblems(plan(150))).toEqual([]);
    expect(ingressUserDataProblems(plan(240))).toEqual([expect.objectContaining({ key: "dualstack:nodes.count", value: 240 })]);
  });
});

describe("node user data on Exoscale", () => {
  const widest = (kind: "docker" | "k3s", p: ReturnType<typeof plan>, tokenLength: number) => widestNodeUserData(p, kind, tokenLength, NODE_HOST_NETWORK);

  it("fits Exoscale's limit for Docker and for k3s servers with the demo manifests", () => {
    for (const n of [1, 3, 200]) {
      expect(nodeUserDataProblems(plan(n), "docker", NODE_USER_DATA_LIMIT)).toEqual([]);
      expect(nodeUserDataProblems(plan(n), "k3s", NODE_USER_DATA_LIMIT, 64)).toEqual([]);
    }
    // k3s servers carry the manifests: larger than Docker's user data, and it grows with the token.
    expect(widest("k3s", plan(3), 64)).toBeGreaterThan(widest("docker", plan(3), 0));
    expect(widest("k3s", plan(3), 1064) - widest("k3s", plan(3), 64)).toBeGreaterThanOrEqual(1300);
  });

  it("names dualstack:runtime when the nodes' user data would not fit", () => {
    expect(nodeUserDataProblems(plan(3), "k3s", NODE_USER_DATA_LIMIT, 30000)).toEqual([
      expect.objectContaining({ key: "dualstack:runtime", value: "kubernetes", message: expect.stringMatching(/dualstack:nodes\.count 3 .* where Exoscale accepts 32768/) }),
    ]);
  });
});
