// AWS: a dual-stack VPC (the plan's IPv4 supernet + an Amazon or IPAM IPv6
// /56) over `dualstack:aws.azCount` zones, public and private subnets per
// zone with IPv4 and IPv6 default routes side by side, and either
//   runtime docker:  EC2 nodes in the private subnets running Docker, behind
//                    a dual-stack NLB that hands each family to its own
//                    target group (client addresses preserved), or
//   runtime kubernetes, kubernetes.mode self-managed: the same EC2 nodes and
//                    NLB, the nodes running k3s (dual-stack pods and
//                    services; the join token is the secret
//                    dualstack:k3sToken) with the demo app's LoadBalancer
//                    Service on port 80 of every node (ServiceLB), and the
//                    k3s ports open between the nodes inside the VPC, or
//   runtime kubernetes, kubernetes.mode managed: EKS with IPv6 pods behind a
//                    dual-stack NLB (components/runtime/managed).
// Built from @pulumi/aws primitives: awsx's VPC has no IPv6 default routes
// or egress-only gateway. The address plan depends on the VPC's IPv6 block,
// so it is an Output (stacks/aws/plan.ts); its IPv4 layout is checked and
// known at preview. Ingress hosts, VIPs and VRRP are not used on AWS: the
// NLB is the entry point (dualstack:ingress.count is ignored).
import * as pulumi from "@pulumi/pulumi";
import { AwsAdapter, type DualStackNetwork } from "../components/clouds/aws/adapter";
import type { EksTypes } from "../components/clouds/aws/adapter/eks";
import { planWithVpcBlock, standInPlan } from "./aws/plan";
import { awsSettings, checkInstanceType } from "./aws/settings";
import { availabilityZones } from "./aws/zones";
import { stackCluster, stackManagedCluster } from "./cluster";
import { nodeRuntimeOf } from "./node-runtime";
import type { StackProgram } from "./types";

export const DNS_NOTE =
  "the NLB's DNS name resolves to A and AAAA records: IPv4 clients reach the nodes over IPv4, IPv6 clients over IPv6 (a listener rule per family), client addresses preserved";

export const awsStack: StackProgram = async ({ stack, config }) => {
  // Everything checkable is checked before the first resource: the section,
  // the instance type (offline list, then the region's answer), the zones,
  // and the plan's layout.
  const settings = awsSettings(stack, config);
  const arch = await checkInstanceType(stack, settings.instanceType);
  const zones = await availabilityZones(stack, settings.azCount);
  const plan = standInPlan(stack, config, zones);
  const planWith = planWithVpcBlock(stack, config, zones);
  // Self-managed k3s without its join token fails here, before any resource.
  const runtime = nodeRuntimeOf(stack, config);
  const { natGateway, ipv6IpamPoolId } = settings;

  if (settings.mode === "eks") {
    // The EKS and Kubernetes SDKs load for this mode only.
    const { EksAdapter } = await import("../components/clouds/aws/adapter/eks");
    const cluster = stackManagedCluster<EksTypes>(plan, new EksAdapter({ instanceType: settings.instanceType, natGateway, ipv6IpamPoolId, planWith }), config.nodes.count);
    const eks = cluster.nodes.made;
    return {
      ...commonOutputs(zones, cluster.network.made),
      endpoints: { ...cluster.endpoints, note: DNS_NOTE },
      eks: { clusterName: eks.cluster.name, kubeconfig: eks.kubeconfig, note: eks.note },
    };
  }

  if (!settings.natGateway) {
    void pulumi.log.warn(
      "dualstack:aws.natGateway: false leaves the nodes IPv6-only outbound: cloud-init installs " +
        (runtime.kind === "k3s" ? "k3s from get.k3s.io and GitHub releases" : "Docker from download.docker.com") +
        " and pulls the app image from Docker Hub, so these must answer over IPv6 from the nodes' region",
    );
  }
  const adapter = new AwsAdapter({ instanceType: settings.instanceType, arch, ingressPort: settings.ingressPort, natGateway, ipv6IpamPoolId, planWith });
  const cluster = stackCluster(plan, adapter, runtime, { nodesOneAtATime: config.nodes.oneAtATime });
  const nlb = cluster.failover.entry;
  return {
    ...commonOutputs(zones, cluster.network.made),
    endpoints: { ...cluster.endpoints, dnsName: nlb.dnsName, note: DNS_NOTE },
    nodes: cluster.nodes.hosts.map(({ planned, made }) => ({
      name: planned.name,
      zone: planned.zone,
      subnet: planned.network,
      instanceId: made.instance.id,
      ipv4: planned.ipv4,
      ipv6: made.ipv6,
    })),
  };
};

function commonOutputs(zones: string[], network: DualStackNetwork) {
  return {
    provider: "aws",
    zones,
    addressPlan: network.plan,
    vpc: { id: network.vpc.id, ipv4Cidr: network.vpc.cidrBlock, ipv6Cidr: network.vpc.ipv6CidrBlock },
    subnets: subnetSummaries(network),
  };
}

/** Every subnet with both CIDRs (IPv6 unknown until the VPC exists). */
function subnetSummaries(network: DualStackNetwork) {
  return network.subnets.map(({ network: n, subnet, ipv6Cidr }) => ({
    name: n.name,
    zone: n.zone,
    tier: n.tier,
    public: n.public,
    id: subnet.id,
    ipv4Cidr: n.ipv4Cidr,
    ipv6Cidr,
  }));
}
