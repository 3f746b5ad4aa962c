// The worker nodes: one EC2 instance per plan node, in its zone's private
// subnet, running the demo app on node port 80 in both families: Docker with
// a dual-stack daemon (80:8080), or self-managed k3s whose ServiceLB serves
// the app's LoadBalancer Service on port 80 of every node (cloud-init user
// data from stacks/node-user-data.ts; the k3s one is a secret: it carries
// the join token).
//
// Addresses come from the plan, not from AWS: `privateIp` is the node's
// planned IPv4 and `ipv6Addresses` its planned IPv6 (offset 10+ of the
// subnet's /64, clear of the 4 addresses AWS reserves at the start). So the
// addresses in the plan output, the NLB's IPv6 targets and the instances
// agree by construction, with no read-back; `ipv6AddressCount: 1` would give
// a random address the plan could not know. No `privateInterface` for the
// user data: AWS configures both families on the interface itself (DHCPv4,
// DHCPv6/RA).
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import { DEMO_APP_DEFAULTS } from "../../components/runtime";
import type { StackConfig } from "../config";
import { nodeUserData } from "../node-user-data";
import type { DualStackNetwork } from "./network";
import { Layout, LayoutNode, plannedNode } from "./plan";
import type { AwsSettings, ImageArch } from "./settings";
import { tagsFor } from "./tags";

/** Canonical's AWS account: the publisher of the official Ubuntu images. */
export const CANONICAL_OWNER = "099720109477";

/** AWS caps user data at 16 KiB (before base64). */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;

/** The newest Ubuntu 24.04 LTS (noble) server image for an architecture. */
export function ubuntuImage(arch: ImageArch): pulumi.Output<ec2.GetAmiResult> {
  return ec2.getAmiOutput({
    owners: [CANONICAL_OWNER],
    mostRecent: true,
    filters: [
      { name: "name", values: [`ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${arch}-server-*`] },
      { name: "architecture", values: [arch === "amd64" ? "x86_64" : "arm64"] },
      { name: "virtualization-type", values: ["hvm"] },
      { name: "root-device-type", values: ["ebs"] },
    ],
  });
}

/**
 * Where the app answers on every node, both families, in both runtimes:
 * Docker publishes 80:8080, k3s' ServiceLB serves the LoadBalancer Service's
 * port 80. The NLB's target groups and health checks (/healthz) use this
 * port; only the listener uses dualstack:aws.ingressPort.
 */
export const NODE_APP_PORT: number = DEMO_APP_DEFAULTS.publicPort;

/** User data within AWS's limit, unchanged; an error naming the node otherwise. */
export function checkUserDataSize(node: string, text: string): string {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > USER_DATA_LIMIT_BYTES) {
    throw new Error(`aws: user data of ${node} is ${bytes} bytes, over AWS's ${USER_DATA_LIMIT_BYTES}-byte limit`);
  }
  return text;
}

export interface NodeSummary {
  name: string;
  zone: string;
  subnet: string;
  instanceId: pulumi.Output<string>;
  ipv4: string;
  ipv6: pulumi.Output<string>;
}

export interface Nodes {
  instances: ec2.Instance[];
  /** Each node's planned IPv6 address, in plan order (the NLB's IPv6 targets). */
  ipv6: pulumi.Output<string>[];
  summaries: NodeSummary[];
}

export interface NodesArgs {
  layout: Layout;
  network: DualStackNetwork;
  settings: AwsSettings;
  arch: ImageArch;
  securityGroupId: pulumi.Input<string>;
  stack: string;
  config: StackConfig;
  /** The k3s join token (requireK3sToken); undefined for runtime docker. */
  k3sToken?: pulumi.Output<string>;
}

export function nodes(a: NodesArgs): Nodes {
  const image = ubuntuImage(a.arch);
  const prefix = a.layout.name;
  const built = a.layout.nodes.map((node) => nodeInstance(node, a, image.id, prefix));
  return {
    instances: built.map((b) => b.instance),
    ipv6: built.map((b) => b.ipv6),
    summaries: built.map(({ node, instance, ipv6 }) => ({ name: node.name, zone: node.zone, subnet: node.network, instanceId: instance.id, ipv4: node.ipv4, ipv6 })),
  };
}

/** A node's #cloud-config for the stack's runtime; secret with k3s (it carries the join token). */
function userDataOf(node: string, a: NodesArgs): pulumi.Output<string> {
  const text = a.network.plan.apply((plan) => nodeUserData({ stack: a.stack, config: a.config, plan, node }, a.k3sToken).apply((t) => checkUserDataSize(node, t)));
  return a.k3sToken ? pulumi.secret(text) : text;
}

function nodeInstance(node: LayoutNode, a: NodesArgs, imageId: pulumi.Output<string>, prefix: string) {
  const ipv6 = a.network.plan.apply((p) => plannedNode(p, node.name).ipv6);
  const instance = new ec2.Instance(node.name, {
    ami: imageId,
    instanceType: a.settings.instanceType,
    subnetId: a.network.subnetOf(node.network).id,
    vpcSecurityGroupIds: [a.securityGroupId],
    privateIp: node.ipv4,
    ipv6Addresses: [ipv6],
    userData: userDataOf(node.name, a),
    // cloud-init applies user data on the first boot only: a changed one needs a new instance.
    userDataReplaceOnChange: true,
    metadataOptions: {
      httpEndpoint: "enabled",
      // IMDSv2 only, reachable over IPv6 too (fd00:ec2::254); hop limit 1 keeps containers away from it.
      httpTokens: "required",
      httpProtocolIpv6: "enabled",
      httpPutResponseHopLimit: 1,
    },
    rootBlockDevice: { volumeType: "gp3", volumeSize: 16, encrypted: true },
    tags: tagsFor(prefix, node.name, { "dualstack:role": "node" }),
  });
  return { node, instance, ipv6 };
}
