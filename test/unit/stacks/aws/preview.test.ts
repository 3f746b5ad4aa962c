// A first `pulumi preview`: the VPC does not exist, so its IPv6 /56, and with
// it every IPv6 value of the plan, is unknown. The program must still run to
// the end, register the same resources, and leave IPv6 values unknown rather
// than wrong (no stand-in prefix may leak), while everything IPv4 is known.
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks, awsConfig, installAwsMocks, isKnown, runAwsStack, ZURICH_ZONES } from "./mocks";

// A whole run of the stack program under Pulumi mocks costs 1-2 s of CPU, most
// of it the SDK taking a stack trace for each of its promises (for its leak
// report); on a busy 2-core machine that exceeds jest's default 5 s.
jest.setTimeout(60_000);

describe("AWS stack with unknown values (mocks, preview)", () => {
  let mocks: AwsMocks;
  let outputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    mocks = await installAwsMocks({ preview: true });
    outputs = await runAwsStack(mocks, awsConfig());
  });

  it("runs to the end and registers the whole topology (mocks, preview)", () => {
    expect(mocks.of("aws:ec2/subnet:Subnet")).toHaveLength(2 * ZURICH_ZONES.length);
    expect(mocks.of("aws:ec2/instance:Instance")).toHaveLength(4);
    expect(mocks.of("aws:lb/targetGroupAttachment:TargetGroupAttachment")).toHaveLength(8);
    expect(mocks.of("aws:lb/listenerRule:ListenerRule")).toHaveLength(1);
  });

  it("leaves every subnet's IPv6 /64 unknown, never a made-up one, while IPv4 CIDRs are known (mocks, preview)", () => {
    for (const { inputs } of mocks.of("aws:ec2/subnet:Subnet")) {
      expect(pulumi.isUnknown(inputs.ipv6CidrBlock)).toBe(true);
      expect(inputs.cidrBlock).toMatch(/^10\.70\.\d+\.0\/24$/);
      expect(inputs.assignIpv6AddressOnCreation).toBe(true);
    }
    const everything = JSON.stringify(mocks.resources.map((r) => r.inputs));
    expect(everything).not.toMatch(/2001:db8/);
  });

  it("leaves node IPv6 addresses, user data and IPv6 targets unknown; planned IPv4 addresses are known (mocks, preview)", () => {
    for (const { inputs } of mocks.of("aws:ec2/instance:Instance")) {
      expect(inputs.ipv6Addresses).toHaveLength(1);
      expect(pulumi.isUnknown(inputs.ipv6Addresses[0])).toBe(true);
      expect(pulumi.isUnknown(inputs.userData)).toBe(true);
      expect(inputs.privateIp).toMatch(/^10\.70\.\d+\.1\d$/);
    }
    for (const a of mocks.of("aws:lb/targetGroupAttachment:TargetGroupAttachment").filter((r) => r.name.startsWith("app-v6-"))) {
      expect(pulumi.isUnknown(a.inputs.targetId)).toBe(true);
    }
  });

  it("keeps the dual-stack settings it knows without the VPC (mocks, preview)", () => {
    expect(mocks.one("aws:lb/loadBalancer:LoadBalancer").inputs.ipAddressType).toBe("dualstack");
    expect(mocks.one("aws:ec2/vpc:Vpc").inputs.assignGeneratedIpv6CidrBlock).toBe(true);
    const v6Routes = mocks.of("aws:ec2/route:Route").filter((r) => r.inputs.destinationIpv6CidrBlock === "::/0");
    expect(v6Routes).toHaveLength(2);
  });

  it("exports the plan and endpoints as unknown, the zones and subnets' IPv4 as known (mocks, preview)", async () => {
    expect(await isKnown(outputs.addressPlan)).toBe(false);
    expect(await isKnown(outputs.endpoints.ipv4)).toBe(false);
    expect(await isKnown(outputs.endpoints.ipv6)).toBe(false);
    expect(await isKnown(outputs.subnets[0].ipv6Cidr)).toBe(false);
    expect(outputs.subnets[0].ipv4Cidr).toBe("10.70.0.0/24");
    expect(outputs.zones).toEqual(ZURICH_ZONES);
    expect(outputs.nodes[0].ipv4).toBe("10.70.1.10");
  });
});
