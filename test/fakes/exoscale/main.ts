// Runs the fake Exoscale API on loopback until interrupted:
//   npx ts-node --transpile-only test/fakes/exoscale/main.ts [port]
// Prints the base URL and the test credentials to use as stack config.
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "./server";

async function main(): Promise<void> {
  const fake = new FakeExoscale();
  await fake.start(Number(process.argv[2] ?? 0));
  console.log(JSON.stringify({ apiUrl: fake.url, apiUrlV6: fake.urlV6, key: TEST_KEY, secret: TEST_SECRET }));
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
