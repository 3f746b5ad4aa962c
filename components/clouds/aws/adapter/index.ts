// The cluster on AWS: a dual-stack VPC (the plan's IPv4 supernet and an
// Amazon or IPAM IPv6 /56) with a public and a private subnet per zone and
// both families' default routes, EC2 nodes at the plan's addresses in the
// private subnets, and a dual-stack NLB as the ingress ("load-balancer"
// strategy) that hands each family to its own target group, client
// addresses preserved. The NLB is the entry point too: no HAProxy hosts, no
// keepalived (the plan's ingress hosts are not built on AWS).
//
// AWS picks the VPC's IPv6 block when it creates the VPC, so the plan the
// cluster gets was made with a stand-in /56 (exact for names, counts and
// IPv4); `assignedPlan` plans again with the real block, and every IPv6
// value the adapter uses comes from there.
import type * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedNode } from "../../../addressing";
import type { AdapterTypes, CloudAdapter, HostRequest } from "../../../cluster";
import type { ConfigProblem } from "../../../problems";
import { k3sServerCount, nodeUserData, nodeUserDataProblems, type NodeRuntime } from "../../../runtime/node-runtime";
import { NODE_APP_PORT, nodeInstance, ubuntuImage, USER_DATA_LIMIT_BYTES } from "./instance";
import { listeners, nlb, type Nlb } from "./load-balancer";
import { dualStackNetwork, type DualStackNetwork } from "./network";
import { nodeSecurityGroup, type NodeSecurityGroup } from "./security";
import type { AwsAdapterArgs } from "./settings";
import type { Names } from "../../../cluster/names";

export { HEALTH_CHECK, IPV6_RULE_PRIORITY, endpointUrl, type Listeners, type Nlb } from "./load-balancer";
export { CANONICAL_OWNER, NODE_APP_PORT, USER_DATA_LIMIT_BYTES, ubuntuImage } from "./instance";
export { ANYWHERE, VPC_IPV6_PREFIX_LENGTH, dualStackNetwork, plannedNetwork, subnetNetworks, type DualStackNetwork, type PlacedSubnet, type SubnetNetwork } from "./network";
export { clusterRules, k3sPorts, nodeRules, nodeSecurityGroup, type ClusterRuleSpec, type NodeSecurityGroup, type RuleSpec, type VpcRanges } from "./security";
export type { AwsAdapterArgs, AwsNetworkArgs, ImageArch, VpcIpv6Source } from "./settings";
export { tagsFor } from "./tags";

/**
 * Room kept under AWS's user-data limit at preview: the check measures with
 * the stand-in /56, whose text is at most one character shorter per IPv6
 * value than a real block's ("db8" against a four-digit group).
 */
export const STAND_IN_MARGIN_BYTES = 256;

export interface AwsNetwork extends DualStackNetwork {
  security: NodeSecurityGroup;
  imageId: pulumi.Output<string>;
  names: Names;
}

/** A node's user data, rendered once the plan has the VPC's real IPv6 block. */
export interface AwsSoftware {
  render(plan: AddressPlan): pulumi.Output<string>;
  /** The k3s user data carries the join token. */
  secret: boolean;
}

export interface AwsHost {
  name: string;
  instance: ec2.Instance;
  ipv6: pulumi.Output<string>;
  publicIpv4: undefined;
  publicIpv6: undefined;
}

export interface AwsTypes extends AdapterTypes {
  network: AwsNetwork;
  placement: undefined;
  software: AwsSoftware;
  entry: Nlb;
  host: AwsHost;
}

export class AwsAdapter implements CloudAdapter<AwsTypes> {
  readonly cloud = "AWS";
  readonly ingress = "load-balancer";

  constructor(private readonly s: AwsAdapterArgs) {}

  preflight(plan: AddressPlan, runtime: NodeRuntime): ConfigProblem[] {
    return nodeUserDataProblems(plan, runtime.kind, { cloud: "AWS", max: USER_DATA_LIMIT_BYTES - STAND_IN_MARGIN_BYTES, unit: "bytes" });
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource, runtime: NodeRuntime): AwsNetwork {
    const names = { pulumi: prefix, api: plan.name };
    const network = dualStackNetwork(names, plan, this.s, { parent });
    // Client addresses are preserved, so the nodes' group admits the node port the NLB forwards to.
    const cluster = runtime.kind === "k3s" ? { vpc: { ipv4: plan.ipv4Supernet, ipv6: network.vpc.ipv6CidrBlock }, servers: k3sServerCount(plan.nodes.length) } : undefined;
    const security = nodeSecurityGroup(names, network.vpc.id, NODE_APP_PORT, cluster, { parent });
    return { ...network, security, imageId: ubuntuImage(this.s.arch, { parent }).id, names };
  }

  assignedPlan(network: AwsNetwork): pulumi.Output<AddressPlan> {
    return network.plan;
  }

  placement(): undefined {
    // One instance per zone's subnet already spreads the nodes; AWS needs no group for that.
    return undefined;
  }

  nodeSoftware(_plan: AddressPlan, node: PlannedNode, runtime: NodeRuntime): AwsSoftware {
    // No private interface to configure: AWS sets up both families on the interface itself (DHCPv4, DHCPv6/RA).
    return { render: (plan) => nodeUserData(plan, node.name, runtime), secret: runtime.kind === "k3s" };
  }

  entryPoint(prefix: string, plan: AddressPlan, parent: pulumi.Resource, network: AwsNetwork): Nlb {
    return nlb({ pulumi: prefix, api: plan.name }, network, this.s.ingressPort, { parent });
  }

  host(r: HostRequest<AwsTypes>, parent: pulumi.Resource): AwsHost {
    const network = r.network;
    const ipv6 = network.plan.apply((p) => plannedHost(p, r.host.name).ipv6);
    const text = network.plan.apply((p) => r.software.render(p));
    const instance = nodeInstance(
      {
        name: r.name,
        names: network.names,
        host: r.host,
        network,
        imageId: network.imageId,
        instanceType: this.s.instanceType,
        securityGroupId: network.security.group.id,
        ipv6,
        userData: r.software.secret ? pulumi.secret(text) : text,
      },
      { parent },
    );
    // The nodes sit in private subnets: clients reach them through the NLB only.
    return { name: r.host.name, instance, ipv6, publicIpv4: undefined, publicIpv6: undefined };
  }

  attachEntryPoint(_prefix: string, entry: Nlb, nodes: AwsHost[], parent: pulumi.Resource): void {
    listeners(entry, nodes, { parent });
  }
}

/** A named node of a plan (the planner guarantees the names). */
function plannedHost(plan: AddressPlan, name: string) {
  const node = plan.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`aws: the plan has no node ${name}`);
  return node;
}
