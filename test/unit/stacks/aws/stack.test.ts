// The AWS stack with Docker nodes, run under Pulumi mocks that answer like
// AWS (an Amazon /56 on the VPC, Zurich's three zones): every registered
// resource is checked for the dual-stack properties the design promises.
import * as pulumi from "@pulumi/pulumi";
import { Cidr, parseCidr, parseAddress } from "../../../../components/addressing";
import type { PlainResource, ResourceRule, StackRule } from "../../../../policies/lib/policy";
import { unwrapProps } from "../../../../policies/lib/props";
import { awsDefaultRouteHasIpv6, awsLbDualStack, awsSubnetHasIpv6, awsVpcHasIpv6 } from "../../../../policies/rules/aws";
import { awsNoPublicSsh, awsSgAllowsIcmpv6, awsSgIpv6Twin, awsSgRuleIpv6Twin } from "../../../../policies/rules/aws-firewall";
import { USER_DATA_LIMIT_BYTES } from "../../../../components/clouds/aws/adapter";
import { AwsMocks, awsConfig, inCluster, installAwsMocks, NLB_DNS, nodeOf, Recorded, resolved, runAwsStack, UBUNTU_AMI, VPC_IPV6, ZURICH_ZONES } from "./mocks";
import { mockTreeEdges } from "../../mock-tree";

// A whole run of the stack program under Pulumi mocks costs 1-2 s of CPU, most
// of it the SDK taking a stack trace for each of its promises (for its leak
// report); on a busy 2-core machine that exceeds jest's default 5 s.
jest.setTimeout(60_000);

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  igw: "aws:ec2/internetGateway:InternetGateway",
  eigw: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
  nat: "aws:ec2/natGateway:NatGateway",
  instance: "aws:ec2/instance:Instance",
  sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  sgOut: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  nlb: "aws:lb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
  listener: "aws:lb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
} as const;

const SUPERNET = "10.70.0.0/16";

function cidr(text: string, family: 4 | 6): Cidr {
  const parsed = parseCidr(text, family);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.value;
}

function address(text: string, family: 4 | 6): bigint {
  const parsed = parseAddress(text, family);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.value.value;
}

describe("AWS stack, Docker nodes (mocks)", () => {
  let mocks: AwsMocks;
  let outputs: Record<string, unknown>;
  let subnets: Recorded[];

  beforeAll(async () => {
    jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    mocks = await installAwsMocks();
    outputs = await runAwsStack(mocks, awsConfig());
    subnets = mocks.of(T.subnet);
  });

  it("builds the cluster's component tree: the VPC under the network, instances under their hosts, the NLB under the failover, its listeners under the ingress (mocks)", () => {
    const edges = mockTreeEdges();
    expect(edges).toEqual(
      expect.arrayContaining([
        "(root) > dualstack:cluster:DualStackCluster cluster",
        "dualstack:cluster:DualStackNetwork > aws:ec2/vpc:Vpc cluster-vpc",
        "dualstack:cluster:DualStackNetwork > aws:ec2/securityGroup:SecurityGroup cluster-sg-nodes",
        "dualstack:cluster:NodePool > dualstack:cluster:DualStackHost cluster-node-1",
        "dualstack:cluster:DualStackHost > aws:ec2/instance:Instance cluster-node-1",
        "dualstack:cluster:IpFailover > aws:lb/loadBalancer:LoadBalancer cluster-nlb",
        "dualstack:cluster:DualStackIngress > aws:lb/targetGroup:TargetGroup cluster-app-v6",
        "dualstack:cluster:DualStackIngress > aws:lb/listenerRule:ListenerRule cluster-app-ipv6",
      ]),
    );
    expect(edges.filter((e) => e.startsWith("(root) >"))).toEqual(["(root) > dualstack:cluster:DualStackCluster cluster"]);
  });

  it("builds a VPC with the plan's IPv4 supernet and an Amazon-provided IPv6 block (mocks)", () => {
    const vpc = mocks.one(T.vpc).inputs;
    expect(vpc.cidrBlock).toBe(SUPERNET);
    expect(vpc.assignGeneratedIpv6CidrBlock).toBe(true);
    expect(vpc.ipv6IpamPoolId).toBeUndefined();
  });

  it("gives every zone a public and a private subnet, each with an IPv6 /64 inside the VPC /56 and IPv4 inside the supernet (mocks)", () => {
    expect(subnets).toHaveLength(2 * ZURICH_ZONES.length);
    const vpc6 = cidr(VPC_IPV6, 6);
    const supernet = cidr(SUPERNET, 4);
    for (const { inputs, name } of subnets) {
      const v6 = cidr(inputs.ipv6CidrBlock, 6);
      expect({ name, length: v6.length, inside: vpc6.contains(v6) }).toEqual({ name, length: 64, inside: true });
      expect({ name, inside: supernet.contains(cidr(inputs.cidrBlock, 4)) }).toEqual({ name, inside: true });
      expect(inputs.assignIpv6AddressOnCreation).toBe(true);
      expect(inputs.enableResourceNameDnsAaaaRecordOnLaunch).toBe(true);
    }
    for (const zone of ZURICH_ZONES) {
      const inZone = subnets.filter((s) => s.inputs.availabilityZone === zone);
      expect(inZone.map((s) => s.inputs.mapPublicIpOnLaunch).sort()).toEqual([false, true]);
    }
  });

  it("has no two subnets overlapping, in either family (mocks)", () => {
    for (const family of [4, 6] as const) {
      const ranges = subnets.map((s) => cidr(family === 4 ? s.inputs.cidrBlock : s.inputs.ipv6CidrBlock, family));
      ranges.forEach((a, i) => ranges.slice(i + 1).forEach((b) => expect(`${a} overlaps ${b}: ${a.overlaps(b)}`).toBe(`${a} overlaps ${b}: false`)));
    }
  });

  it("gives every instance its planned IPv4 and IPv6 address inside its private subnet (mocks)", () => {
    const instances = mocks.of(T.instance);
    expect(instances).toHaveLength(4);
    for (const { name, inputs } of instances) {
      const subnet = mocks.byId(inputs.subnetId);
      expect(subnet?.inputs.mapPublicIpOnLaunch).toBe(false);
      const addresses: string[] = inputs.ipv6Addresses ?? [];
      expect(addresses.length >= 1 || inputs.ipv6AddressCount >= 1).toBe(true);
      expect({ name, inside: addresses.every((a) => cidr(subnet!.inputs.ipv6CidrBlock, 6).contains(address(a, 6))) }).toEqual({ name, inside: true });
      expect(cidr(subnet!.inputs.cidrBlock, 4).contains(address(inputs.privateIp, 4))).toBe(true);
      expect(inputs.ami).toBe(UBUNTU_AMI);
      expect(inputs.metadataOptions).toMatchObject({ httpTokens: "required", httpProtocolIpv6: "enabled" });
      expect(inputs.associatePublicIpAddress).not.toBe(true);
    }
  });

  it("boots nodes with Docker user data for their own plan node, no static IPv6 interface, under 16 KiB (mocks)", () => {
    for (const { name, inputs } of mocks.of(T.instance)) {
      const userData: string = inputs.userData;
      expect(userData.startsWith("#cloud-config")).toBe(true);
      expect(userData).toContain(`NODE_NAME=${nodeOf(name)}`);
      expect(userData).toContain('"ipv6": true');
      expect(userData).toContain("- 80:8080");
      expect(userData).not.toContain("/etc/netplan/");
      expect(Buffer.byteLength(userData)).toBeLessThanOrEqual(USER_DATA_LIMIT_BYTES);
    }
  });

  it("routes ::/0 wherever 0.0.0.0/0 goes: public to the internet gateway, private to the egress-only gateway (mocks)", () => {
    const routes = mocks.of(T.route).map((r) => r.inputs);
    const igw = mocks.one(T.igw).id;
    const eigw = mocks.one(T.eigw).id;
    const nat = mocks.one(T.nat).id;
    const tables = mocks.of(T.routeTable);
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      const own = routes.filter((r) => r.routeTableId === table.id);
      const v4 = own.filter((r) => r.destinationCidrBlock === "0.0.0.0/0");
      const v6 = own.filter((r) => r.destinationIpv6CidrBlock === "::/0");
      expect(v4).toHaveLength(1);
      expect(v6).toHaveLength(1);
      // Which subnets use this table decides what "default" must point at.
      const users = mocks.of(T.association).filter((a) => a.inputs.routeTableId === table.id).map((a) => mocks.byId(a.inputs.subnetId)!);
      expect(users.length).toBe(ZURICH_ZONES.length);
      const isPublic = users.every((s) => s.inputs.mapPublicIpOnLaunch === true);
      const isPrivate = users.every((s) => s.inputs.mapPublicIpOnLaunch === false);
      expect(isPublic || isPrivate).toBe(true);
      if (isPublic) {
        expect(v4[0].gatewayId).toBe(igw);
        expect(v6[0].gatewayId).toBe(igw);
      } else {
        expect(v4[0].natGatewayId).toBe(nat);
        expect(v6[0].egressOnlyGatewayId).toBe(eigw);
        expect(v6[0].natGatewayId).toBeUndefined();
      }
    }
    // Every subnet is associated with exactly one table.
    expect(mocks.of(T.association).map((a) => a.inputs.subnetId).sort()).toEqual(subnets.map((s) => s.id).sort());
  });

  it("puts the NAT gateway with an elastic IP in a public subnet (mocks)", () => {
    const nat = mocks.one(T.nat).inputs;
    expect(mocks.byId(nat.subnetId)?.inputs.mapPublicIpOnLaunch).toBe(true);
    expect(nat.allocationId).toBe(mocks.one("aws:ec2/eip:Eip").id);
  });

  it("pairs every security-group rule open to 0.0.0.0/0 with a ::/0 twin (mocks)", () => {
    const rules = [...mocks.of(T.sgIn), ...mocks.of(T.sgOut)];
    // ICMP has other type numbers in IPv6: fragmentation needed (3/4) <-> packet too big (2), echo 8 <-> 128.
    const icmpTwin: Record<string, number> = { "3": 2, "8": 128 };
    const open4 = rules.filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0");
    expect(open4.length).toBeGreaterThan(0);
    for (const rule of open4) {
      const i = rule.inputs;
      const want =
        i.ipProtocol === "icmp"
          ? { type: rule.type, ipProtocol: "icmpv6", fromPort: icmpTwin[String(i.fromPort)] }
          : { type: rule.type, ipProtocol: i.ipProtocol, fromPort: i.fromPort, toPort: i.toPort };
      const twin = rules.find(
        (r) =>
          r.type === want.type &&
          r.inputs.cidrIpv6 === "::/0" &&
          r.inputs.ipProtocol === want.ipProtocol &&
          r.inputs.fromPort === want.fromPort &&
          ("toPort" in want ? r.inputs.toPort === want.toPort : true),
      );
      expect({ rule: rule.name, twin: twin?.name ?? "none" }).toEqual({ rule: rule.name, twin: expect.not.stringMatching(/^none$/) });
    }
    for (const rule of rules) expect(rule.inputs.securityGroupId).toBe(mocks.one("aws:ec2/securityGroup:SecurityGroup").id);
  });

  it("allows ICMPv6 packet too big, echo and neighbour discovery, and no SSH (mocks)", () => {
    const v6 = mocks.of(T.sgIn).filter((r) => r.inputs.ipProtocol === "icmpv6" && r.inputs.cidrIpv6 === "::/0").map((r) => r.inputs.fromPort);
    expect(v6).toEqual(expect.arrayContaining([2, 128, 135, 136]));
    const ports = mocks.of(T.sgIn).filter((r) => r.inputs.ipProtocol === "tcp");
    expect(ports.map((r) => [r.inputs.fromPort, r.inputs.toPort])).toEqual([[80, 80], [80, 80]]);
    expect(mocks.of(T.sgIn).some((r) => r.inputs.ipProtocol === "-1")).toBe(false);
  });

  it("opens egress to 0.0.0.0/0 and ::/0 (mocks)", () => {
    const out = mocks.of(T.sgOut).map((r) => r.inputs);
    expect(out).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
        expect.objectContaining({ ipProtocol: "-1", cidrIpv6: "::/0" }),
      ]),
    );
  });

  it("makes the NLB dual-stack, internet-facing, cross-zone, in every public subnet (mocks)", () => {
    const nlb = mocks.one(T.nlb).inputs;
    expect(nlb).toMatchObject({ loadBalancerType: "network", ipAddressType: "dualstack", internal: false, enableCrossZoneLoadBalancing: true });
    const publicIds = subnets.filter((s) => s.inputs.mapPublicIpOnLaunch).map((s) => s.id).sort();
    expect([...nlb.subnets].sort()).toEqual(publicIds);
  });

  it("sends IPv6 clients to an IPv6 target group of the nodes' planned addresses, IPv4 clients to instance targets (mocks)", () => {
    const v4 = mocks.one(T.targetGroup, inCluster("app-v4"));
    const v6 = mocks.one(T.targetGroup, inCluster("app-v6"));
    expect(v4.inputs).toMatchObject({ targetType: "instance", protocol: "TCP", port: 80, preserveClientIp: "true" });
    expect(v6.inputs).toMatchObject({ targetType: "ip", ipAddressType: "ipv6", protocol: "TCP", port: 80, preserveClientIp: "true" });
    for (const tg of [v4, v6]) expect(tg.inputs.healthCheck).toMatchObject({ protocol: "HTTP", path: "/healthz", port: "traffic-port" });

    const listener = mocks.one(T.listener).inputs;
    expect(listener).toMatchObject({ port: 80, protocol: "TCP" });
    expect(listener.defaultActions).toEqual([expect.objectContaining({ type: "forward", targetGroupArn: expect.stringContaining(`targetgroup/${inCluster("app-v4")}`) })]);
    const rule = mocks.one(T.listenerRule).inputs;
    expect(rule.listenerArn).toContain("listener/net/");
    expect(rule.conditions).toEqual([{ sourceIp: { ipAddressType: "ipv6" } }]);
    expect(rule.actions).toEqual([expect.objectContaining({ type: "forward", targetGroupArn: expect.stringContaining(`targetgroup/${inCluster("app-v6")}`) })]);

    const attachments = mocks.of(T.attachment).map((a) => a.inputs);
    for (const instance of mocks.of(T.instance)) {
      expect(attachments).toContainEqual(expect.objectContaining({ targetGroupArn: expect.stringContaining("app-v4"), targetId: instance.id, port: 80 }));
      expect(attachments).toContainEqual(expect.objectContaining({ targetGroupArn: expect.stringContaining("app-v6"), targetId: instance.inputs.ipv6Addresses[0], port: 80 }));
    }
    expect(attachments).toHaveLength(2 * mocks.of(T.instance).length);
  });

  it("exports every endpoint in both families, the plan on the VPC's block, subnets and nodes with both families (mocks)", async () => {
    const out = (await resolved(outputs)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.provider).toBe("aws");
    expect(out.endpoints).toMatchObject({ ipv4: `http://${NLB_DNS}/`, ipv6: `http://${NLB_DNS}/`, dnsName: NLB_DNS });
    expect(out.endpoints.note).toMatch(/A and AAAA/);
    expect(out.addressPlan).toMatchObject({ ipv6Prefix: VPC_IPV6, ipv6PrefixSource: "provider", ipv4Supernet: SUPERNET });
    expect(out.subnets).toHaveLength(subnets.length);
    for (const s of out.subnets) {
      expect(s.ipv4Cidr).toMatch(/^10\.70\.\d+\.0\/24$/);
      expect(s.ipv6Cidr).toMatch(/^2600:1f18:4a3:6e0[0-9a-f]::\/64$/);
    }
    expect(out.nodes).toHaveLength(4);
    for (const n of out.nodes) {
      expect(n.ipv4).toMatch(/^10\.70\./);
      expect(cidr(VPC_IPV6, 6).contains(address(n.ipv6, 6))).toBe(true);
      expect(n.ipv6).toBe(out.addressPlan.nodes.find((p: { name: string }) => p.name === n.name).ipv6);
    }
    expect(out.zones).toEqual(ZURICH_ZONES);
  });

  it("passes the policy pack's AWS rules (mocks)", () => {
    // The same pure rules `pulumi preview --policy-pack policies` runs; references resolve by the mocks' ids.
    const plain: PlainResource[] = mocks.resources.map((r) => ({
      urn: `urn:pulumi:aws-test::dualstack::${r.type}::${r.name}`,
      type: r.type,
      name: r.name,
      props: unwrapProps(r.inputs),
      propertyDependencies: {},
      exempt: false,
    }));
    const resourceRules: ResourceRule[] = [awsVpcHasIpv6, awsSubnetHasIpv6, awsLbDualStack, awsSgIpv6Twin, awsNoPublicSsh];
    const findings = resourceRules.flatMap((rule) =>
      plain.filter((r) => rule.types.includes(r.type)).flatMap((r) => rule.check(r.props, r.name, r.type).map((m) => `${rule.name}: ${m}`)),
    );
    const stackRules: StackRule[] = [awsDefaultRouteHasIpv6, awsSgRuleIpv6Twin, awsSgAllowsIcmpv6];
    for (const rule of stackRules) {
      findings.push(...rule.check(plain.filter((r) => rule.types.includes(r.type))).map((f) => `${rule.name}: ${f.message}`));
    }
    expect(findings).toEqual([]);
    // The rules did look at something.
    expect(plain.filter((r) => awsSubnetHasIpv6.types.includes(r.type))).toHaveLength(6);
  });
});
