// Creating a cloud resource exactly once, although a POST may time out or
// lose its response after the cloud already made the resource: every resource
// is labelled with its Pulumi URN, and before trying again we look for it.
import { backOff } from "exponential-backoff";
import { ApiError } from "./api-error";
import { DEFAULT_RETRY, RetryPolicy, sleep } from "./api-client";

export interface CreateOrAdopt<T> {
  /** One POST attempt. */
  create(): Promise<T>;
  /** Finds the resource by its URN label/tag; undefined if it does not exist. */
  find(): Promise<T | undefined>;
  retry?: Partial<RetryPolicy>;
  /**
   * After a POST that got no response (timed out, connection lost) the cloud
   * may still be making the resource: how long to keep looking for it before
   * giving up. Use the request timeout: as long again as the server had to answer.
   */
  settleMs?: number;
}

/** A failure without any response: the server may have the request and still be working on it. */
function noResponse(err: unknown): boolean {
  return err instanceof ApiError && err.status === undefined && err.retryable;
}

export async function createOrAdopt<T>(spec: CreateOrAdopt<T>): Promise<T> {
  const retry = { ...DEFAULT_RETRY, ...spec.retry };
  let first = true;
  let unanswered: ApiError | undefined;
  return backOff(
    async () => {
      // After a failed attempt the resource may exist anyway: adopt it.
      if (!first) {
        const existing = unanswered ? await settle(spec, retry, unanswered) : await spec.find();
        if (existing !== undefined) return existing;
      }
      first = false;
      try {
        return await spec.create();
      } catch (err) {
        unanswered = noResponse(err) ? (err as ApiError) : undefined;
        throw err;
      }
    },
    {
      numOfAttempts: retry.attempts,
      startingDelay: retry.startingDelayMs,
      maxDelay: retry.maxDelayMs,
      timeMultiple: 2,
      jitter: "full",
      retry: async (err: unknown) => {
        if (!(err instanceof ApiError) || !err.retryable) return false;
        if (err.retryAfterMs) await sleep(Math.min(err.retryAfterMs, retry.maxDelayMs));
        return true;
      },
    },
  );
}

/**
 * After an unanswered POST: looks for the resource until settleMs has passed
 * (the last look after the deadline). Found: adopted. Not found: the POST is
 * not sent again, since the server may still create it and a second POST
 * would make a duplicate; the error says so.
 */
async function settle<T>(spec: CreateOrAdopt<T>, retry: RetryPolicy, err: ApiError): Promise<T | undefined> {
  const settleMs = spec.settleMs ?? 0;
  const deadline = Date.now() + settleMs;
  let delay = retry.startingDelayMs;
  for (;;) {
    const existing = await spec.find();
    if (existing !== undefined) return existing;
    const left = deadline - Date.now();
    if (left < 0) break;
    await sleep(Math.min(delay, left + 1));
    delay = Math.min(delay * 2, retry.maxDelayMs);
  }
  throw new ApiError(
    err.api,
    err.method,
    err.path,
    undefined,
    `${err.apiMessage}; nothing found ${settleMs} ms later, and the POST is not repeated (the cloud may still create it; a second POST could make a duplicate)`,
    false,
  );
}
