// The cloudscale provider's settings, taken from the stack config the engine
// hands every dynamic provider in configure() (verified on the real engine,
// see test/integration/cloudscale/config.test.ts): all `dualstack:*` keys,
// namespaced, secrets decrypted, objects as JSON text. The API token is read
// only here, so it never becomes a resource input, output or state of ours.
// (The engine itself records the whole config as inputs of the stack's
// default pulumi-nodejs provider; secrets stay encrypted there.)
import type * as pulumi from "@pulumi/pulumi";
import type { RetryPolicy } from "../http";

export const TOKEN_KEY = "dualstack:cloudscaleToken";
export const SETTINGS_KEY = "dualstack:cloudscale";
export const DEFAULT_API_URL = "https://api.cloudscale.ch/v1";
export const MISSING_TOKEN = `${TOKEN_KEY} is not set; set it with: pulumi config set --secret ${TOKEN_KEY} <token>`;

export interface CloudscaleSettings {
  token: string;
  apiUrl: string;
  /** Interval between status polls (servers, load balancers, deletions). */
  pollIntervalMs: number;
  /** Upper bound for one wait (e.g. a server reaching `running`). */
  waitTimeoutMs: number;
  /** Per-request timeout; a slow GET is retried, a slow POST adopted. */
  requestTimeoutMs: number;
  retry?: Partial<RetryPolicy>;
}

/** Optional fields of the `dualstack:cloudscale` config object this provider reads. */
interface SettingsConfig {
  apiUrl?: string;
  pollIntervalMs?: number;
  waitTimeoutMs?: number;
  requestTimeoutMs?: number;
}

let current: CloudscaleSettings | undefined;
let missingToken = false;

/** configure() of every cloudscale provider: remembers the settings for this provider process. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const token = req.config.get(TOKEN_KEY);
  const raw = req.config.get(SETTINGS_KEY);
  const object = (typeof raw === "string" ? parseObject(raw) : raw) as SettingsConfig | undefined;
  const env = process.env.CLOUDSCALE_API_URL;
  missingToken = typeof token !== "string" || token === "";
  current = {
    token: typeof token === "string" ? token : "",
    apiUrl: object?.apiUrl || env || DEFAULT_API_URL,
    pollIntervalMs: positive(object?.pollIntervalMs) ?? 2_000,
    waitTimeoutMs: positive(object?.waitTimeoutMs) ?? 15 * 60_000,
    requestTimeoutMs: positive(object?.requestTimeoutMs) ?? 30_000,
  };
}

/** For unit tests: settings without going through configure(). */
export function setSettings(settings: CloudscaleSettings | undefined): void {
  current = settings;
  missingToken = !settings?.token;
}

/** The message for check(), or undefined when the token is set. */
export function tokenProblem(): string | undefined {
  return current === undefined || missingToken ? MISSING_TOKEN : undefined;
}

export function settings(): CloudscaleSettings {
  if (current === undefined || missingToken) throw new Error(MISSING_TOKEN);
  return current;
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function positive(n: unknown): number | undefined {
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}
