// Pulumi mocks for the AWS stack: no AWS provider plugin or account is
// reachable here, so every resource and invoke is answered by these mocks
// with values shaped like AWS's own: an Amazon-provided /56 on the VPC
// (2600:1f18:... is Amazon's range), the Zurich region's zones, an NLB DNS
// name, ARNs, Canonical's Ubuntu image. In preview mode every computed
// output is unknown, as in a first `pulumi preview`; invokes still answer
// (they run at preview too). Each test file gets its own Pulumi runtime
// (jest isolates modules), so installAwsMocks runs once per file.
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime";
import { awsStack } from "../../../../stacks/aws";
import { parseStackConfig, type StackConfig } from "../../../../stacks/config";
import { withoutStackTraces } from "../../pulumi-program";

export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The id the mocks gave it ("<name>-id"), or undefined in preview. */
  id?: string;
}

export const REGION = "eu-central-2";
export const ZURICH_ZONES = ["eu-central-2a", "eu-central-2b", "eu-central-2c"];
export const VPC_IPV6 = "2600:1f18:4a3:6e00::/56";
export const NLB_DNS = "nlb-5e2a1c7-0123456789abcdef.elb.eu-central-2.amazonaws.com";
export const UBUNTU_AMI = "ami-0f3a9c2b7d4e61a05";
export const ACCOUNT = "123456789012";
export const EKS_NLB_HOSTNAME = "k8s-demoapp-demoapp-0123456789-0123456789abcdef.elb.eu-central-2.amazonaws.com";

/** What DescribeInstanceTypes says about the types the tests use; anything else is unknown to the region. */
export const INSTANCE_TYPES: Record<string, { ipv6Supported: boolean; supportedArchitectures: string[] }> = {
  "t3.small": { ipv6Supported: true, supportedArchitectures: ["x86_64"] },
  "m7i.large": { ipv6Supported: true, supportedArchitectures: ["x86_64"] },
  "t4g.small": { ipv6Supported: true, supportedArchitectures: ["arm64"] },
  // A made-up type the region reports without IPv6 (not on the offline list): the region's answer decides.
  "x0.large": { ipv6Supported: false, supportedArchitectures: ["x86_64"] },
};

const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

/** Realistic computed outputs per resource type; inputs are echoed as the providers do. */
function outputsFor(args: MockResourceArgs): Record<string, unknown> {
  const i = args.inputs;
  switch (args.type) {
    case "aws:ec2/vpc:Vpc":
      return { ipv6CidrBlock: VPC_IPV6, ipv6AssociationId: "vpc-cidr-assoc-0a1b2c3d4e5f6a7b8", arn: arn("ec2", `vpc/${args.name}-id`), defaultSecurityGroupId: "sg-0default000000001" };
    case "aws:ec2/subnet:Subnet":
      return { arn: arn("ec2", `subnet/${args.name}-id`), ipv6CidrBlockAssociationId: "subnet-cidr-assoc-0a1b2c3d" };
    case "aws:ec2/instance:Instance":
      return { arn: arn("ec2", `instance/${args.name}-id`), primaryNetworkInterfaceId: `eni-${args.name}`, privateDns: `${args.name}-id.${REGION}.compute.internal` };
    case "aws:lb/loadBalancer:LoadBalancer":
      return { arn: arn("elasticloadbalancing", `loadbalancer/net/${args.name}-5e2a1c7/0123456789abcdef`), dnsName: NLB_DNS, zoneId: "Z1FE0NKEWFU5T4" };
    case "aws:lb/targetGroup:TargetGroup":
      return { arn: arn("elasticloadbalancing", `targetgroup/${args.name}-1a2b3c4/0123456789abcdef`) };
    case "aws:lb/listener:Listener":
      return { arn: arn("elasticloadbalancing", `listener/net/nlb-5e2a1c7/0123456789abcdef/${args.name}`) };
    case "aws:eks/cluster:Cluster":
      return {
        name: `${args.name}-5f3c2a1`,
        endpoint: "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-central-2.eks.amazonaws.com",
        certificateAuthority: { data: Buffer.from("-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n").toString("base64") },
        region: REGION,
        vpcConfig: { ...i.vpcConfig, clusterSecurityGroupId: "sg-0eks0cluster0001" },
      };
    case "aws:iam/role:Role":
      return { name: `${args.name}-a1b2c3d`, arn: `arn:aws:iam::${ACCOUNT}:role/${args.name}-a1b2c3d` };
    case "aws:ec2/launchTemplate:LaunchTemplate":
      return { latestVersion: 1 };
    case "kubernetes:core/v1:Service":
      return { status: { loadBalancer: { ingress: [{ hostname: EKS_NLB_HOSTNAME }] } } };
    default:
      return {};
  }
}

export interface AwsMocks {
  resources: Recorded[];
  calls: MockCallArgs[];
  /** Zones getAvailabilityZones answers with; tests may change it. */
  zones: string[];
  of(type: string): Recorded[];
  one(type: string, name?: string): Recorded;
  /** The recorded resource whose mock id is `id`. */
  byId(id: string): Recorded | undefined;
  /** Forgets what was recorded (between runs in one file). */
  reset(): void;
}

function callFor(args: MockCallArgs, zones: string[]): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return { id: REGION, names: zones, zoneIds: zones.map((_, i) => `euc2-az${i + 1}`), state: "available", groupNames: [REGION] };
    case "aws:ec2/getInstanceType:getInstanceType": {
      const known = INSTANCE_TYPES[args.inputs.instanceType];
      if (!known) throw new Error(`InvalidInstanceType: The following supplied instance types do not exist: [${args.inputs.instanceType}]`);
      return { id: args.inputs.instanceType, instanceType: args.inputs.instanceType, ...known };
    }
    case "aws:ec2/getAmi:getAmi": {
      const arch = JSON.stringify(args.inputs.filters ?? []).includes("arm64") ? "arm64" : "x86_64";
      return { id: UBUNTU_AMI, imageId: UBUNTU_AMI, architecture: arch, ownerId: "099720109477", name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20260801" };
    }
    case "aws:ec2/getVpc:getVpc":
      return { id: args.inputs.id, cidrBlock: "10.70.0.0/16", ipv6CidrBlock: VPC_IPV6 };
    default:
      throw new Error(`unexpected call ${args.token}`);
  }
}

/** Installs the mocks and `aws:region`. With `preview`, every computed resource output is unknown. */
export async function installAwsMocks(options: { preview?: boolean } = {}): Promise<AwsMocks> {
  const state: AwsMocks = {
    resources: [],
    calls: [],
    zones: [...ZURICH_ZONES],
    of: (type) => state.resources.filter((r) => r.type === type),
    one(type, name) {
      const found = state.of(type).filter((r) => name === undefined || r.name === name);
      if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` ${name}` : ""}, found ${found.length}`);
      return found[0];
    },
    byId: (id) => state.resources.find((r) => r.id === id),
    reset() {
      state.resources.length = 0;
      state.calls.length = 0;
      state.zones = [...ZURICH_ZONES];
    },
  };
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const id = options.preview ? undefined : `${args.name}-id`;
        state.resources.push({ type: args.type, name: args.name, inputs: args.inputs, id });
        if (options.preview) return { id: undefined, state: {} };
        return { id: `${args.name}-id`, state: { ...args.inputs, ...outputsFor(args) } };
      },
      call(args) {
        state.calls.push(args);
        return callFor(args, state.zones);
      },
    },
    "dualstack",
    "aws-test",
    options.preview ?? false,
  );
  pulumi.runtime.setAllConfig({ "aws:region": REGION });
  return state;
}

/** Waits until no new resource has been registered for a few ticks. */
export async function settle(mocks: AwsMocks): Promise<void> {
  let seen = -1;
  while (seen !== mocks.resources.length) {
    seen = mocks.resources.length;
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** A valid AWS stack config (raw, as in Pulumi.<stack>.yaml), with overrides. */
export function awsConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { provider: "aws", network: { ipv4Supernet: "10.70.0.0/16" }, nodes: { count: 4 }, aws: { azCount: 3 }, ...overrides };
}

/**
 * Runs the AWS stack program on a raw config under the installed mocks; resolves once registration settles.
 * The program is imported with this module, not here: compiling and loading it counts against no test's timeout.
 */
export async function runAwsStack(mocks: AwsMocks, raw: Record<string, unknown>, stack = "aws-test"): Promise<Record<string, unknown>> {
  const config: StackConfig = parseStackConfig(stack, raw);
  return withoutStackTraces(async () => {
    const outputs = await awsStack({ project: "dualstack", stack, config });
    await settle(mocks);
    return outputs;
  });
}

/** Every Output inside a value, resolved (deeply), as the engine would export it. Only for known values. */
export function resolved<T>(value: T): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as pulumi.Unwrap<T>)));
}

/** Whether an Output's value is known (false for computed values in a preview). */
export function isKnown(output: unknown): Promise<boolean> {
  return (output as { isKnown: Promise<boolean> }).isKnown;
}

/** The stack's cluster component is named "cluster"; its resources' names start with it. */
export const inCluster = (name: string) => `cluster-${name}`;

/** The plan node an instance is, from its Pulumi name ("cluster-node-1" -> "node-1"). */
export const nodeOf = (resourceName: string) => resourceName.replace(/^cluster-/, "");
