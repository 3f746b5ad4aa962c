// cloudscale.ch: the dual-stack topology in one zone. Nodes and ingress hosts
// are servers with public IPv4 + IPv6 and the planned private IPv4 on one
// private network (the planned ULA IPv6 set in the guest: cloudscale's
// private subnets are IPv4 only). The entry points are a floating IPv4 +
// IPv6 pair that keepalived on the ingress hosts moves by API on failover
// (VRRP over the private network, the addresses on the public interface).
// The API token is a config secret the dynamic providers read themselves;
// the failover token reaches the ingress hosts only in secret user data.
import * as pulumi from "@pulumi/pulumi";
import { planForStack } from "./config";
import { antiAffinityGroups } from "./cloudscale/hosts";
import { ingress } from "./cloudscale/ingress";
import { privateNetworks } from "./cloudscale/network";
import { nodes } from "./cloudscale/nodes";
import { cloudscaleSettings } from "./cloudscale/settings";
import { requireK3sToken } from "./node-user-data";
import { withSharedPrivateTier } from "./shared-private-network";
import type { StackProgram } from "./types";

export const cloudscaleStack: StackProgram = async ({ stack, config: given }) => {
  // One private network for nodes and ingress: cloudscale does not route between private networks.
  const config = withSharedPrivateTier(stack, given, "cloudscale");
  const settings = cloudscaleSettings(stack, config);
  const plan = planForStack(stack, config, { zones: [settings.zone] });
  const k3sToken = requireK3sToken(stack, config);

  // API names carry the DNS-safe environment name: server names become host names.
  const prefix = plan.name;
  const networks = privateNetworks(plan, settings.zone);
  const common = { plan, prefix, settings, networks };
  const workers = nodes({ ...common, stack, config, k3sToken, antiAffinity: antiAffinityGroups("nodes", prefix, settings.zone, plan.nodes.length) });
  const edge = ingress({ ...common, antiAffinity: antiAffinityGroups("ingress", prefix, settings.zone, plan.ingress.hosts.length) });

  // addressPlan.ingress.vips (private addresses) stay unused here: the floating IPs are the VIPs.
  return {
    provider: "cloudscale",
    zone: settings.zone,
    addressPlan: plan,
    endpoints: {
      ipv4: pulumi.interpolate`http://${edge.vips.ipv4}/`,
      ipv6: pulumi.interpolate`http://[${edge.vips.ipv6}]/`,
    },
    floatingIps: { ipv4: edge.floatingIps.ipv4.network, ipv6: edge.floatingIps.ipv6.network },
    nodes: workers.summaries,
    ingress: edge.summaries,
  };
};
