// A small JSON client for the cloud REST APIs the dynamic providers talk to:
// one request path for every cloud, with auth supplied per request (a bearer
// token, or a signature over the exact bytes sent), timeouts, and retries
// with exponential backoff and full jitter (exponential-backoff) on 429, 5xx,
// timeouts and network errors. Non-idempotent calls (POST) are not retried
// here: a create whose response was lost must be adopted, not repeated (see
// createOrAdopt).
import { backOff } from "exponential-backoff";
import { ApiError, apiMessageOf, isRetryableStatus, retryAfterMs } from "./api-error";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface SignableRequest {
  method: HttpMethod;
  /** Path as sent, including any base path (e.g. "/v2/zone"). */
  path: string;
  /** Query parameters in the order sent. */
  query: [string, string][];
  /** Body exactly as sent ("" when none). */
  body: string;
}

export interface RetryPolicy {
  attempts: number;
  startingDelayMs: number;
  maxDelayMs: number;
}

export interface ApiClientOptions {
  /** Name for messages, e.g. "cloudscale". */
  api: string;
  /** e.g. "https://api.cloudscale.ch/v1". */
  baseUrl: string;
  /** Auth headers for one request. */
  authorize(request: SignableRequest): Record<string, string>;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  userAgent?: string;
}

export interface ApiRequest {
  method: HttpMethod;
  /** Relative to the base URL, e.g. "/servers/abc". */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Override: retry even a POST (only for calls that are safe to repeat). */
  idempotent?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
}

/** Per attempt, unless the client is given another. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, startingDelayMs: 200, maxDelayMs: 10_000 };

export class ApiClient {
  private readonly base: URL;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: ApiClientOptions) {
    this.base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  async request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const idempotent = req.idempotent ?? req.method !== "POST";
    if (!idempotent) return this.once<T>(req);
    return backOff(() => this.once<T>(req), {
      numOfAttempts: this.retry.attempts,
      startingDelay: this.retry.startingDelayMs,
      maxDelay: this.retry.maxDelayMs,
      timeMultiple: 2,
      jitter: "full",
      retry: async (err: unknown) => {
        if (!(err instanceof ApiError) || !err.retryable) return false;
        if (err.retryAfterMs) await sleep(Math.min(err.retryAfterMs, this.retry.maxDelayMs));
        return true;
      },
    });
  }

  /** One attempt, mapping every failure to an ApiError. */
  async once<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const url = new URL(req.path.replace(/^\//, ""), this.base);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.append(k, v);
    const body = req.body === undefined ? "" : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": this.options.userAgent ?? "dualstack-pulumi",
      ...(body ? { "content-type": "application/json" } : {}),
      ...this.options.authorize({ method: req.method, path: url.pathname, query: [...url.searchParams], body }),
    };
    let response: Response;
    try {
      response = await fetch(url, {
        method: req.method,
        headers,
        body: body || undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (err) {
      const reason = (err as Error).name === "TimeoutError" ? "timed out" : (err as Error).message;
      throw new ApiError(this.options.api, req.method, url.pathname, undefined, reason, true);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      throw new ApiError(
        this.options.api,
        req.method,
        url.pathname,
        response.status,
        apiMessageOf(parsed ?? text),
        isRetryableStatus(response.status),
        retryAfterMs(response.headers.get("retry-after")),
      );
    }
    return { status: response.status, body: (parsed ?? undefined) as T };
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
