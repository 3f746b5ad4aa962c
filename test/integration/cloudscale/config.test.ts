// What a dynamic provider's configure() really receives on the real engine
// (3.248): every stack config key, namespaced ("dualstack:cloudscaleToken"),
// secrets decrypted, objects as JSON text. The token never lands in the state
// in plain text (the engine keeps the config as encrypted inputs of the
// stack's default pulumi-nodejs provider).
import { createHash } from "node:crypto";
import { FixtureStack } from "./engine";
import { expectOk } from "../../../scripts/lib/engine-stack";

jest.setTimeout(300_000);

describe("dynamic provider configure() on the real engine", () => {
  const stack = new FixtureStack("cloudscale-config", "itest-cs-config");
  const token = "probe-token-s3cr3t-9f8e";

  beforeAll(() => stack.init({ "dualstack:cloudscale": { apiUrl: "http://127.0.0.1:9/v1" } }, token));
  afterAll(async () => {
    await stack.destroy();
    await stack.remove();
  });

  it("gets dualstack:* config with the secret unwrapped, and the state has no plain token", async () => {
    expectOk(await stack.up(), "up");
    const { seen } = (await stack.outputs()) as { seen: Record<string, unknown> };
    expect(seen).toEqual({
      keys: ["dualstack:cloudscale", "dualstack:cloudscaleToken"],
      tokenType: "string",
      tokenSha256: createHash("sha256").update(token).digest("hex"),
      cloudscaleType: "string",
      cloudscaleApiUrl: "http://127.0.0.1:9/v1",
    });
    const state = stack.rawState();
    expect(state).toContain("dualstack:cloudscaleToken");
    expect(state).not.toContain(token);
  });
});
