// Exoscale: the dual-stack topology in one zone. Nodes and ingress hosts are
// dual-stack instances (public IPv4 + IPv6) on private networks (IPv4 by
// managed DHCP, the planned ULA IPv6 set in the guest); the entry points are
// two managed elastic IPs (inet4, inet6) on every ingress host, failed over
// by Exoscale's healthchecks instead of keepalived (its NLB is IPv4 only).
// Nodes run Docker or self-managed k3s (join token: the secret
// `dualstack:k3sToken`). With kubernetes.mode managed the nodes are an SKS
// nodepool instead, and the same two EIPs sit on its instance pool, served by
// a haproxy DaemonSet (components/clouds/exoscale/adapter/sks.ts): SKS's own LoadBalancer Services
// would be IPv4-only NLBs. API credentials are config secrets the dynamic
// providers read themselves.
import { ExoscaleAdapter } from "../components/clouds/exoscale/adapter";
import { exoscalePlan } from "./exoscale/plan";
import { isManagedSks } from "./exoscale/settings";
import type { SksTypes } from "../components/clouds/exoscale/adapter/sks";
import { clusterOutputs, stackCluster, stackManagedCluster } from "./cluster";
import { nodeRuntimeOf } from "./node-runtime";
import type { StackProgram } from "./types";

export const exoscaleStack: StackProgram = async ({ stack, config: given }) => {
  const { config, settings, plan } = exoscalePlan(stack, given);
  if (isManagedSks(config)) {
    // The Kubernetes SDK loads for this mode only.
    const { SksAdapter } = await import("../components/clouds/exoscale/adapter/sks");
    const cluster = stackManagedCluster<SksTypes>(plan, new SksAdapter(settings), config.nodes.count);
    const sks = cluster.nodes.made;
    return {
      provider: "exoscale",
      zone: settings.zone,
      addressPlan: plan,
      endpoints: { ipv4: cluster.endpoints.ipv4, ipv6: cluster.endpoints.ipv6 },
      elasticIps: cluster.endpoints.addresses,
      sks: { clusterId: sks.cluster.id, endpoint: sks.endpoint, kubeconfig: sks.kubeconfig, note: sks.note },
    };
  }
  const runtime = nodeRuntimeOf(stack, config);
  const cluster = stackCluster(plan, new ExoscaleAdapter(settings), runtime, { nodesOneAtATime: config.nodes.oneAtATime });
  const { elasticIps } = cluster.failover.entry;

  return {
    provider: "exoscale",
    zone: settings.zone,
    ...clusterOutputs(cluster),
    elasticIps: { ipv4: elasticIps.ipv4.ip, ipv6: elasticIps.ipv6.ip },
  };
};
