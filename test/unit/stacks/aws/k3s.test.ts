// The AWS stack with runtime kubernetes, self-managed (k3s), under Pulumi
// mocks: the same EC2 nodes and NLB as with Docker, the nodes' user data the
// k3s config (a secret: it carries the join token from dualstack:k3sToken),
// the app on node port 80 (ServiceLB) where the NLB's targets and /healthz
// checks point, and the k3s ports open between the nodes from the VPC's own
// ranges only.
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks, awsConfig, installAwsMocks, nodeOf, REGION, Recorded, runAwsStack, VPC_IPV6 } from "./mocks";

// A whole run of the stack program under Pulumi mocks costs 1-2 s of CPU, most
// of it the SDK taking a stack trace for each of its promises (for its leak
// report); on a busy 2-core machine that exceeds jest's default 5 s.
jest.setTimeout(60_000);

const TOKEN = "k3s-token-0123456789abcdef0123456789abcdef";
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const SG_IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const K3S_PORTS = [
  ["tcp", 6443, 6443],
  ["udp", 8472, 8472],
  ["tcp", 10250, 10250],
  ["tcp", 2379, 2380],
] as const;

function isClusterRule(r: Recorded): boolean {
  return K3S_PORTS.some(([protocol, from]) => r.inputs.ipProtocol === protocol && r.inputs.fromPort === from);
}

describe("AWS stack, kubernetes self-managed: k3s (mocks)", () => {
  let mocks: AwsMocks;

  beforeAll(async () => {
    jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    mocks = await installAwsMocks();
    pulumi.runtime.setAllConfig({ "aws:region": REGION, "dualstack:k3sToken": TOKEN }, ["dualstack:k3sToken"]);
    await runAwsStack(mocks, awsConfig({ runtime: "kubernetes" }));
  });

  it("boots every node with k3s user data as a secret: both families' cluster-cidr, the node's two addresses as node-ip (mocks)", () => {
    const instances = mocks.of("aws:ec2/instance:Instance");
    expect(instances).toHaveLength(4);
    for (const { name, inputs } of instances) {
      expect(inputs.userData).toMatchObject(SECRET_SIG);
      const text: string = inputs.userData.value;
      expect(text.startsWith("#cloud-config")).toBe(true);
      expect(text).toContain(TOKEN);
      expect(text).toMatch(/node-ip: "?10\.70\.\d+\.1\d,2600:1f18:4a3:6e[0-9a-f]{2}:/);
      expect(text).toContain(`node-name: ${nodeOf(name)}`);
      expect(text).not.toContain("- 80:8080"); // no Docker
    }
    // Servers carry the cluster ranges of both families.
    const first: string = instances[0].inputs.userData.value;
    expect(first).toMatch(/cluster-cidr: "?\d+\.\d+\.\d+\.\d+\/\d+,[0-9a-f:]+\/\d+/);
    expect(first).toMatch(/service-cidr: "?\d+\.\d+\.\d+\.\d+\/\d+,[0-9a-f:]+\/\d+/);
  });

  it("puts each node's planned addresses into its own node-ip (mocks)", () => {
    for (const { inputs } of mocks.of("aws:ec2/instance:Instance")) {
      const text: string = inputs.userData.value;
      expect(text).toContain(`${inputs.privateIp},${inputs.ipv6Addresses[0]}`);
    }
  });

  it("opens the k3s ports between the nodes for both families, from the VPC's ranges only (mocks)", () => {
    const cluster = mocks.of(SG_IN).filter(isClusterRule);
    for (const [protocol, from, to] of K3S_PORTS) {
      const rules = cluster.filter((r) => r.inputs.ipProtocol === protocol && r.inputs.fromPort === from);
      expect(rules.map((r) => r.inputs.toPort)).toEqual([to, to]);
      expect(rules.map((r) => r.inputs.cidrIpv4).filter(Boolean)).toEqual(["10.70.0.0/16"]);
      expect(rules.map((r) => r.inputs.cidrIpv6).filter(Boolean)).toEqual([VPC_IPV6]);
    }
    for (const r of cluster) {
      expect([r.inputs.cidrIpv4, r.inputs.cidrIpv6]).not.toContain("0.0.0.0/0");
      expect([r.inputs.cidrIpv4, r.inputs.cidrIpv6]).not.toContain("::/0");
    }
  });

  it("sends the NLB to node port 80 with /healthz checks, where ServiceLB serves the app, and admits 80 in both families (mocks)", () => {
    for (const tg of mocks.of("aws:lb/targetGroup:TargetGroup")) {
      expect(tg.inputs).toMatchObject({ port: 80, protocol: "TCP", healthCheck: { protocol: "HTTP", path: "/healthz", port: "traffic-port" } });
    }
    for (const a of mocks.of("aws:lb/targetGroupAttachment:TargetGroupAttachment")) expect(a.inputs.port).toBe(80);
    const app = mocks.of(SG_IN).filter((r) => r.inputs.ipProtocol === "tcp" && r.inputs.fromPort === 80);
    expect(app.map((r) => r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6).sort()).toEqual(["0.0.0.0/0", "::/0"]);
  });
});

describe("AWS stack, k3s with fewer than 3 nodes and without a token (mocks)", () => {
  let mocks: AwsMocks;

  beforeAll(async () => {
    jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    mocks = await installAwsMocks();
  });
  beforeEach(() => mocks.reset());

  it("leaves out etcd's ports with a single server (2 nodes) (mocks)", async () => {
    pulumi.runtime.setAllConfig({ "aws:region": REGION, "dualstack:k3sToken": TOKEN }, ["dualstack:k3sToken"]);
    await runAwsStack(mocks, awsConfig({ runtime: "kubernetes", nodes: { count: 2 } }));
    const ports = mocks.of(SG_IN).filter(isClusterRule).map((r) => r.inputs.fromPort);
    expect(ports).toContain(6443);
    expect(ports).not.toContain(2379);
  });

  it("fails at preview naming dualstack:k3sToken when the token is missing, before any resource (mocks)", async () => {
    pulumi.runtime.setAllConfig({ "aws:region": REGION });
    await expect(runAwsStack(mocks, awsConfig({ runtime: "kubernetes" }))).rejects.toThrow(/dualstack:k3sToken/);
    expect(mocks.resources).toHaveLength(0);
  });

  it("fails at preview naming dualstack:k3sToken for a token the k3s renderer refuses (too short), before any resource and without echoing it (mocks)", async () => {
    // The user data is rendered in an apply on the VPC's IPv6 block: without the check up front, `up` would fail after the VPC.
    pulumi.runtime.setAllConfig({ "aws:region": REGION, "dualstack:k3sToken": "tiny-tok" }, ["dualstack:k3sToken"]);
    const run = runAwsStack(mocks, awsConfig({ runtime: "kubernetes" }));
    await expect(run).rejects.toThrow('dualstack:k3sToken: "(secret, 8 characters)" is too short; use a random secret of at least 16 characters');
    await expect(run).rejects.not.toThrow(/tiny-tok/);
    expect(mocks.resources).toHaveLength(0);
  });

  it("builds no k3s rules and keeps Docker user data for runtime docker (mocks)", async () => {
    pulumi.runtime.setAllConfig({ "aws:region": REGION, "dualstack:k3sToken": TOKEN }, ["dualstack:k3sToken"]);
    await runAwsStack(mocks, awsConfig());
    expect(mocks.of(SG_IN).filter(isClusterRule)).toHaveLength(0);
    for (const { inputs } of mocks.of("aws:ec2/instance:Instance")) {
      expect(typeof inputs.userData).toBe("string");
      expect(inputs.userData).toContain("- 80:8080");
    }
  });
});
