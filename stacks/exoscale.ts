// Exoscale: the dual-stack topology in one zone. Nodes and ingress hosts are
// dual-stack instances (public IPv4 + IPv6) on private networks (IPv4 by
// managed DHCP, the planned ULA IPv6 set in the guest); the entry points are
// two managed elastic IPs (inet4, inet6) on every ingress host, failed over
// by Exoscale's healthchecks instead of keepalived (its NLB is IPv4 only).
// Nodes run Docker or self-managed k3s (join token: the secret
// `dualstack:k3sToken`). With kubernetes.mode managed the nodes are an SKS
// nodepool instead, and the same two EIPs sit on its instance pool, served by
// a haproxy DaemonSet (exoscale/sks.ts): SKS's own LoadBalancer Services
// would be IPv4-only NLBs. API credentials are config secrets the dynamic
// providers read themselves.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, planForStack } from "./config";
import { ingress, ingressUserDataProblems } from "./exoscale/ingress";
import { privateNetworks } from "./exoscale/network";
import { nodes, nodeUserDataProblems } from "./exoscale/nodes";
import { antiAffinityGroups, securityGroups } from "./exoscale/security";
import { exoscaleSettings, isManagedSks } from "./exoscale/settings";
import { managedSks } from "./exoscale/sks";
import { requireK3sToken } from "./node-user-data";
import { withSharedPrivateTier } from "./shared-private-network";
import type { StackProgram } from "./types";

/** Longest k3s join token the user-data size check allows for (`openssl rand -hex 32` gives 64). */
const MAX_K3S_TOKEN_LENGTH = 128;

export const exoscaleStack: StackProgram = async ({ stack, config: given }) => {
  const config = withSharedPrivateTier(stack, given, "Exoscale");
  const settings = exoscaleSettings(stack, config);
  const plan = planForStack(stack, config, { zones: [settings.zone] });
  // API names carry the DNS-safe environment name: instance names become host names.
  const prefix = plan.name;
  if (isManagedSks(config)) {
    const sks = await managedSks({ plan, prefix, settings, nodeCount: config.nodes.count });
    return {
      provider: "exoscale",
      zone: settings.zone,
      addressPlan: plan,
      endpoints: { ipv4: pulumi.interpolate`http://${sks.eips.ipv4}/`, ipv6: pulumi.interpolate`http://[${sks.eips.ipv6}]/` },
      elasticIps: sks.eips,
      sks: { clusterId: sks.clusterId, endpoint: sks.endpoint, kubeconfig: sks.kubeconfig, note: sks.note },
    };
  }
  const k3sToken = requireK3sToken(stack, config);
  // The size check assumes a generous token length: the secret itself is never read here.
  const tokenLength = k3sToken ? MAX_K3S_TOKEN_LENGTH : 0;
  const problems = [...ingressUserDataProblems(plan), ...nodeUserDataProblems(config, plan, tokenLength)];
  if (problems.length) throw new ConfigError(stack, problems);

  const networks = privateNetworks(plan, settings.zone);
  const groups = securityGroups(prefix);
  const common = { plan, prefix, settings, securityGroups: groups, networks };
  const workers = nodes({ ...common, stack, config, k3sToken, antiAffinity: antiAffinityGroups("nodes", prefix, plan.nodes.length) });
  const edge = ingress({ ...common, antiAffinity: antiAffinityGroups("ingress", prefix, plan.ingress.hosts.length) });

  return {
    provider: "exoscale",
    zone: settings.zone,
    addressPlan: plan,
    endpoints: {
      ipv4: pulumi.interpolate`http://${edge.elasticIps.ipv4.ip}/`,
      ipv6: pulumi.interpolate`http://[${edge.elasticIps.ipv6.ip}]/`,
    },
    elasticIps: { ipv4: edge.elasticIps.ipv4.ip, ipv6: edge.elasticIps.ipv6.ip },
    nodes: workers.summaries,
    ingress: edge.summaries,
  };
};
