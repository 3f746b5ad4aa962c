// Shared setup for the cloudscale provider tests: the fake API on loopback and
// provider settings pointing at it (short polls, timeouts and retries).
import type * as pulumi from "@pulumi/pulumi";
import { setSettings } from "../../../../components/clouds/cloudscale/config";
import { FakeCloudscale } from "../../../fakes/cloudscale/server";

export const REQUEST_TIMEOUT_MS = 400;

const FAKE_OPTIONS = { pollsUntilReady: 2, slowMs: REQUEST_TIMEOUT_MS * 3 };

export async function startFake(): Promise<FakeCloudscale> {
  return new FakeCloudscale(FAKE_OPTIONS).start();
}

/**
 * The describe block's fake API: started once, emptied and pointed at by the
 * providers before each test, stopped at the end.
 */
export function useFakeCloudscale(opts: { ipv6?: boolean } = {}): FakeCloudscale {
  const fake = new FakeCloudscale(FAKE_OPTIONS);
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    useFake(fake, opts);
  });
  return fake;
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

/** check() then create(), as the engine runs them; the checked inputs beside the result. */
export async function created(p: Full, inputs: Record<string, unknown>) {
  const { inputs: checked, failures } = await p.check({}, inputs);
  expect(failures).toEqual([]);
  return { ...(await p.create(checked)), inputs: checked };
}
