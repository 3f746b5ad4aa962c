// runtime kubernetes with kubernetes.mode managed -> Exoscale SKS with
// dual-stack pods and services, and a dual-stack ingress that does not use
// SKS's LoadBalancer Services (those become IPv4-only NLBs): two managed
// elastic IPs, inet4 and inet6, on the nodepool's instance pool, served on
// every node by the haproxy DaemonSet (components/runtime/managed/sks-ingress)
// and taken off a node by the EIP healthcheck when its haproxy is down. The
// Kubernetes parts load lazily: Docker and k3s stacks never load the SDK.
import * as pulumi from "@pulumi/pulumi";
import { DEMO_APP_DEFAULTS } from "../../components/runtime";
import { sksInfrastructure, type SksInfraArgs } from "./sks-infra";

export type ManagedSksArgs = SksInfraArgs;

export interface ManagedSks {
  clusterId: pulumi.Output<string>;
  endpoint: pulumi.Output<string>;
  /** A secret. */
  kubeconfig: pulumi.Output<string>;
  eips: { ipv4: pulumi.Output<string>; ipv6: pulumi.Output<string> };
  note: string;
}

export async function managedSks(a: ManagedSksArgs): Promise<ManagedSks> {
  const { SksDualStackIngress, DualStackWorkloads } = await import("../../components/runtime/managed");
  const { cluster: sks, elasticIps: eips } = sksInfrastructure(a);

  const app = new DualStackWorkloads("app", { kubeconfig: sks.kubeconfig, family: "dual", ingress: "exoscale-eip" });
  new SksDualStackIngress("ingress", {
    provider: app.provider,
    eips: { ipv4: eips.ipv4, ipv6: eips.ipv6 },
    serviceClusterIps: app.clusterIps,
    servicePort: DEMO_APP_DEFAULTS.publicPort,
    dependsOn: [app.service],
  });
  return { clusterId: sks.cluster.id, endpoint: sks.endpoint, kubeconfig: sks.kubeconfig, eips: { ipv4: eips.ipv4, ipv6: eips.ipv6 }, note: sks.note };
}
