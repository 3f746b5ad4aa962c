// Shared set-up for the Exoscale unit tests: a fake API on loopback and the
// provider settings pointing at it, with short retry and polling delays.
import { useSettings } from "../../../../components/clouds/exoscale/config";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../../fakes/exoscale/server";

export function fastSettings(fake: FakeExoscale, overrides: { timeoutMs?: number } = {}): void {
  useSettings({
    credentials: { key: TEST_KEY, secret: TEST_SECRET },
    missing: [],
    problems: [],
    zone: "ch-gva-2",
    apiUrl: fake.url,
    retry: { attempts: 5, startingDelayMs: 10, maxDelayMs: 50 },
    poll: { maxPolls: 20, initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 },
    timeoutMs: overrides.timeoutMs ?? 2_000,
    // The fake serves an attached instance at once: no healthcheck rise time to wait for.
    healthcheckRiseMs: 0,
  });
}

export async function startFake(): Promise<FakeExoscale> {
  const fake = new FakeExoscale({ pendingPolls: 2 });
  await fake.start();
  return fake;
}

/**
 * The file's fake API: started once, emptied and pointed at by the providers
 * before each test, stopped at the end.
 */
export function useFakeExoscale(): FakeExoscale {
  const fake = new FakeExoscale({ pendingPolls: 2 });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fastSettings(fake);
  });
  return fake;
}
