// cloudscale and Exoscale private networks are separate layer-2 segments with
// no routing between them: nodes and ingress hosts must share one, or HAProxy
// (and VRRP) could not reach the nodes. So on those clouds the tiers default
// to one shared private network, and split tiers are refused at preview.
import { ConfigError, type StackConfig } from "./config";

export const SHARED_PRIVATE_TIER = "private";

export function withSharedPrivateTier(stack: string, config: StackConfig, cloud: string): StackConfig {
  const tiers = config.network.tiers;
  if (!tiers) {
    return { ...config, network: { ...config.network, tiers: { ingress: SHARED_PRIVATE_TIER, nodes: SHARED_PRIVATE_TIER } } };
  }
  if (tiers.ingress !== tiers.nodes) {
    throw new ConfigError(stack, [
      {
        key: "dualstack:network.tiers",
        value: tiers,
        message:
          `puts ingress hosts and nodes on separate private networks, which ${cloud} does not route between ` +
          `(HAProxy could not reach the nodes); use one name for both, e.g. {ingress: ${SHARED_PRIVATE_TIER}, nodes: ${SHARED_PRIVATE_TIER}}`,
      },
    ]);
  }
  return config;
}
