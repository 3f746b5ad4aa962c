// runtime: kubernetes with kubernetes.mode: managed -> EKS in its IPv6 mode
// over the private subnets, and the demo app behind a dual-stack NLB made by
// the AWS Load Balancer Controller (Service annotations). EKS cannot run
// dual-stack pods: pods and services are IPv6-only, nodes keep both
// families, and the ingress stays dual-stack; EksIpv6Cluster says so with a
// warning at every preview. The components load lazily: a Docker stack never
// loads the EKS and Kubernetes SDKs.
import * as pulumi from "@pulumi/pulumi";
import type { DualStackNetwork } from "./network";
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
  const app = new DualStackWorkloads("app", { kubeconfig: eks.kubeconfig, family: "ipv6-only", ingress: "aws-nlb" }, { dependsOn: [eks] });
  return {
    clusterName: eks.cluster.name,
    kubeconfig: eks.kubeconfig,
    hostnames: app.ingress.apply((i) => i.hostnames),
    note: EKS_NOTE,
  };
}
