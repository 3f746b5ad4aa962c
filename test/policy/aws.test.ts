// AWS rules: the case table, plus exceptions by tag and URN.
import { AWS } from "../../policies/lib/types";
import { describeResourceCases, describeStackCases } from "./cases";
import { awsResourceCases, awsStackCases } from "./cases/aws";
import { type Props, runResource, runStack, urnOf } from "./harness";

describeResourceCases(awsResourceCases);
describeStackCases(awsStackCases);

describe("AWS exceptions", () => {
  const v4Vpc = { cidrBlock: "10.0.0.0/16" };

  it("exempts a VPC tagged dualstack:ipv4-only-reason", async () => {
    const props = { ...v4Vpc, tags: { "dualstack:ipv4-only-reason": "peers with an IPv4-only partner VPC" } };
    expect(await runResource("aws-vpc-has-ipv6", { type: AWS.vpc, props })).toEqual([]);
  });

  it("does not exempt on an empty reason", async () => {
    const props = { ...v4Vpc, tags: { "dualstack:ipv4-only-reason": " " } };
    expect(await runResource("aws-vpc-has-ipv6", { type: AWS.vpc, props })).toHaveLength(1);
  });

  it("exempts a URN listed in the rule's config, and only that one", async () => {
    const config = { exceptions: { urns: [urnOf(AWS.vpc, "legacy")] } };
    expect(await runResource("aws-vpc-has-ipv6", { type: AWS.vpc, props: v4Vpc, name: "legacy", config })).toEqual([]);
    expect(await runResource("aws-vpc-has-ipv6", { type: AWS.vpc, props: v4Vpc, name: "new", config })).toHaveLength(1);
  });

  it("honours a custom tag with an exact value, and then no longer the default tag", async () => {
    const config = { exceptions: { tags: { "ipv6-exempt": "approved" } } };
    const run = (tags: Props) => runResource("aws-lb-dual-stack", { type: AWS.lb, props: { tags }, config });
    expect(await run({ "ipv6-exempt": "approved" })).toEqual([]);
    expect(await run({ "ipv6-exempt": "pending" })).toHaveLength(1);
    expect(await run({ "dualstack:ipv4-only-reason": "x" })).toHaveLength(1);
  });

  it("exempts a route in a stack policy by URN", async () => {
    const resources = [{ type: AWS.route, name: "v4", props: { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0" } }];
    expect(await runStack("aws-default-route-has-ipv6", resources)).toHaveLength(1);
    expect(await runStack("aws-default-route-has-ipv6", resources, { exceptions: { urns: [urnOf(AWS.route, "v4")] } })).toEqual([]);
  });

  it("exempts a security group rule by tag in a stack policy", async () => {
    const rule = { type: AWS.ingressRule, name: "r", props: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", tags: { "dualstack:ipv4-only-reason": "partner" } } };
    expect(await runStack("aws-sg-rule-ipv6-twin", [rule])).toEqual([]);
  });
});
