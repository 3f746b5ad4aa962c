// The Exoscale stack's own settings: the `dualstack:exoscale` section (with
// `sks` for kubernetes.mode managed) and the API credentials (config secrets,
// checked for presence only). Every problem is reported at preview, at once,
// naming the full key.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { EXOSCALE_HOST_DEFAULTS as D } from "../../components/clouds/exoscale/adapter";
import { DEFAULT_ZONE, ZONES } from "../../components/clouds/exoscale/zones";
import { ConfigError, ConfigProblem, isManagedKubernetes, sectionProblems, type StackConfig } from "../config";
import { singleZoneProblems, type SingleZoneCloud } from "../zones";
import type { SecretChecks } from "../types";

/** "family.size" as the API lists instance types, or an instance type id. */
const INSTANCE_TYPE = /^([a-z0-9]+\.[a-z0-9-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const INSTANCE_TYPE_RULE = 'is not an instance type; expected "family.size" such as "standard.medium", or an instance type id';

const instanceType = (fallback: string) => z.string().regex(INSTANCE_TYPE, { error: INSTANCE_TYPE_RULE }).default(fallback);

export const exoscaleSectionSchema = z
  .object({
    zone: z.enum(ZONES).default(DEFAULT_ZONE),
    /** Overrides the zone's API endpoint: the fake API in tests, a proxy. */
    apiUrl: z.url({ protocol: /^https?$/, error: "is not an http(s) URL; expected e.g. https://api-ch-gva-2.exoscale.com/v2" }).optional(),
    instanceType: instanceType(D.instanceType),
    ingressInstanceType: instanceType(D.ingressInstanceType),
    template: z.string().min(1).default(D.template),
    /** GiB; the API accepts 10..51200. */
    diskSize: z.coerce.number().int().min(10).max(51200).default(D.diskSize),
    /** Read by the EIP attachments (components/clouds/exoscale/config.ts): a managed EIP's rise time, default its strikesOk x interval. */
    healthcheckRiseMs: z.coerce.number().min(0).optional(),
    /** Names of SSH keys registered in the Exoscale organisation. */
    sshKeys: z.array(z.string().min(1)).optional(),
    /** Managed SKS (runtime kubernetes, kubernetes.mode managed). */
    sks: z
      .object({
        /** No default: SKS offers a moving set of versions (`exo compute sks versions`). */
        version: z.string().regex(/^\d+\.\d+\.\d+$/, { error: 'is not an SKS Kubernetes version; expected e.g. "1.33.1" (see `exo compute sks versions`)' }).optional(),
        cni: z.enum(["cilium", "calico"]).default("cilium"),
        level: z.enum(["pro", "starter"]).default("pro"),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ExoscaleSection = z.infer<typeof exoscaleSectionSchema>;

/** Secret keys the dynamic providers read in configure(); never resource inputs. */
export const CREDENTIAL_KEYS = ["exoscaleApiKey", "exoscaleApiSecret"] as const;

/** The validated section; a ConfigError listing every problem otherwise. */
export function exoscaleSettings(stack: string, config: StackConfig, checks: SecretChecks = {}): ExoscaleSection {
  const parsed = exoscaleSectionSchema.safeParse(config.exoscale ?? {});
  const problems = [
    ...(parsed.success ? [...singleZoneProblems(config, parsed.data.zone, ZONE_RULE), ...sksProblems(config, parsed.data)] : sectionProblems("exoscale", parsed.error.issues, config.exoscale, exoscaleSectionSchema)),
    ...(checks.secrets === false ? [] : credentialProblems()),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(stack, problems);
  return parsed.data;
}

/** True for runtime kubernetes with kubernetes.mode managed: SKS instead of the stack's own instances. */
export function isManagedSks(config: StackConfig): boolean {
  return isManagedKubernetes(config);
}

/** Managed SKS needs a version: SKS only creates clusters at versions it currently offers. */
function sksProblems(config: StackConfig, section: ExoscaleSection): ConfigProblem[] {
  if (!isManagedSks(config) || section.sks.version !== undefined) return [];
  return [
    {
      key: "dualstack:exoscale.sks.version",
      value: undefined,
      message: 'is required with dualstack:kubernetes.mode managed: an SKS Kubernetes version such as "1.33.1" (see `exo compute sks versions`)',
    },
  ];
}

/** One stack, one zone: every Exoscale resource of the stack lives in `dualstack:exoscale.zone`. */
const ZONE_RULE: SingleZoneCloud = { section: "exoscale", label: "Exoscale" };

/** Presence only: the values stay secret and never reach this program's outputs or messages. */
function credentialProblems(): ConfigProblem[] {
  const config = new pulumi.Config("dualstack");
  return CREDENTIAL_KEYS.filter((key) => config.getSecret(key) === undefined).map((key) => ({
    key: `dualstack:${key}`,
    value: undefined,
    message: `is required (the Exoscale API ${key === "exoscaleApiKey" ? "key" : "secret"}); set it with \`pulumi config set --secret dualstack:${key} <value>\``,
  }));
}
