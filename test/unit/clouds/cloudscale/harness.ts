// Shared setup for the cloudscale provider tests: the fake API on loopback and
// provider settings pointing at it (short polls, timeouts and retries).
import type * as pulumi from "@pulumi/pulumi";
import { setSettings } from "../../../../components/clouds/cloudscale/config";
import { FakeCloudscale } from "../../../fakes/cloudscale/server";

export const REQUEST_TIMEOUT_MS = 400;

export async function startFake(): Promise<FakeCloudscale> {
  return new FakeCloudscale({ pollsUntilReady: 2, slowMs: REQUEST_TIMEOUT_MS * 3 }).start();
}

export function useFake(fake: FakeCloudscale, opts: { ipv6?: boolean; token?: string } = {}): void {
  setSettings({
    token: opts.token ?? fake.token,
    apiUrl: opts.ipv6 ? fake.url6 : fake.url,
    pollIntervalMs: 5,
    waitTimeoutMs: 5_000,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    retry: { attempts: 5, startingDelayMs: 5, maxDelayMs: 50 },
  });
}

/** The provider methods with their optional marks removed (all ours implement every method). */
export type Full = Required<pulumi.dynamic.ResourceProvider>;

export function full(p: pulumi.dynamic.ResourceProvider): Full {
  return p as Full;
}
