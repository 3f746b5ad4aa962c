// The fake's verifier must be able to fail, or the signer tests against it prove nothing.
import { signRequest } from "../../../../components/clouds/exoscale/signer";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../../fakes/exoscale/server";

let fake: FakeExoscale;
beforeAll(async () => {
  fake = new FakeExoscale();
  await fake.start();
});
afterAll(() => fake.stop());

async function call(url: string, authorization: string | undefined, init: { method?: string; body?: string } = {}) {
  const res = await fetch(url, { method: init.method ?? "GET", body: init.body, headers: authorization ? { authorization } : {} });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

const now = () => Math.floor(Date.now() / 1000);

describe("fake Exoscale API authentication", () => {
  it("accepts a correctly signed request on 127.0.0.1 and on ::1", async () => {
    for (const base of [fake.url, fake.urlV6]) {
      const auth = signRequest({ method: "GET", path: "/v2/zone", query: [], body: "" }, { key: TEST_KEY, secret: TEST_SECRET });
      const r = await call(`${base}/zone`, auth);
      expect(r.status).toBe(200);
      expect((r.body as { zones: unknown[] }).zones.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ["a wrong secret", () => signRequest({ method: "GET", path: "/v2/zone", query: [], body: "" }, { key: TEST_KEY, secret: "wrong" }), "invalid request signature"],
    ["an unknown key", () => signRequest({ method: "GET", path: "/v2/zone", query: [], body: "" }, { key: "EXOnope", secret: TEST_SECRET }), "invalid API key"],
    ["an expired signature", () => signRequest({ method: "GET", path: "/v2/zone", query: [], body: "" }, { key: TEST_KEY, secret: TEST_SECRET, expires: now() - 5 }), "request expired"],
    ["a missing expiry", () => signRequest({ method: "GET", path: "/v2/zone", query: [], body: "" }, { key: TEST_KEY, secret: TEST_SECRET }).replace(/,expires=\d+/, ""), "malformed"],
    ["a signature over another path", () => signRequest({ method: "GET", path: "/v2/instance", query: [], body: "" }, { key: TEST_KEY, secret: TEST_SECRET }), "invalid request signature"],
    ["no Authorization header", () => undefined, "missing"],
  ])("answers 403 with a JSON message for %s", async (_what, header, message) => {
    const r = await call(`${fake.url}/zone`, header());
    expect(r.status).toBe(403);
    expect(r.body.message).toContain(message);
  });

  it("rejects a body that differs from the signed one, and unsigned query args", async () => {
    const signed = signRequest({ method: "POST", path: "/v2/security-group", query: [], body: '{"name":"a"}' }, { key: TEST_KEY, secret: TEST_SECRET });
    expect((await call(`${fake.url}/security-group`, signed, { method: "POST", body: '{"name":"b"}' })).status).toBe(403);
    const noArgs = signRequest({ method: "GET", path: "/v2/template", query: [], body: "" }, { key: TEST_KEY, secret: TEST_SECRET });
    expect((await call(`${fake.url}/template?visibility=public`, noArgs)).status).toBe(403);
    const withArgs = signRequest({ method: "GET", path: "/v2/template", query: [["visibility", "public"]], body: "" }, { key: TEST_KEY, secret: TEST_SECRET });
    expect((await call(`${fake.url}/template?visibility=public`, withArgs)).status).toBe(200);
    expect(fake.count()).toBe(0);
  });
});
