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
}

export async function createOrAdopt<T>(spec: CreateOrAdopt<T>): Promise<T> {
  const retry = { ...DEFAULT_RETRY, ...spec.retry };
  let first = true;
  return backOff(
    async () => {
      // After a failed attempt the resource may exist anyway: adopt it.
      if (!first) {
        const existing = await spec.find();
        if (existing !== undefined) return existing;
      }
      first = false;
      return spec.create();
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
