// The worker nodes: one EC2 instance per plan node, in its zone's private
// subnet, running Docker with a dual-stack daemon and the demo app on the
// ingress port (cloud-init user data from components/runtime).
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
import type { AddressPlan } from "../../components/addressing";
import { loadDemoAppSource, renderDockerUserData } from "../../components/runtime";
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

/** A node's #cloud-config: Docker, dual-stack daemon.json, the app published on the ingress port. */
export function nodeUserData(plan: AddressPlan, node: string, ingressPort: number, appSource: string): string {
  const text = renderDockerUserData({ plan, node, app: { source: appSource, publicPort: ingressPort } });
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
}

export function nodes(a: NodesArgs): Nodes {
  const image = ubuntuImage(a.arch);
  const appSource = loadDemoAppSource();
  const prefix = a.layout.name;
  const built = a.layout.nodes.map((node) => nodeInstance(node, a, image.id, appSource, prefix));
  return {
    instances: built.map((b) => b.instance),
    ipv6: built.map((b) => b.ipv6),
    summaries: built.map(({ node, instance, ipv6 }) => ({ name: node.name, zone: node.zone, subnet: node.network, instanceId: instance.id, ipv4: node.ipv4, ipv6 })),
  };
}

function nodeInstance(node: LayoutNode, a: NodesArgs, imageId: pulumi.Output<string>, appSource: string, prefix: string) {
  const ipv6 = a.network.plan.apply((p) => plannedNode(p, node.name).ipv6);
  const instance = new ec2.Instance(node.name, {
    ami: imageId,
    instanceType: a.settings.instanceType,
    subnetId: a.network.subnetOf(node.network).id,
    vpcSecurityGroupIds: [a.securityGroupId],
    privateIp: node.ipv4,
    ipv6Addresses: [ipv6],
    userData: a.network.plan.apply((p) => nodeUserData(p, node.name, a.settings.ingressPort, appSource)),
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
