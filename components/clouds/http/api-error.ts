// An API failure phrased for an operator: which cloud, which call, the HTTP
// status and the API's own message. Never carries headers or request bodies
// (tokens, signatures and user-data with join tokens stay out of logs).

export class ApiError extends Error {
  constructor(
    readonly api: string,
    readonly method: string,
    readonly path: string,
    /** HTTP status; undefined for network errors and timeouts. */
    readonly status: number | undefined,
    /** The API's own error text (or the network error). */
    readonly apiMessage: string,
    /** Whether trying again may succeed (429, 5xx, network, timeout). */
    readonly retryable: boolean,
    /** Server-requested delay before the next attempt (Retry-After), if any. */
    readonly retryAfterMs?: number,
  ) {
    super(`${api} API ${method} ${path}: ${status ?? "no response"}${apiMessage ? ` ${apiMessage}` : ""}`);
    this.name = "ApiError";
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

/** Statuses worth another try: rate limits and server-side trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * The error text of a JSON error body: cloudscale's `{"detail": ...}` or its
 * per-field `{"name": ["..."]}`, Exoscale's `{"message": ...}` / `{"error": ...}`.
 */
export function apiMessageOf(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 500);
  if (body === null || typeof body !== "object") return "";
  const record = body as Record<string, unknown>;
  for (const key of ["detail", "message", "error"]) {
    if (typeof record[key] === "string") return record[key] as string;
  }
  return Object.entries(record)
    .map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(" ") : String(value)}`)
    .join("; ")
    .slice(0, 500);
}

/** Retry-After in ms (seconds or an HTTP date); undefined when absent or invalid. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The call's result, or undefined when the API answered 404: the object is gone (a read finds nothing, a delete is done). */
export async function unlessGone<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof ApiError && err.notFound) return undefined;
    throw err;
  }
}
