// Raw `dualstack:*` values -> a validated StackConfig, and StackConfig -> the
// address planner's input. Both fail with a ConfigError naming the key.
import { planAddresses, InputError } from "../../components/addressing";
import type { AddressPlan, PlanInput } from "../../components/addressing";
import { ConfigError, problemFromIssue } from "./errors";
import { stackConfigSchema, StackConfig } from "./schema";

export function parseStackConfig(stack: string, raw: Record<string, unknown>): StackConfig {
  const result = stackConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      stack,
      result.error.issues.map((issue) => problemFromIssue(issue, raw, "dualstack", stackConfigSchema)),
    );
  }
  return result.data;
}

/** The environment name that seeds the ULA prefix and VRRP ids: the stack name, made DNS-safe. */
export function environmentName(stack: string): string {
  return stack.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "env";
}

export interface PlanDefaults {
  /** Zones to use when `dualstack:network.zones` is not set. */
  zones: string[];
  /** Set when the provider assigned the IPv6 prefix (AWS VPC /56). */
  ipv6PrefixFromProvider?: string;
}

export function planInputFrom(stack: string, config: StackConfig, defaults: PlanDefaults): PlanInput {
  const { network, kubernetes } = config;
  return {
    name: environmentName(stack),
    ipv4Supernet: network.ipv4Supernet,
    ipv6Prefix: defaults.ipv6PrefixFromProvider ?? network.ipv6Prefix,
    ipv6PrefixSource: defaults.ipv6PrefixFromProvider ? "provider" : network.ipv6Prefix ? "operator" : undefined,
    zones: network.zones ?? defaults.zones,
    nodeCount: config.nodes.count,
    ingressCount: config.ingress.count,
    ingressMaxCount: config.ingress.maxCount,
    tiers: network.tiers,
    ipv4SubnetPrefixLength: network.ipv4SubnetPrefixLength,
    vips: config.ingress.vips,
    // A stack is a real network: documentation ranges (2001:db8::/32, 192.0.2.0/24, ...) do not belong there.
    documentationRanges: "refuse",
    docker: config.docker && { ipv4Pool: config.docker.ipv4Pool },
    kubernetes: kubernetes && {
      clusterCidrV4: kubernetes.clusterCidrV4,
      serviceCidrV4: kubernetes.serviceCidrV4,
      clusterCidrV6: kubernetes.clusterCidrV6,
      serviceCidrV6: kubernetes.serviceCidrV6,
      clusterPrefixLengthV6: kubernetes.clusterPrefixLengthV6,
      servicePrefixLengthV6: kubernetes.servicePrefixLengthV6,
    },
  };
}

/** Where each planner input lives in the stack config, for error messages. */
const CONFIG_KEY_OF_PLAN_INPUT: Record<string, string> = {
  name: "stack name",
  ipv4Supernet: "dualstack:network.ipv4Supernet",
  ipv6Prefix: "dualstack:network.ipv6Prefix",
  zones: "dualstack:network.zones",
  tiers: "dualstack:network.tiers",
  ipv4SubnetPrefixLength: "dualstack:network.ipv4SubnetPrefixLength",
  nodeCount: "dualstack:nodes.count",
  ingressCount: "dualstack:ingress.count",
  ingressMaxCount: "dualstack:ingress.maxCount",
};

export function configKeyOfPlanInput(planKey: string): string {
  const direct = CONFIG_KEY_OF_PLAN_INPUT[planKey];
  if (direct) return direct;
  if (planKey.startsWith("vips.")) return `dualstack:ingress.${planKey}`;
  if (planKey.startsWith("kubernetes.") || planKey.startsWith("docker.")) return `dualstack:${planKey}`;
  const root = planKey.split(/[.[]/)[0];
  return CONFIG_KEY_OF_PLAN_INPUT[root] ? `${CONFIG_KEY_OF_PLAN_INPUT[root]}${planKey.slice(root.length)}` : planKey;
}

/** Plans the stack's addresses; planner errors come back phrased with config keys. */
export function planForStack(stack: string, config: StackConfig, defaults: PlanDefaults): AddressPlan {
  try {
    return planAddresses(planInputFrom(stack, config, defaults));
  } catch (err: unknown) {
    if (err instanceof InputError) {
      throw new ConfigError(stack, [
        { key: configKeyOfPlanInput(err.key), value: err.value, message: err.detail },
      ]);
    }
    throw err;
  }
}
