// Provider-side settings, from the stack config the engine hands to
// configure(): API key and secret never become resource inputs, outputs or
// state. Keys: dualstack:exoscaleApiKey, dualstack:exoscaleApiSecret (both
// `pulumi config set --secret`), dualstack:exoscale {zone, apiUrl}.
import type * as pulumi from "@pulumi/pulumi";
import type { RetryPolicy } from "../http";
import { ExoscaleClient, PollPolicy } from "./client";
import type { ExoscaleCredentials } from "./signer";
import { DEFAULT_ZONE, isZone, ZONES } from "./zones";

export const API_KEY = "dualstack:exoscaleApiKey";
export const API_SECRET = "dualstack:exoscaleApiSecret";
export const SETTINGS_KEY = "dualstack:exoscale";
export const ENDPOINT_ENV = "EXOSCALE_API_ENDPOINT";

export interface ExoscaleSettings {
  credentials?: ExoscaleCredentials;
  /** Config keys that are missing, for check() to report. */
  missing: string[];
  /** Config problems (bad zone, unparsable object). */
  problems: string[];
  zone: string;
  apiUrl?: string;
  retry?: Partial<RetryPolicy>;
  poll?: Partial<PollPolicy>;
  timeoutMs?: number;
  /** How long an attached instance takes to pass a managed EIP's healthcheck (default: its strikesOk x interval). */
  healthcheckRiseMs?: number;
}

let current: ExoscaleSettings | undefined;
const clients = new Map<string, ExoscaleClient>();

/** Reads the stack config (configure's `req.config`). Never throws and never logs values. */
export function settingsFromConfig(config: pulumi.dynamic.Config, env: NodeJS.ProcessEnv = process.env): ExoscaleSettings {
  const key = config.get(API_KEY);
  const secret = config.get(API_SECRET);
  const missing = [...(key ? [] : [API_KEY]), ...(secret ? [] : [API_SECRET])];
  const problems: string[] = [];
  let object: Record<string, unknown> = {};
  const raw = config.get(SETTINGS_KEY);
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) object = parsed as Record<string, unknown>;
      else problems.push(`${SETTINGS_KEY} must be an object with fields zone and apiUrl`);
    } catch {
      problems.push(`${SETTINGS_KEY} must be an object with fields zone and apiUrl`);
    }
  }
  const zone = object.zone ?? DEFAULT_ZONE;
  if (!isZone(zone)) problems.push(`${SETTINGS_KEY}.zone: ${JSON.stringify(zone)} is not an Exoscale zone; valid: ${ZONES.join(", ")}`);
  const apiUrl = typeof object.apiUrl === "string" && object.apiUrl ? object.apiUrl : env[ENDPOINT_ENV] || undefined;
  return {
    credentials: key && secret ? { key, secret } : undefined,
    missing,
    problems,
    zone: String(zone),
    apiUrl,
    ...(typeof object.healthcheckRiseMs === "number" && object.healthcheckRiseMs >= 0 ? { healthcheckRiseMs: object.healthcheckRiseMs } : {}),
  };
}

/** Installs settings (configure() in the provider process; tests directly). */
export function useSettings(settings: ExoscaleSettings): void {
  current = settings;
  clients.clear();
}

export function currentSettings(): ExoscaleSettings | undefined {
  return current;
}

/** Why the provider cannot talk to the API, for check() (undefined when it can). */
export function settingsProblem(): string | undefined {
  if (!current) return `the Exoscale provider was not configured (stack config ${API_KEY} / ${API_SECRET})`;
  if (current.missing.length) {
    return (
      `missing stack config ${current.missing.join(" and ")}: set ` +
      current.missing.map((k) => `\`pulumi config set --secret ${k} <value>\``).join(" and ")
    );
  }
  return current.problems[0];
}

/** The client for a zone (default: the configured zone). */
export function clientFor(zone?: string): ExoscaleClient {
  const problem = settingsProblem();
  if (problem || !current?.credentials) throw new Error(`exoscale: ${problem}`);
  const z = zone ?? current.zone;
  let client = clients.get(z);
  if (!client) {
    client = new ExoscaleClient({
      credentials: current.credentials,
      zone: z,
      apiUrl: current.apiUrl,
      retry: current.retry,
      poll: current.poll,
      timeoutMs: current.timeoutMs,
    });
    clients.set(z, client);
  }
  return client;
}
