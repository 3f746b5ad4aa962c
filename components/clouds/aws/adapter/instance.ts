// The worker nodes: one EC2 instance per plan node, in its zone's private
// subnet, running the demo app on node port 80 in both families: Docker with
// a dual-stack daemon (80:8080), or self-managed k3s whose ServiceLB serves
// the app's LoadBalancer Service on port 80 of every node (cloud-init user
// data from components/runtime/node-runtime.ts; the k3s one is a secret: it carries
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
import type { PlannedHost } from "../../../addressing";
import { DEMO_APP_DEFAULTS } from "../../../runtime/demo-app";
import type { DualStackNetwork } from "./network";
import type { ImageArch } from "./settings";
import type { Names } from "../../../cluster/names";
import { tagsFor } from "./tags";

/** Canonical's AWS account: the publisher of the official Ubuntu images. */
export const CANONICAL_OWNER = "099720109477";

/** AWS caps user data at 16 KiB (before base64). */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;

/** The newest Ubuntu 24.04 LTS (noble) server image for an architecture. */
export function ubuntuImage(arch: ImageArch, opts: pulumi.InvokeOutputOptions = {}): pulumi.Output<ec2.GetAmiResult> {
  return ec2.getAmiOutput(
    {
      owners: [CANONICAL_OWNER],
      mostRecent: true,
      filters: [
        { name: "name", values: [`ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${arch}-server-*`] },
        { name: "architecture", values: [arch === "amd64" ? "x86_64" : "arm64"] },
        { name: "virtualization-type", values: ["hvm"] },
        { name: "root-device-type", values: ["ebs"] },
      ],
    },
    opts,
  );
}

/**
 * Where the app answers on every node, both families, in both runtimes:
 * Docker publishes 80:8080, k3s' ServiceLB serves the LoadBalancer Service's
 * port 80. The NLB's target groups and health checks (/healthz) use this
 * port; only the listener uses dualstack:aws.ingressPort.
 */
export const NODE_APP_PORT: number = DEMO_APP_DEFAULTS.publicPort;

export interface InstanceArgs {
  /** Pulumi name of the instance. */
  name: string;
  names: Names;
  host: PlannedHost;
  network: DualStackNetwork;
  imageId: pulumi.Input<string>;
  instanceType: string;
  securityGroupId: pulumi.Input<string>;
  /** The node's planned IPv6 address on the VPC's real block. */
  ipv6: pulumi.Output<string>;
  /** cloud-init user data; a secret with k3s (it carries the join token). */
  userData: pulumi.Input<string>;
}

/** A node at its planned addresses in its zone's private subnet. */
export function nodeInstance(a: InstanceArgs, opts: pulumi.CustomResourceOptions): ec2.Instance {
  const node = a.host;
  return new ec2.Instance(
    a.name,
    {
      ami: a.imageId,
      instanceType: a.instanceType,
      subnetId: a.network.subnetOf(node.network).id,
      vpcSecurityGroupIds: [a.securityGroupId],
      privateIp: node.ipv4,
      ipv6Addresses: [a.ipv6],
      userData: a.userData,
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
      tags: tagsFor(a.names.api, node.name, { "dualstack:role": "node" }),
    },
    opts,
  );
}
