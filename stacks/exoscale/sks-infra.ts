// The Exoscale half of managed SKS (no Kubernetes SDK, so it also runs on the
// real engine against the fake API): the nodes' security group, their
// anti-affinity group, the dual-stack SKS cluster and nodepool, and a managed
// inet4 + inet6 elastic IP on the nodepool's instance pool.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../components/addressing";
import { InstancePoolElasticIps, type AntiAffinityGroup, type SecurityGroup } from "../../components/clouds/exoscale";
import { SksDualStackCluster } from "../../components/runtime/managed/sks";
import { ANTI_AFFINITY_GROUP_SIZE, antiAffinityGroups, elasticIps, sksNodeSecurityGroup, type ElasticIps } from "../../components/clouds/exoscale/adapter";
import type { ExoscaleSection } from "./settings";

export interface SksInfraArgs {
  plan: AddressPlan;
  prefix: string;
  settings: Pick<ExoscaleSection, "zone" | "instanceType" | "sks">;
  nodeCount: number;
}

export interface SksInfra {
  cluster: SksDualStackCluster;
  securityGroup: SecurityGroup;
  antiAffinityGroup: AntiAffinityGroup;
  /** Whether the nodepool is in the anti-affinity group (at most 8 nodes). */
  spread: boolean;
  elasticIps: ElasticIps;
  poolElasticIps: InstancePoolElasticIps;
}

export function sksInfrastructure(a: SksInfraArgs): SksInfra {
  const version = a.settings.sks.version;
  if (version === undefined) throw new Error("exoscaleSettings lets managed SKS through only with dualstack:exoscale.sks.version");
  // Its parts stand at the stack's root under their own names (pulumi: "").
  const names = { pulumi: "", api: a.prefix };
  const securityGroup = sksNodeSecurityGroup(names, a.settings.sks.cni);
  // A group holds at most 8 instances. It is declared at every size, so
  // scaling past 8 only detaches it: deleting it would fail while the
  // earlier nodes are still members.
  const [antiAffinityGroup] = antiAffinityGroups("sks-nodes", names, 1).groups;
  const spread = a.nodeCount <= ANTI_AFFINITY_GROUP_SIZE;
  if (!spread) {
    void pulumi.log.warn(`dualstack:nodes.count ${a.nodeCount} is more than an Exoscale anti-affinity group holds (${ANTI_AFFINITY_GROUP_SIZE}): the SKS nodes are not spread over hypervisors`);
  }
  const cluster = new SksDualStackCluster(`${a.prefix}-sks`, {
    zone: a.settings.zone,
    name: a.prefix,
    plan: a.plan,
    nodeCount: a.nodeCount,
    instanceType: a.settings.instanceType,
    version,
    cni: a.settings.sks.cni,
    level: a.settings.sks.level,
    securityGroups: [securityGroup.id],
    antiAffinityGroups: spread ? [antiAffinityGroup.id] : [],
  });
  const eips = elasticIps(names, a.settings.zone);
  const poolElasticIps = new InstancePoolElasticIps("sks-eips", { instancePool: cluster.instancePoolId, elasticIps: [eips.elasticIps.ipv4.id, eips.elasticIps.ipv6.id] });
  return { cluster, securityGroup, antiAffinityGroup, spread, elasticIps: eips, poolElasticIps };
}
