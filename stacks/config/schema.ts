// The typed stack configuration, read once per stack from the `dualstack:*`
// keys of Pulumi.<stack>.yaml. Pure: no Pulumi here, so the offline plan CLI
// and the unit tests validate exactly what a preview validates.
import { z } from "zod";

export const PROVIDERS = ["local", "cloudscale", "exoscale", "aws", "azure"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/**
 * Keys that hold secrets. Stacks read them only with `config.requireSecret`;
 * the generic loader never reads their values.
 */
export const SECRET_CONFIG_KEYS = ["cloudscaleToken", "cloudscaleFailoverToken", "exoscaleApiKey", "exoscaleApiSecret", "k3sToken"] as const;

const providerSection = z.unknown().optional();

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `pulumi config set --path dualstack:nodes.oneAtATime true` stores a boolean; plain `config set` stores text. */
export const booleanish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], {
  error: "must be true or false",
});

/** Zone names become parts of resource names: a DNS label, as every provider spells its zones (lpg1, ch-gva-2, eu-central-2a, 1). */
export const ZONE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const zoneName = z.string().regex(ZONE_NAME, {
  error: 'is not a zone name; expected lowercase letters, digits and "-", as the provider names its zones (e.g. lpg1, ch-gva-2, lab)',
});

const networkSchema = z
  .object({
    ipv4Supernet: z.string(),
    ipv6Prefix: z.string().optional(),
    zones: z.array(zoneName).min(1).optional(),
    ipv4SubnetPrefixLength: count(8, 28).optional(),
    tiers: z.object({ ingress: z.string().min(1), nodes: z.string().min(1) }).strict().optional(),
  })
  .strict();

const ingressSchema = z
  .object({
    count: count(2, 8).default(2),
    /** The most ingress hosts this environment will have; a shared network keeps their addresses free (default: count). */
    maxCount: count(2, 8).optional(),
    vips: z.object({ ipv4: z.string().optional(), ipv6: z.string().optional() }).strict().optional(),
  })
  .strict();

const kubernetesSchema = z
  .object({
    mode: z.enum(["self-managed", "managed"]).default("self-managed"),
    clusterCidrV4: z.string().optional(),
    serviceCidrV4: z.string().optional(),
    clusterCidrV6: z.string().optional(),
    serviceCidrV6: z.string().optional(),
    clusterPrefixLengthV6: count(48, 56).optional(),
    servicePrefixLengthV6: count(108, 120).optional(),
  })
  .strict();

const dockerSchema = z
  .object({
    /** IPv4 pool of the nodes' Docker bridge networks; default: a private block the plan leaves free. */
    ipv4Pool: z.string().optional(),
  })
  .strict();

export const stackConfigSchema = z
  .object({
    provider: z.enum(PROVIDERS),
    network: networkSchema,
    nodes: z
      .object({
        count: count(1, 4096),
        /** Replace (and first create) the nodes one after the other, as the ingress hosts; default false. */
        oneAtATime: booleanish.optional(),
      })
      .strict(),
    ingress: ingressSchema.default({ count: 2 }),
    runtime: z.enum(["docker", "kubernetes"]).default("docker"),
    kubernetes: kubernetesSchema.optional(),
    docker: dockerSchema.optional(),
    // Provider sections (`dualstack:local`, `dualstack:cloudscale`, ...) are
    // validated by their own stack; here they pass through untouched.
    local: providerSection,
    cloudscale: providerSection,
    exoscale: providerSection,
    aws: providerSection,
    azure: providerSection,
    // Secrets: only their presence is known here.
    cloudscaleToken: providerSection,
    cloudscaleFailoverToken: providerSection,
    exoscaleApiKey: providerSection,
    exoscaleApiSecret: providerSection,
    k3sToken: providerSection,
  })
  .strict();

/** Top-level `dualstack:` keys that hold plain (non-secret) settings. */
export const PLAIN_CONFIG_KEYS: readonly string[] = Object.keys(stackConfigSchema.shape).filter(
  (k) => !(SECRET_CONFIG_KEYS as readonly string[]).includes(k),
);

export type StackConfig = z.infer<typeof stackConfigSchema>;

/** Kubernetes from the cloud (AKS, EKS, SKS) instead of k3s on the stack's own hosts. */
export function isManagedKubernetes(config: Pick<StackConfig, "runtime" | "kubernetes">): boolean {
  return config.runtime === "kubernetes" && config.kubernetes?.mode === "managed";
}
