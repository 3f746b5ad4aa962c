// runtime kubernetes with kubernetes.mode managed -> Exoscale SKS with
// dual-stack pods and services, and a dual-stack ingress that does not use
// SKS's LoadBalancer Services (those become IPv4-only NLBs): two managed
// elastic IPs, inet4 and inet6, on the nodepool's instance pool, served on
// every node by the haproxy DaemonSet (components/runtime/managed/sks-ingress)
// and taken off a node by the EIP healthcheck when its haproxy is down. The
// Kubernetes parts load lazily: Docker and k3s stacks never load the SDK.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../components/addressing";
import { InstancePoolElasticIps } from "../../components/clouds/exoscale";
import { DEMO_APP_DEFAULTS } from "../../components/runtime";
import { elasticIps } from "./ingress";
import { ANTI_AFFINITY_GROUP_SIZE, antiAffinityGroups, sksNodeSecurityGroup } from "./security";
import type { ExoscaleSection } from "./settings";

export interface ManagedSksArgs {
  plan: AddressPlan;
  prefix: string;
  settings: ExoscaleSection;
  nodeCount: number;
}

export interface ManagedSks {
  clusterId: pulumi.Output<string>;
  endpoint: pulumi.Output<string>;
  /** A secret. */
  kubeconfig: pulumi.Output<string>;
  eips: { ipv4: pulumi.Output<string>; ipv6: pulumi.Output<string> };
  note: string;
}

export async function managedSks(a: ManagedSksArgs): Promise<ManagedSks> {
  const { SksDualStackCluster, SksDualStackIngress, DualStackWorkloads } = await import("../../components/runtime/managed");
  const version = a.settings.sks.version;
  if (version === undefined) throw new Error("exoscaleSettings lets managed SKS through only with dualstack:exoscale.sks.version");
  const group = sksNodeSecurityGroup(a.prefix, a.settings.sks.cni);
  // An anti-affinity group holds at most 8 instances; a larger pool spreads as SKS places it.
  const spread = a.nodeCount <= ANTI_AFFINITY_GROUP_SIZE ? antiAffinityGroups("sks-nodes", a.prefix, a.nodeCount).groups.map((g) => g.id) : undefined;
  if (!spread) void pulumi.log.warn(`dualstack:nodes.count ${a.nodeCount} is more than an Exoscale anti-affinity group holds (${ANTI_AFFINITY_GROUP_SIZE}): the SKS nodes are not spread over hypervisors`);

  const sks = new SksDualStackCluster(`${a.prefix}-sks`, {
    zone: a.settings.zone,
    name: a.prefix,
    plan: a.plan,
    nodeCount: a.nodeCount,
    instanceType: a.settings.instanceType,
    version,
    cni: a.settings.sks.cni,
    level: a.settings.sks.level,
    securityGroups: [group.id],
    ...(spread ? { antiAffinityGroups: spread } : {}),
  });
  const eips = elasticIps(a.prefix, a.settings.zone);
  new InstancePoolElasticIps("sks-eips", { instancePool: sks.instancePoolId, elasticIps: [eips.ipv4.id, eips.ipv6.id] });

  const app = new DualStackWorkloads("app", { kubeconfig: sks.kubeconfig, family: "dual", ingress: "exoscale-eip" });
  new SksDualStackIngress("ingress", {
    provider: app.provider,
    eips: { ipv4: eips.ipv4.ip, ipv6: eips.ipv6.ip },
    serviceClusterIps: app.clusterIps,
    servicePort: DEMO_APP_DEFAULTS.publicPort,
    dependsOn: [app.service],
  });
  return { clusterId: sks.cluster.id, endpoint: sks.endpoint, kubeconfig: sks.kubeconfig, eips: { ipv4: eips.ipv4.ip, ipv6: eips.ipv6.ip }, note: sks.note };
}
