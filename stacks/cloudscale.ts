// cloudscale.ch: the dual-stack cluster in one zone, on servers with public
// IPv4 + IPv6 and one shared private network, behind a floating IPv4 + IPv6
// pair that keepalived moves through the API (components/clouds/cloudscale/
// adapter). The API token is a config secret the dynamic providers read
// themselves; the failover token reaches the ingress hosts only in secret
// user data.
import { CloudscaleAdapter } from "../components/clouds/cloudscale/adapter";
import { cloudscalePlan } from "./cloudscale/plan";
import { failoverToken } from "./cloudscale/settings";
import { clusterOutputs, stackCluster } from "./cluster";
import { nodeRuntimeOf } from "./node-runtime";
import type { StackProgram } from "./types";

export const cloudscaleStack: StackProgram = async ({ stack, config: given }) => {
  const { config, settings, plan } = cloudscalePlan(stack, given);
  const runtime = nodeRuntimeOf(stack, config);

  const adapter = new CloudscaleAdapter({ ...settings, failoverToken: failoverToken() });
  const cluster = stackCluster(plan, adapter, runtime, { nodesOneAtATime: config.nodes.oneAtATime });
  const { floatingIps } = cluster.failover.entry;

  // addressPlan.ingress.vips (private addresses) stay unused here: the floating IPs are the VIPs.
  return {
    provider: "cloudscale",
    zone: settings.zone,
    ...clusterOutputs(cluster),
    floatingIps: { ipv4: floatingIps.ipv4.network, ipv6: floatingIps.ipv6.network },
  };
};
