// What the AWS adapter needs to know of the stack.
import type { AddressPlan } from "../../../addressing";

/** CPU architecture of the Ubuntu image for an instance type. */
export type ImageArch = "amd64" | "arm64";

/** Where the VPC's IPv6 /56 comes from: Amazon's pool, or an IPAM pool. */
export interface VpcIpv6Source {
  ipv6IpamPoolId?: string;
}

export interface AwsNetworkArgs extends VpcIpv6Source {
  /** A NAT gateway for the private subnets' IPv4 egress (IPv6 leaves by the egress-only gateway). */
  natGateway: boolean;
  /** Tag the subnets for the AWS Load Balancer Controller (EKS). */
  eks?: boolean;
}

export interface AwsAdapterArgs extends AwsNetworkArgs {
  instanceType: string;
  arch: ImageArch;
  /** Port clients use on the NLB; it forwards to the app on the nodes' port 80. */
  ingressPort: number;
  /**
   * Plans again with the VPC's real IPv6 block: the plan the cluster gets was
   * made with a stand-in /56, exact for everything but the IPv6 values.
   */
  planWith(ipv6Prefix: string): AddressPlan;
}
