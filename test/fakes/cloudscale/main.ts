// Runs the fake cloudscale API standalone, e.g. for trying a stack by hand:
//   npx ts-node --transpile-only test/fakes/cloudscale/main.ts [token]
// Prints the API URL (set it as dualstack:cloudscale.apiUrl) and serves until Ctrl-C.
import { FakeCloudscale } from "./server";

async function main(): Promise<void> {
  const fake = await new FakeCloudscale({ token: process.argv[2] }).start();
  console.log(fake.url);
  console.log(`also on ${fake.url6}; token: set dualstack:cloudscaleToken to the one given (default fake-token-0123456789)`);
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
