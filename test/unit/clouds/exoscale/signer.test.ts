import { createHmac } from "node:crypto";
import { signatureMessage, signRequest, SIGNATURE_TTL_SECONDS } from "../../../../components/clouds/exoscale/signer";

const creds = { key: "EXOabc", secret: "s3cret" };

describe("Exoscale EXO2-HMAC-SHA256 signer", () => {
  it("builds the documented message for GET /v2/zone", () => {
    expect(signatureMessage({ method: "GET", path: "/v2/zone", query: [], body: "" }, 1599140767)).toBe("GET /v2/zone\n\n\n\n1599140767");
  });

  it("signs with an HMAC computed independently from a hand-written message", () => {
    const expected = createHmac("sha256", "s3cret").update("GET /v2/zone\n\n\n\n1599140767").digest("base64");
    const header = signRequest({ method: "GET", path: "/v2/zone", query: [], body: "" }, { ...creds, expires: 1599140767 });
    expect(header).toBe(`EXO2-HMAC-SHA256 credential=EXOabc,expires=1599140767,signature=${expected}`);
  });

  it("sorts single-valued query args, lists them, concatenates their values; leaves multi-valued ones out", () => {
    const query: [string, string][] = [["visibility", "public"], ["family", "linux"], ["tag", "a"], ["tag", "b"]];
    const header = signRequest({ method: "GET", path: "/v2/template", query, body: "" }, { ...creds, expires: 1700000000 });
    const expected = createHmac("sha256", "s3cret").update("GET /v2/template\n\nlinuxpublic\n\n1700000000").digest("base64");
    expect(header).toBe(`EXO2-HMAC-SHA256 credential=EXOabc,signed-query-args=family;visibility,expires=1700000000,signature=${expected}`);
  });

  it("includes the body verbatim and keeps ':' in the path literal", () => {
    const body = '{"instance":{"id":"i-1"}}';
    const header = signRequest({ method: "PUT", path: "/v2/elastic-ip/e-1:attach", query: [], body }, { ...creds, expires: 1700000001 });
    const expected = createHmac("sha256", "s3cret").update(`PUT /v2/elastic-ip/e-1:attach\n${body}\n\n\n1700000001`).digest("base64");
    expect(header).toContain(`signature=${expected}`);
  });

  it("expires ten minutes from now by default", () => {
    const before = Math.floor(Date.now() / 1000);
    const header = signRequest({ method: "GET", path: "/v2/zone", query: [], body: "" }, creds);
    const expires = Number(/expires=(\d+)/.exec(header)![1]);
    expect(expires).toBeGreaterThanOrEqual(before + SIGNATURE_TTL_SECONDS);
    expect(expires).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + SIGNATURE_TTL_SECONDS);
  });
});
