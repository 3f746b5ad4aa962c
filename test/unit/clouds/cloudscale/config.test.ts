// configure(): the token and API URL come from the stack config the engine
// passes (namespaced keys, objects as JSON text); a missing token fails check.
import type * as pulumi from "@pulumi/pulumi";
import { configure, DEFAULT_API_URL, MISSING_TOKEN, settings, tokenProblem } from "../../../../components/clouds/cloudscale/config";
import { provider as server } from "../../../../components/clouds/cloudscale/providers/server";

function config(values: Record<string, string>): pulumi.dynamic.Config {
  return { get: (k: string) => values[k], require: (k: string) => values[k] };
}

describe("cloudscale configure()", () => {
  const envBefore = process.env.CLOUDSCALE_API_URL;
  afterEach(() => {
    if (envBefore === undefined) delete process.env.CLOUDSCALE_API_URL;
    else process.env.CLOUDSCALE_API_URL = envBefore;
  });

  it("takes the token and apiUrl from dualstack:* config (object as JSON text)", async () => {
    await configure({ config: config({ "dualstack:cloudscaleToken": "t0k", "dualstack:cloudscale": '{"apiUrl":"http://[::1]:9/v1","pollIntervalMs":7}' }) });
    expect(settings()).toMatchObject({ token: "t0k", apiUrl: "http://[::1]:9/v1", pollIntervalMs: 7 });
    expect(tokenProblem()).toBeUndefined();
  });

  it("falls back to CLOUDSCALE_API_URL, then the public API", async () => {
    process.env.CLOUDSCALE_API_URL = "http://127.0.0.1:9/v1";
    await configure({ config: config({ "dualstack:cloudscaleToken": "t0k" }) });
    expect(settings().apiUrl).toBe("http://127.0.0.1:9/v1");
    delete process.env.CLOUDSCALE_API_URL;
    await configure({ config: config({ "dualstack:cloudscaleToken": "t0k", "dualstack:cloudscale": '{"zones":["lpg1"]}' }) });
    expect(settings().apiUrl).toBe(DEFAULT_API_URL);
  });

  it("without a token, check() fails with how to set it, and API calls refuse", async () => {
    await configure({ config: config({}) });
    const r = await server.check!({}, { idTag: "p/s/n", name: "n", flavor: "flex-4-2", image: "debian-12", zone: "lpg1" });
    expect(r.failures).toContainEqual({ property: "", reason: MISSING_TOKEN });
    expect(MISSING_TOKEN).toBe("dualstack:cloudscaleToken is not set; set it with: pulumi config set --secret dualstack:cloudscaleToken <token>");
    await expect(server.read!("x", {})).rejects.toThrow(MISSING_TOKEN);
  });
});
