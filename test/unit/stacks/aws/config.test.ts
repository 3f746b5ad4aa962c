// Bad input fails the preview with a ConfigError naming the key, the value
// and what would be valid, before any resource is registered; the example
// stack file parses, plans and runs. Under Pulumi mocks (the zone and
// instance-type lookups are invokes).
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig, planForStack, rawConfigFromStackFile } from "../../../../stacks/config";
import { awsSectionSchema, awsSettings } from "../../../../stacks/aws/settings";
import { FAMILIES_WITHOUT_IPV6 } from "../../../../stacks/aws/instance-types";
import { AwsMocks, awsConfig, installAwsMocks, NLB_DNS, REGION, resolved, runAwsStack } from "./mocks";

// A whole run of the stack program under Pulumi mocks costs 1-2 s of CPU, most
// of it the SDK taking a stack trace for each of its promises (for its leak
// report); on a busy 2-core machine that exceeds jest's default 5 s.
jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, "../../../..");

async function configError(run: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("AWS stack config (mocks)", () => {
  let mocks: AwsMocks;

  beforeAll(async () => {
    jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    mocks = await installAwsMocks();
  });
  beforeEach(() => mocks.reset());

  /** Runs the stack expecting a ConfigError and no resource at all. */
  async function refused(raw: Record<string, unknown>): Promise<ConfigError> {
    const err = await configError(() => runAwsStack(mocks, raw));
    expect(mocks.resources).toEqual([]);
    return err;
  }

  it("refuses azCount 7, naming dualstack:aws.azCount and the range (mocks)", async () => {
    const err = await refused(awsConfig({ aws: { azCount: 7 } }));
    expect(err.problems.map((p) => p.key)).toEqual(["dualstack:aws.azCount"]);
    expect(err.message).toContain("dualstack:aws.azCount: 7 is out of range");
    expect(err.message).toMatch(/6/);
  });

  it("refuses azCount 2 in a region with one zone, naming dualstack:aws.azCount, the region and its zones (mocks)", async () => {
    mocks.zones = ["eu-south-9a"];
    const err = await refused(awsConfig({ aws: {} }));
    expect(err.problems[0].key).toBe("dualstack:aws.azCount");
    expect(err.message).toContain("dualstack:aws.azCount: 2 is more than the 1 available zone(s)");
    expect(err.message).toContain(`aws:region ${REGION}`);
    expect(err.message).toContain("eu-south-9a");
    expect(err.message).toMatch(/region with at least 2 availability zones/);
  });

  it("suggests a smaller azCount when the region has fewer zones than asked but at least two (mocks)", async () => {
    const err = await refused(awsConfig({ aws: { azCount: 4 } }));
    expect(err.message).toContain("dualstack:aws.azCount: 4 is more than the 3 available zone(s)");
    expect(err.message).toContain("use 2..3");
  });

  it.each(["m3.medium", "t1.micro", "c1.xlarge", "hs1.8xlarge"])("refuses %s, an instance type without IPv6, offline (mocks)", async (type) => {
    const err = await refused(awsConfig({ aws: { instanceType: type } }));
    expect(err.problems.map((p) => p.key)).toEqual(["dualstack:aws.instanceType"]);
    expect(err.message).toContain(`dualstack:aws.instanceType: "${type}" has no IPv6 support`);
    expect(err.message).toMatch(/use a current-generation type/);
    // Refused before asking the region.
    expect(mocks.calls).toEqual([]);
  });

  it("refuses a type the region reports without IPv6, and one the region does not know (mocks)", async () => {
    const noIpv6 = await refused(awsConfig({ aws: { instanceType: "x0.large" } }));
    expect(noIpv6.message).toContain('dualstack:aws.instanceType: "x0.large" has no IPv6 support in aws:region eu-central-2');
    const unknown = await refused(awsConfig({ aws: { instanceType: "zz9.huge" } }));
    expect(unknown.message).toContain('dualstack:aws.instanceType: "zz9.huge" could not be looked up');
    expect(unknown.message).toContain("use an instance type the region offers");
  });

  it("refuses a supernet that cannot hold 2 x azCount /24s, naming dualstack:network.ipv4Supernet (mocks)", async () => {
    const err = await refused(awsConfig({ network: { ipv4Supernet: "10.70.0.0/23" }, aws: { azCount: 2 } }));
    expect(err.problems.map((p) => p.key)).toEqual(["dualstack:network.ipv4Supernet"]);
    expect(err.message).toContain('dualstack:network.ipv4Supernet: "10.70.0.0/23" holds 2 /24 network(s) but the plan needs 4');
  });

  it("refuses a supernet an AWS VPC cannot take (/8) (mocks)", async () => {
    const err = await refused(awsConfig({ network: { ipv4Supernet: "10.0.0.0/8" } }));
    expect(err.message).toContain('dualstack:network.ipv4Supernet: "10.0.0.0/8" is a /8, but an AWS VPC takes /16../28');
  });

  it("accepts self-managed Kubernetes (k3s) but requires dualstack:k3sToken at preview (mocks)", async () => {
    for (const kubernetes of [undefined, { mode: "self-managed" }]) {
      const err = await refused(awsConfig({ runtime: "kubernetes", ...(kubernetes ? { kubernetes } : {}) }));
      expect(err.problems.map((p) => p.key)).toEqual(["dualstack:k3sToken"]);
      expect(err.message).toContain("dualstack:k3sToken");
      expect(err.message).not.toContain("lands later");
    }
    expect(mocks.of("aws:ec2/vpc:Vpc")).toHaveLength(0);
  });

  it("reports every stack-wide key AWS decides itself, all at once (mocks)", async () => {
    const err = await refused(
      awsConfig({
        network: { ipv4Supernet: "10.70.0.0/16", zones: ["a"], ipv6Prefix: "2001:db8::/48", tiers: { ingress: "net", nodes: "net" } },
        ingress: { count: 2, vips: { ipv4: "10.70.0.4" } },
        aws: { azCount: 3, natGateway: "maybe", extra: 1 },
      }),
    );
    expect(err.problems.map((p) => p.key).sort()).toEqual([
      "dualstack:aws",
      "dualstack:aws.natGateway",
      "dualstack:ingress.vips",
      "dualstack:network.ipv6Prefix",
      "dualstack:network.tiers",
      "dualstack:network.zones",
    ]);
    expect(err.message).toContain("unknown key(s) extra");
    expect(err.message).toContain('dualstack:aws.natGateway: "maybe" must be true or false');
  });

  it("knows the families without IPv6 and accepts current types, booleans as text and an IPAM pool (mocks)", () => {
    expect(FAMILIES_WITHOUT_IPV6).toEqual(expect.arrayContaining(["t1", "m1", "m2", "m3", "c1"]));
    const parsed = awsSectionSchema.parse({ instanceType: "m7i-flex.large", natGateway: "false", ipv6IpamPoolId: "ipam-pool-0123456789abcdef0", azCount: "3" });
    expect(parsed).toEqual({ instanceType: "m7i-flex.large", natGateway: false, ipv6IpamPoolId: "ipam-pool-0123456789abcdef0", azCount: 3, ingressPort: 80 });
    expect(awsSectionSchema.parse({})).toEqual({ azCount: 2, instanceType: "t3.small", ingressPort: 80, natGateway: true });
    expect(awsSectionSchema.safeParse({ ipv6IpamPoolId: "pool-1" }).success).toBe(false);
  });

  it("takes the VPC's /56 from an IPAM pool when one is given (mocks)", async () => {
    await runAwsStack(mocks, awsConfig({ aws: { ipv6IpamPoolId: "ipam-pool-0123456789abcdef0" } }));
    const vpc = mocks.one("aws:ec2/vpc:Vpc").inputs;
    expect(vpc).toMatchObject({ ipv6IpamPoolId: "ipam-pool-0123456789abcdef0", ipv6NetmaskLength: 56 });
    expect(vpc.assignGeneratedIpv6CidrBlock).toBeUndefined();
  });

  it("without a NAT gateway: ::/0 still leaves through the egress-only gateway, no IPv4 default route, a warning (mocks)", async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    await runAwsStack(mocks, awsConfig({ aws: { natGateway: false } }));
    expect(mocks.of("aws:ec2/natGateway:NatGateway")).toEqual([]);
    const routes = mocks.of("aws:ec2/route:Route").map((r) => r.inputs);
    expect(routes.filter((r) => r.egressOnlyGatewayId)).toHaveLength(1);
    expect(routes.filter((r) => r.destinationCidrBlock === "0.0.0.0/0")).toHaveLength(1); // public only
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("dualstack:aws.natGateway"));
  });

  it("uses an arm64 image for a Graviton type and listens on a custom port, forwarding to node port 80 (mocks)", async () => {
    const outputs = await runAwsStack(mocks, awsConfig({ aws: { instanceType: "t4g.small", ingressPort: 8080 } }));
    const ami = mocks.calls.find((c) => c.token === "aws:ec2/getAmi:getAmi");
    expect(JSON.stringify(ami?.inputs.filters)).toContain("ubuntu-noble-24.04-arm64-server-");
    expect(ami?.inputs.owners).toEqual(["099720109477"]);
    expect(mocks.one("aws:lb/listener:Listener").inputs.port).toBe(8080);
    // The nodes serve the app on port 80 (Docker 80:8080, k3s ServiceLB): targets, health checks and the app rules use 80.
    for (const tg of mocks.of("aws:lb/targetGroup:TargetGroup")) expect(tg.inputs).toMatchObject({ port: 80, healthCheck: { path: "/healthz", port: "traffic-port" } });
    for (const a of mocks.of("aws:lb/targetGroupAttachment:TargetGroupAttachment")) expect(a.inputs.port).toBe(80);
    const rules = mocks.of("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules.filter((r) => r.inputs.fromPort === 80 && r.inputs.ipProtocol === "tcp")).toHaveLength(2);
    expect(rules.filter((r) => r.inputs.fromPort === 8080)).toHaveLength(0);
    const out = (await resolved(outputs)) as unknown as { endpoints: { ipv4: string; ipv6: string } };
    expect(out.endpoints).toMatchObject({ ipv4: `http://${NLB_DNS}:8080/`, ipv6: `http://${NLB_DNS}:8080/` });
  });

  it("Pulumi.aws-example.yaml parses, passes the AWS checks, plans and runs (mocks)", async () => {
    const raw = rawConfigFromStackFile(REPO, "aws-example");
    const config = parseStackConfig("aws-example", raw);
    expect(config.provider).toBe("aws");
    expect(awsSettings("aws-example", config)).toMatchObject({ azCount: 2, instanceType: "t3.small", natGateway: true, mode: "instances" });
    // What test/unit/config/stack-config.test.ts does for every tracked stack file.
    expect(planForStack("aws-example", config, { zones: ["z1"] }).nodes).toHaveLength(config.nodes.count);
    await runAwsStack(mocks, raw, "aws-example");
    expect(mocks.of("aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone).sort()).toEqual(["eu-central-2a", "eu-central-2a", "eu-central-2b", "eu-central-2b"]);
    expect(mocks.of("aws:ec2/instance:Instance")).toHaveLength(2);
  });
});
