// The AWS stack's own settings: the `dualstack:aws` section, the stack-wide
// keys AWS constrains, and what the stack does not build. Every problem is
// reported at preview, together, naming the full key, the value and what
// would be valid. The region is the AWS provider's own `aws:region`.
import { getInstanceType } from "@pulumi/aws/ec2/getInstanceType";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseCidr } from "../../components/addressing";
import type { ImageArch } from "../../components/clouds/aws/adapter/settings";
import { booleanish, ConfigError, ConfigProblem, isManagedKubernetes, sectionProblems, type StackConfig } from "../config";
import { FAMILIES_WITHOUT_IPV6, INSTANCE_TYPE_PATTERN, instanceFamily, lacksIpv6 } from "./instance-types";

const instanceTypeSchema = z
  .string()
  .regex(INSTANCE_TYPE_PATTERN, { error: 'is not an instance type; expected "family.size" such as "t3.small"' })
  .superRefine((type, ctx) => {
    if (lacksIpv6(type)) {
      ctx.addIssue({
        code: "custom",
        message:
          `has no IPv6 support (family ${instanceFamily(type)}, a previous generation; none of ${FAMILIES_WITHOUT_IPV6.join(", ")} ` +
          'can have an IPv6 address); use a current-generation type such as "t3.small" or "m7i.large"',
      });
    }
  });

export const awsSectionSchema = z
  .object({
    /** Availability zones used, the first N the region lists: one public and one private subnet each. */
    azCount: z.coerce.number().int().min(2).max(6).default(2),
    instanceType: instanceTypeSchema.default("t3.small"),
    /** Port clients use on the NLB; it forwards to the app on the nodes' port 80 (both runtimes). */
    ingressPort: z.coerce.number().int().min(1).max(65535).default(80),
    /** An IPAM pool to take the VPC's IPv6 /56 from instead of an Amazon-provided block. */
    ipv6IpamPoolId: z
      .string()
      .regex(/^ipam-pool-[0-9a-f]{8,17}$/, { error: 'is not an IPAM pool id; expected e.g. "ipam-pool-0123456789abcdef0"' })
      .optional(),
    /** A NAT gateway for the private subnets' IPv4 egress (IPv6 egress always goes through the egress-only gateway). */
    natGateway: booleanish.default(true),
  })
  .strict();

export type AwsSection = z.infer<typeof awsSectionSchema>;

/** The validated settings; what the stack builds follows from `mode`. */
export interface AwsSettings extends AwsSection {
  /** "instances": EC2 nodes running Docker or self-managed k3s behind our NLB; "eks": a managed EKS cluster (IPv6 pods). */
  mode: "instances" | "eks";
}

/** AWS VPCs take IPv4 CIDRs of /16../28. */
const VPC_IPV4_LENGTHS = { min: 16, max: 28 };

/** The section and the stack-wide keys, checked together; a ConfigError listing every problem otherwise. Pure but for reading `aws:region`. */
export function awsSettings(stack: string, config: StackConfig): AwsSettings {
  const parsed = awsSectionSchema.safeParse(config.aws ?? {});
  const problems = [
    ...(parsed.success ? [] : sectionProblems("aws", parsed.error.issues, config.aws, awsSectionSchema)),
    ...networkProblems(config),
    ...ingressProblems(config),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(stack, problems);
  return { ...parsed.data, mode: modeOf(config) };
}

/**
 * Managed EKS for runtime kubernetes with kubernetes.mode managed; EC2
 * instances otherwise: Docker, or self-managed k3s (the default mode with
 * runtime kubernetes). (The same rule as managedKindFor in
 * components/runtime/managed, which maps aws to "eks"; not imported here
 * because its module loads the Azure SDK for AKS.)
 */
function modeOf(config: StackConfig): AwsSettings["mode"] {
  return isManagedKubernetes(config) ? "eks" : "instances";
}

function networkProblems(config: StackConfig): ConfigProblem[] {
  const { network } = config;
  const problems: ConfigProblem[] = [];
  if (network.zones !== undefined) {
    problems.push({
      key: "dualstack:network.zones",
      value: network.zones,
      message: "must be unset on AWS: the stack uses the first dualstack:aws.azCount available zones of aws:region",
    });
  }
  if (network.ipv6Prefix !== undefined) {
    problems.push({
      key: "dualstack:network.ipv6Prefix",
      value: network.ipv6Prefix,
      message: "must be unset on AWS: the VPC's IPv6 /56 comes from Amazon, or from the IPAM pool in dualstack:aws.ipv6IpamPoolId",
    });
  }
  const tiers = network.tiers;
  if (tiers && tiers.ingress === tiers.nodes) {
    problems.push({
      key: "dualstack:network.tiers",
      value: tiers,
      message: "must name two different tiers on AWS: the ingress tier makes the public subnets (NLB, NAT), the nodes tier the private ones",
    });
  }
  const supernet = parseCidr(network.ipv4Supernet, 4);
  if (supernet.ok && (supernet.value.length < VPC_IPV4_LENGTHS.min || supernet.value.length > VPC_IPV4_LENGTHS.max)) {
    problems.push({
      key: "dualstack:network.ipv4Supernet",
      value: network.ipv4Supernet,
      message: `is a /${supernet.value.length}, but an AWS VPC takes /${VPC_IPV4_LENGTHS.min}../${VPC_IPV4_LENGTHS.max}; use e.g. "10.70.0.0/16"`,
    });
  }
  return problems;
}

function ingressProblems(config: StackConfig): ConfigProblem[] {
  if (config.ingress.vips === undefined) return [];
  return [
    {
      key: "dualstack:ingress.vips",
      value: config.ingress.vips,
      message: "must be unset on AWS: the entry point is a dual-stack NLB whose addresses AWS assigns (no VRRP VIPs)",
    },
  ];
}

export type { ImageArch } from "../../components/clouds/aws/adapter/settings";

/**
 * The region's own answer about the instance type (ec2:DescribeInstanceTypes,
 * an invoke, so it runs at preview too): refuses types without IPv6 and
 * picks the image architecture. Unknown types fail here, naming the key.
 */
export async function checkInstanceType(stack: string, instanceType: string): Promise<ImageArch> {
  const key = "dualstack:aws.instanceType";
  let info: Awaited<ReturnType<typeof getInstanceType>>;
  try {
    info = await getInstanceType({ instanceType });
  } catch (err: unknown) {
    const text = err instanceof Error ? err.message : String(err);
    const reason = text.split("\n").map((l) => l.trim()).find(Boolean);
    throw new ConfigError(stack, [
      {
        key,
        value: instanceType,
        message: `could not be looked up in ${regionName()}${reason ? ` (${reason})` : ""}; use an instance type the region offers, e.g. "t3.small"`,
      },
    ]);
  }
  if (!info.ipv6Supported) {
    throw new ConfigError(stack, [
      { key, value: instanceType, message: `has no IPv6 support in ${regionName()} (EC2 reports Ipv6Supported false); use a current-generation type such as "t3.small"` },
    ]);
  }
  const archs = info.supportedArchitectures ?? [];
  if (archs.includes("x86_64")) return "amd64";
  if (archs.includes("arm64")) return "arm64";
  throw new ConfigError(stack, [
    { key, value: instanceType, message: `runs ${archs.join(", ") || "no listed architecture"}; use an x86_64 or arm64 type (Ubuntu 24.04 images)` },
  ]);
}

/** `aws:region` for messages, as the operator wrote it. */
export function regionName(): string {
  const region = new pulumi.Config("aws").get("region");
  return region ? `aws:region ${region}` : "the AWS region (aws:region not set)";
}
