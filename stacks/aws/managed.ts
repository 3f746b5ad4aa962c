// runtime: kubernetes with kubernetes.mode: managed -> EKS in its IPv6 mode
// over the private subnets, the AWS Load Balancer Controller (Helm, IRSA), and
// the demo app behind the dual-stack NLB the controller makes from the
// Service's annotations. EKS cannot run dual-stack pods: pods and services
// are IPv6-only, nodes keep both families, and the ingress stays dual-stack;
// EksIpv6Cluster says so with a warning at every preview. The components
// load lazily: a Docker stack never loads the EKS and Kubernetes SDKs.
import * as pulumi from "@pulumi/pulumi";
import type { DualStackNetwork } from "../../components/clouds/aws/adapter";
import type { AwsSettings } from "./settings";

export interface ManagedOutputs {
  clusterName: pulumi.Output<string>;
  kubeconfig: pulumi.Output<string>;
  /** The NLB's DNS name(s) from the Service status. */
  hostnames: pulumi.Output<string[]>;
  note: string;
}

export interface ManagedArgs {
  prefix: string;
  network: DualStackNetwork;
  settings: AwsSettings;
  nodeCount: number;
}

export async function managedCluster(a: ManagedArgs): Promise<ManagedOutputs> {
  const { EksIpv6Cluster, EKS_NOTE } = await import("../../components/runtime/managed/eks");
  const { DualStackWorkloads } = await import("../../components/runtime/managed/workloads");
  const { AwsLoadBalancerController } = await import("../../components/runtime/managed/aws-lb-controller");
  const { Provider } = await import("@pulumi/kubernetes/provider");
  if (!a.settings.natGateway) {
    void pulumi.log.warn(
      "dualstack:aws.natGateway: false leaves EKS nodes without IPv4 egress; node bootstrap and image pulls from IPv4-only registries will fail",
    );
  }
  const eks = new EksIpv6Cluster(`${a.prefix}-eks`, {
    vpcId: a.network.vpc.id,
    subnetIds: a.network.privateSubnets.map((s) => s.id),
    nodeCount: a.nodeCount,
    instanceType: a.settings.instanceType,
  });
  const lbController = new AwsLoadBalancerController(`${a.prefix}-lb-controller`, {
    clusterName: eks.cluster.name,
    oidcIssuerUrl: eks.oidcIssuerUrl,
    region: eks.region,
    vpcId: a.network.vpc.id,
    provider: new Provider(`${a.prefix}-eks-k8s`, { kubeconfig: eks.kubeconfig }),
    // Helm waits for the controller's pods, and they need nodes.
    dependsOn: [eks.nodeGroup],
  });
  // The Service after the controller: the chart's Service webhook (failurePolicy
  // Fail) must be serving when the Service is created; it makes the controller,
  // not the in-tree one, the Service's load balancer.
  const app = new DualStackWorkloads(
    "app",
    { kubeconfig: eks.kubeconfig, family: "ipv6-only", ingress: "aws-nlb", dependsOn: [lbController] },
    { dependsOn: [eks] },
  );
  return {
    clusterName: eks.cluster.name,
    kubeconfig: eks.kubeconfig,
    hostnames: app.ingress.apply((i) => i.hostnames),
    note: EKS_NOTE,
  };
}
