// The Exoscale stack's own settings: the `dualstack:exoscale` section, the
// API credentials (config secrets, checked for presence only) and what the
// stack does not build (managed SKS). Every problem is reported at preview, at once,
// naming the full key.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DEFAULT_ZONE, ZONES } from "../../components/clouds/exoscale/zones";
import { ConfigError, ConfigProblem, problemFromIssue, type StackConfig } from "../config";

/** "family.size" as the API lists instance types, or an instance type id. */
const INSTANCE_TYPE = /^([a-z0-9]+\.[a-z0-9-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const INSTANCE_TYPE_RULE = 'is not an instance type; expected "family.size" such as "standard.medium", or an instance type id';

const instanceType = (fallback: string) => z.string().regex(INSTANCE_TYPE, { error: INSTANCE_TYPE_RULE }).default(fallback);

export const exoscaleSectionSchema = z
  .object({
    zone: z.enum(ZONES).default(DEFAULT_ZONE),
    /** Overrides the zone's API endpoint: the fake API in tests, a proxy. */
    apiUrl: z.url({ protocol: /^https?$/, error: "is not an http(s) URL; expected e.g. https://api-ch-gva-2.exoscale.com/v2" }).optional(),
    instanceType: instanceType("standard.medium"),
    ingressInstanceType: instanceType("standard.small"),
    template: z.string().min(1).default("Linux Ubuntu 24.04 LTS 64-bit"),
    /** GiB; the API accepts 10..51200. */
    diskSize: z.coerce.number().int().min(10).max(51200).default(20),
    /** Names of SSH keys registered in the Exoscale organisation. */
    sshKeys: z.array(z.string().min(1)).optional(),
  })
  .strict();

export type ExoscaleSection = z.infer<typeof exoscaleSectionSchema>;

/** Secret keys the dynamic providers read in configure(); never resource inputs. */
export const CREDENTIAL_KEYS = ["exoscaleApiKey", "exoscaleApiSecret"] as const;

/** The validated section; a ConfigError listing every problem otherwise. */
export function exoscaleSettings(stack: string, config: StackConfig): ExoscaleSection {
  const parsed = exoscaleSectionSchema.safeParse(config.exoscale ?? {});
  const problems = [
    ...runtimeProblems(config),
    ...(parsed.success ? zoneProblems(config, parsed.data.zone) : sectionProblems(parsed.error.issues, config.exoscale)),
    ...credentialProblems(),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(stack, problems);
  return parsed.data;
}

function sectionProblems(issues: z.core.$ZodIssue[], section: unknown): ConfigProblem[] {
  // Issues are relative to the `dualstack:exoscale` section.
  return issues.map((i) => problemFromIssue({ ...i, path: ["exoscale", ...i.path] }, { exoscale: section }));
}

/**
 * Docker and self-managed k3s run on the stack's own instances. Managed SKS
 * is refused: its LoadBalancer Services become Exoscale NLBs, IPv4 only.
 */
function runtimeProblems(config: StackConfig): ConfigProblem[] {
  if (config.runtime !== "kubernetes" || (config.kubernetes?.mode ?? "self-managed") === "self-managed") return [];
  return [
    {
      key: "dualstack:kubernetes.mode",
      value: config.kubernetes?.mode,
      message:
        "is not offered on Exoscale: the SKS component exists, but exposing its LoadBalancer Services would create Exoscale NLBs, " +
        "which are IPv4-only, so managed SKS is not offered as a dual-stack ingress here; set dualstack:kubernetes.mode to self-managed (k3s) instead",
    },
  ];
}

/** One stack, one zone: every Exoscale resource of the stack lives in `dualstack:exoscale.zone`. */
function zoneProblems(config: StackConfig, zone: string): ConfigProblem[] {
  const zones = config.network.zones;
  if (zones === undefined || (zones.length === 1 && zones[0] === zone)) return [];
  return [
    {
      key: "dualstack:network.zones",
      value: zones,
      message: `must be unset or [${zone}] on Exoscale: a stack lives in one zone, chosen by dualstack:exoscale.zone (now ${zone})`,
    },
  ];
}

/** Presence only: the values stay secret and never reach this program's outputs or messages. */
function credentialProblems(): ConfigProblem[] {
  const config = new pulumi.Config("dualstack");
  return CREDENTIAL_KEYS.filter((key) => config.getSecret(key) === undefined).map((key) => ({
    key: `dualstack:${key}`,
    value: undefined,
    message: `is required (the Exoscale API ${key === "exoscaleApiKey" ? "key" : "secret"}); set it with \`pulumi config set --secret dualstack:${key} <value>\``,
  }));
}
