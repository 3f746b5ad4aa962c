// The shared cloud API client against a scripted HTTP server on loopback
// (IPv4 and IPv6): retries, errors, and create-or-adopt.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ApiClient, ApiError, createOrAdopt, retryAfterMs } from "../../../components/clouds/http";

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A server answering with the scripted replies in order, recording requests. */
async function scriptedServer(host: string, replies: Reply[]) {
  const seen: { method: string; url: string; auth?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const reply = replies.shift() ?? { status: 500, body: { detail: "script exhausted" } };
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const base = host.includes(":") ? `http://[${host}]:${port}/v1` : `http://${host}:${port}/v1`;
  return { base, seen, close: () => new Promise((r) => server.close(r)) };
}

const fastRetry = { attempts: 4, startingDelayMs: 1, maxDelayMs: 5 };

function client(base: string) {
  return new ApiClient({ api: "testcloud", baseUrl: base, authorize: () => ({ authorization: "Bearer s3cr3t" }), retry: fastRetry });
}

describe.each(["127.0.0.1", "::1"])("ApiClient over %s", (host) => {
  it("retries a GET on 429 and 503, then returns the JSON body", async () => {
    const s = await scriptedServer(host, [
      { status: 429, body: { detail: "slow down" }, headers: { "retry-after": "0" } },
      { status: 503 },
      { status: 200, body: [{ uuid: "a" }] },
    ]);
    const r = await client(s.base).request<{ uuid: string }[]>({ method: "GET", path: "/servers", query: { "tag:k": "v" } });
    await s.close();
    expect(r.body).toEqual([{ uuid: "a" }]);
    expect(s.seen).toHaveLength(3);
    expect(s.seen[0].url).toBe("/v1/servers?tag%3Ak=v");
    expect(s.seen[0].auth).toBe("Bearer s3cr3t");
  });

  it("does not repeat a POST by itself", async () => {
    const s = await scriptedServer(host, [{ status: 500, body: { detail: "boom" } }, { status: 201, body: {} }]);
    await expect(client(s.base).request({ method: "POST", path: "/servers", body: { name: "x" } })).rejects.toThrow(ApiError);
    await s.close();
    expect(s.seen).toHaveLength(1);
  });

  it("reports the API's message and status, never the token", async () => {
    const s = await scriptedServer(host, [{ status: 400, body: { name: ["This field may not be blank."] } }]);
    const err = await client(s.base).request({ method: "POST", path: "/servers", body: { name: "" } }).catch((e) => e);
    await s.close();
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe("testcloud API POST /v1/servers: 400 name: This field may not be blank.");
    expect(JSON.stringify(err)).not.toContain("s3cr3t");
    expect(err.retryable).toBe(false);
  });

  it("marks 404 as not found, without retrying", async () => {
    const s = await scriptedServer(host, [{ status: 404, body: { detail: "Not found." } }]);
    const err = await client(s.base).request({ method: "GET", path: "/servers/x" }).catch((e) => e);
    await s.close();
    expect(err.notFound).toBe(true);
    expect(s.seen).toHaveLength(1);
  });
});

describe("createOrAdopt", () => {
  it("adopts a resource whose create response was lost instead of creating it twice", async () => {
    const made: string[] = [];
    let attempts = 0;
    const result = await createOrAdopt({
      create: async () => {
        attempts++;
        made.push("server");
        throw new ApiError("testcloud", "POST", "/v1/servers", undefined, "timed out", true);
      },
      find: async () => (made.length ? { uuid: "adopted" } : undefined),
      retry: fastRetry,
    });
    expect(result).toEqual({ uuid: "adopted" });
    expect(attempts).toBe(1);
    expect(made).toHaveLength(1);
  });

  it("creates again when the failed attempt left nothing behind", async () => {
    let attempts = 0;
    const result = await createOrAdopt({
      create: async () => {
        if (++attempts === 1) throw new ApiError("testcloud", "POST", "/v1/servers", 502, "bad gateway", true);
        return { uuid: "second" };
      },
      find: async () => undefined,
      retry: fastRetry,
    });
    expect(result).toEqual({ uuid: "second" });
  });

  it("after a POST without a response, keeps looking for settleMs and never sends it again", async () => {
    let attempts = 0;
    let finds = 0;
    const timedOut = () => new ApiError("testcloud", "POST", "/v1/servers", undefined, "timed out", true);
    await expect(
      createOrAdopt({
        create: async () => {
          attempts++;
          throw timedOut();
        },
        find: async () => {
          finds++;
          return undefined;
        },
        retry: fastRetry,
        settleMs: 30,
      }),
    ).rejects.toThrow(/timed out; nothing found 30 ms later, and the POST is not repeated/);
    expect(attempts).toBe(1);
    expect(finds).toBeGreaterThanOrEqual(2);
  });

  it("adopts what an unanswered POST made while it was still looking", async () => {
    let finds = 0;
    const result = await createOrAdopt({
      create: async () => {
        throw new ApiError("testcloud", "POST", "/v1/servers", undefined, "socket hang up", true);
      },
      // The cloud finishes the create between the second and the third look.
      find: async () => (++finds >= 3 ? { uuid: "late" } : undefined),
      retry: fastRetry,
      settleMs: 60_000,
    });
    expect(result).toEqual({ uuid: "late" });
  });

  it("gives up at once on a client error", async () => {
    await expect(
      createOrAdopt({
        create: async () => {
          throw new ApiError("testcloud", "POST", "/v1/servers", 400, "flavor: invalid", false);
        },
        find: async () => undefined,
        retry: fastRetry,
      }),
    ).rejects.toThrow(/400 flavor: invalid/);
  });
});

it("reads Retry-After in seconds and as an HTTP date", () => {
  expect(retryAfterMs("2")).toBe(2000);
  expect(retryAfterMs(new Date(10_000).toUTCString(), 5_000)).toBe(5_000);
  expect(retryAfterMs(null)).toBeUndefined();
});
