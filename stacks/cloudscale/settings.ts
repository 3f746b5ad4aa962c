// The cloudscale stack's own settings: the `dualstack:cloudscale` section,
// the API tokens (config secrets, checked for presence only) and what the
// stack does not build. Every problem is reported at preview, at once,
// naming the full key.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CLOUDSCALE_HOST_DEFAULTS as D } from "../../components/clouds/cloudscale/adapter";
import { SERVER_FLAVOR, SERVER_FLAVOR_WHAT } from "../../components/clouds/cloudscale/validate";
import { ZONES } from "../../components/clouds/cloudscale/zones";
import { ConfigError, ConfigProblem, isManagedKubernetes, sectionProblems, type StackConfig } from "../config";
import type { SecretChecks } from "../types";
import { singleZoneProblems, type SingleZoneCloud } from "../zones";

const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const NETPLAN_IMAGE = /^(ubuntu-[0-9]+\.[0-9]+|debian-(1[3-9]|[2-9][0-9]))$/;
const NETPLAN_IMAGE_RULE =
  "is not an image whose network config is netplan (the planned private IPv6 is set by netplan); expected an Ubuntu or Debian 13+ slug, e.g. ubuntu-24.04 or debian-13";

const flavor = (fallback: string) =>
  z.string().regex(SERVER_FLAVOR, { error: `is not a flavor; expected ${SERVER_FLAVOR_WHAT}` }).default(fallback);
const ifname = (fallback: string) =>
  z.string().regex(IFNAME, { error: "is not a Linux interface name (1..15 of letters, digits, '_', '.', '-')" }).default(fallback);
const positiveMs = z.coerce.number().positive().optional();

export const cloudscaleSectionSchema = z
  .object({
    zone: z.enum(ZONES).default("lpg1"),
    /** Overrides the API endpoint: the fake API in tests, a proxy. */
    apiUrl: z.url({ protocol: /^https?$/, error: "is not an http(s) URL; expected e.g. https://api.cloudscale.ch/v1" }).optional(),
    flavor: flavor(D.flavor),
    ingressFlavor: flavor(D.ingressFlavor),
    /** The planned private IPv6 is set by netplan: Ubuntu, or Debian 13+ (Debian 12's cloud image uses ifupdown). */
    image: z.string().regex(NETPLAN_IMAGE, { error: NETPLAN_IMAGE_RULE }).default(D.image),
    volumeSizeGb: z.coerce.number().int().min(10).default(D.volumeSizeGb),
    /** Public keys (the text of id_ed25519.pub), not key names. */
    sshKeys: z.array(z.string().min(1)).optional(),
    /** 128: one address; 56: a whole routed /56 (the service address is its ::1). */
    floatingIpv6PrefixLength: z.coerce.number().pipe(z.literal([128, 56])).default(D.floatingIpv6PrefixLength),
    /** Interface names of the image: public (IPv4 + IPv6, floating IPs) and the private network. */
    publicInterface: ifname(D.publicInterface),
    privateInterface: ifname(D.privateInterface),
    // Read by the dynamic providers themselves (components/clouds/cloudscale/config.ts).
    pollIntervalMs: positiveMs,
    waitTimeoutMs: positiveMs,
    requestTimeoutMs: positiveMs,
  })
  .strict();

export type CloudscaleSection = z.infer<typeof cloudscaleSectionSchema>;

export const TOKEN_KEY = "cloudscaleToken";
export const FAILOVER_TOKEN_KEY = "cloudscaleFailoverToken";

/** The validated section; a ConfigError listing every problem otherwise. */
export function cloudscaleSettings(stack: string, config: StackConfig, checks: SecretChecks = {}): CloudscaleSection {
  const parsed = cloudscaleSectionSchema.safeParse(config.cloudscale ?? {});
  const section = parsed.success
    ? [...singleZoneProblems(config, parsed.data.zone, ZONE_RULE), ...interfaceProblems(parsed.data)]
    : sectionProblems("cloudscale", parsed.error.issues, config.cloudscale, cloudscaleSectionSchema);
  const problems = [...runtimeProblems(config), ...section, ...(checks.secrets === false ? [] : tokenProblems())];
  if (!parsed.success || problems.length) throw new ConfigError(stack, problems);
  return parsed.data;
}

function runtimeProblems(config: StackConfig): ConfigProblem[] {
  if (!isManagedKubernetes(config)) return [];
  return [
    {
      key: "dualstack:kubernetes.mode",
      value: config.kubernetes?.mode,
      message: "is not available: cloudscale has no managed Kubernetes; use self-managed (k3s on the stack's servers)",
    },
  ];
}

/** One stack, one zone: every server and network lives in `dualstack:cloudscale.zone`. */
const ZONE_RULE: SingleZoneCloud = { section: "cloudscale", label: "cloudscale", why: "private networks are zonal" };

function interfaceProblems(s: CloudscaleSection): ConfigProblem[] {
  if (s.publicInterface !== s.privateInterface) return [];
  return [
    {
      key: "dualstack:cloudscale.privateInterface",
      value: s.privateInterface,
      message: "equals dualstack:cloudscale.publicInterface; the private network is the server's second interface (default ens4)",
    },
  ];
}

/** Presence only: the value stays secret and never reaches this program's outputs or messages. */
function tokenProblems(): ConfigProblem[] {
  if (new pulumi.Config("dualstack").getSecret(TOKEN_KEY) !== undefined) return [];
  return [
    {
      key: `dualstack:${TOKEN_KEY}`,
      value: undefined,
      message: `is required (a cloudscale API token with write access); set it with \`pulumi config set --secret dualstack:${TOKEN_KEY} <token>\``,
    },
  ];
}

/**
 * The token the ingress hosts' keepalived uses to move the floating IPs. It
 * sits on every ingress host, so it should be a token of its own: one that
 * can be rotated or revoked without touching the stack's (and, where the
 * account allows, one with less reach). Without one the stack's own token
 * goes there, with a warning.
 */
export function failoverToken(): pulumi.Output<string> {
  const config = new pulumi.Config("dualstack");
  const dedicated = config.getSecret(FAILOVER_TOKEN_KEY);
  if (dedicated !== undefined) return dedicated;
  void pulumi.log.warn(
    `dualstack:${FAILOVER_TOKEN_KEY} is not set, so the ingress hosts get dualstack:${TOKEN_KEY} to move the floating IPs; ` +
      `better give them a dedicated token: \`pulumi config set --secret dualstack:${FAILOVER_TOKEN_KEY} <token>\``,
  );
  return config.requireSecret(TOKEN_KEY);
}
