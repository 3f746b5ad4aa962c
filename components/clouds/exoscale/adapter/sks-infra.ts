// The Exoscale half of managed SKS (no Kubernetes SDK, so it also runs on the
// real engine against the fake API): the nodes' security group and their
// anti-affinity group, the dual-stack SKS cluster and nodepool, and a managed
// inet4 + inet6 elastic IP on the nodepool's instance pool.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../../addressing";
import { named, type Names } from "../../../cluster/names";
import { SksDualStackCluster } from "../../../runtime/managed/sks";
import { InstancePoolElasticIps, type AntiAffinityGroup, type SecurityGroup } from "../resources";
import { elasticIps, type ElasticIps } from "./entry-addresses";
import { ANTI_AFFINITY_GROUP_SIZE, antiAffinityGroups, sksNodeSecurityGroup } from "./security";

export interface SksSettings {
  zone: string;
  instanceType: string;
  sks: { version?: string; cni: "calico" | "cilium"; level: "starter" | "pro" };
}

export interface SksNetwork {
  securityGroup: SecurityGroup;
  antiAffinityGroup: AntiAffinityGroup;
}

export interface SksEntry {
  elasticIps: ElasticIps;
  poolElasticIps: InstancePoolElasticIps;
}

/** The nodes' security group and anti-affinity group. */
export function sksNetwork(names: Names, cni: SksSettings["sks"]["cni"], opts: pulumi.CustomResourceOptions = {}): SksNetwork {
  const securityGroup = sksNodeSecurityGroup(names, cni, opts);
  // A group holds at most 8 instances. It is declared at every size, so
  // scaling past 8 only detaches it: deleting it would fail while the
  // earlier nodes are still members.
  const [antiAffinityGroup] = antiAffinityGroups("sks-nodes", names, 1, opts).groups;
  return { securityGroup, antiAffinityGroup };
}

/** Whether the nodepool is in the anti-affinity group (it holds at most 8 nodes). */
export const spreadsOver = (nodeCount: number) => nodeCount <= ANTI_AFFINITY_GROUP_SIZE;

export function sksCluster(names: Names, plan: AddressPlan, network: SksNetwork, s: SksSettings, nodeCount: number, opts: pulumi.ComponentResourceOptions = {}): SksDualStackCluster {
  const version = s.sks.version;
  if (version === undefined) throw new Error("exoscaleSettings lets managed SKS through only with dualstack:exoscale.sks.version");
  const spread = spreadsOver(nodeCount);
  if (!spread) {
    void pulumi.log.warn(`dualstack:nodes.count ${nodeCount} is more than an Exoscale anti-affinity group holds (${ANTI_AFFINITY_GROUP_SIZE}): the SKS nodes are not spread over hypervisors`);
  }
  return new SksDualStackCluster(
    named(names.pulumi, `${names.api}-sks`),
    {
      zone: s.zone,
      name: names.api,
      plan,
      nodeCount,
      instanceType: s.instanceType,
      version,
      cni: s.sks.cni,
      level: s.sks.level,
      securityGroups: [network.securityGroup.id],
      antiAffinityGroups: spread ? [network.antiAffinityGroup.id] : [],
    },
    opts,
  );
}

/** The entry point: two managed elastic IPs on the nodepool's instance pool. */
export function sksEntry(names: Names, zone: string, cluster: SksDualStackCluster, opts: pulumi.CustomResourceOptions = {}): SksEntry {
  const eips = elasticIps(names, zone, opts);
  const poolElasticIps = new InstancePoolElasticIps(
    named(names.pulumi, "sks-eips"),
    { instancePool: cluster.instancePoolId, elasticIps: [eips.elasticIps.ipv4.id, eips.elasticIps.ipv6.id] },
    opts,
  );
  return { elasticIps: eips, poolElasticIps };
}
