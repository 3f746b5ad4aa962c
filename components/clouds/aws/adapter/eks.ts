// Managed Kubernetes on AWS: EKS in its IPv6 mode over the private subnets
// of the same dual-stack VPC, the AWS Load Balancer Controller (Helm, IRSA),
// and the demo app behind the dual-stack NLB the controller makes from the
// Service's annotations. EKS cannot run dual-stack pods: pods and services
// are IPv6-only, nodes keep both families, and the ingress stays dual-stack;
// EksIpv6Cluster says so with a warning at every preview. Its own module,
// loaded only in managed mode: it loads the EKS and Kubernetes SDKs.
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../../addressing";
import { named, type ManagedAdapter, type ManagedEndpoints, type ManagedTypes } from "../../../cluster";
import type { ConfigProblem } from "../../../problems";
import { AwsLoadBalancerController } from "../../../runtime/managed/aws-lb-controller";
import { EksIpv6Cluster } from "../../../runtime/managed/eks";
import { DualStackWorkloads } from "../../../runtime/managed/workloads";
import { dualStackNetwork, type DualStackNetwork, type NetworkArgs } from "./network";

export interface EksAdapterArgs extends Omit<NetworkArgs, "eks"> {
  instanceType: string;
}

export interface EksTypes extends ManagedTypes {
  network: DualStackNetwork;
  cluster: EksIpv6Cluster;
}

export class EksAdapter implements ManagedAdapter<EksTypes> {
  readonly cloud = "AWS (EKS)";

  constructor(private readonly s: EksAdapterArgs) {}

  preflight(): ConfigProblem[] {
    // The stack's settings check the instance type and counts; EKS adds no limit on the plan.
    return [];
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource): DualStackNetwork {
    // Subnets tagged for the controller: where internet-facing and internal load balancers go.
    return dualStackNetwork({ pulumi: prefix, api: plan.name }, plan, { ...this.s, eks: true }, { parent });
  }

  assignedPlan(network: DualStackNetwork): pulumi.Output<AddressPlan> {
    return network.plan;
  }

  cluster(prefix: string, plan: AddressPlan, network: DualStackNetwork, nodeCount: number, parent: pulumi.Resource): EksIpv6Cluster {
    if (!this.s.natGateway) {
      void pulumi.log.warn(
        "dualstack:aws.natGateway: false leaves EKS nodes without IPv4 egress; node bootstrap and image pulls from IPv4-only registries will fail",
      );
    }
    return new EksIpv6Cluster(
      named(prefix, `${plan.name}-eks`),
      { vpcId: network.vpc.id, subnetIds: network.privateSubnets.map((s) => s.id), nodeCount, instanceType: this.s.instanceType },
      { parent },
    );
  }

  ingress(prefix: string, plan: AddressPlan, network: DualStackNetwork, eks: EksIpv6Cluster, parent: pulumi.Resource): ManagedEndpoints {
    const lbController = new AwsLoadBalancerController(
      named(prefix, `${plan.name}-lb-controller`),
      {
        clusterName: eks.cluster.name,
        oidcIssuerUrl: eks.oidcIssuerUrl,
        region: eks.region,
        vpcId: network.vpc.id,
        provider: new Provider(named(prefix, `${plan.name}-eks-k8s`), { kubeconfig: eks.kubeconfig }, { parent }),
        // Helm waits for the controller's pods, and they need nodes.
        dependsOn: [eks.nodeGroup],
      },
      { parent },
    );
    // The Service after the controller: the chart's Service webhook (failurePolicy
    // Fail) must be serving when the Service is created; it makes the controller,
    // not the in-tree one, the Service's load balancer.
    const app = new DualStackWorkloads(
      named(prefix, "app"),
      { kubeconfig: eks.kubeconfig, family: "ipv6-only", ingress: "aws-nlb", dependsOn: [lbController] },
      { parent, dependsOn: [eks] },
    );
    const hostname = app.ingress.apply((i) => i.hostnames[0]);
    const url = hostname.apply((h) => (h ? `http://${h}/` : "(pending: the AWS Load Balancer Controller has not reported the NLB yet; see the Service's events)"));
    return { ipv4: url, ipv6: url, dnsName: hostname.apply((h) => h ?? "") };
  }
}
