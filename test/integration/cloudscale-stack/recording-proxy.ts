// A pass-through in front of the fake cloudscale API that records what the
// API receives (the fake keeps no user_data, as the real API returns none),
// and accepts extra bearer tokens as aliases of the fake's one token: the
// stack's token and the ingress hosts' failover token are then both valid,
// and each request says which one it carried.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  path: string;
  status: number;
  /** The parsed JSON body, if any. */
  body?: Record<string, unknown>;
  /** Which alias the request's bearer token was ("" if none matched). */
  tokenName: string;
}

export class RecordingProxy {
  readonly requests: ProxiedRequest[] = [];
  private server?: http.Server;

  /** `target`: the API (its base URL and token, read per request); `tokens`: alias name -> token, each sent on as the target's. */
  constructor(
    private readonly target: { readonly url: string; readonly token: string },
    private readonly tokens: Record<string, string>,
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve, reject) => this.server!.once("error", reject).listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
  }

  /** Base URL like the fake's, e.g. http://127.0.0.1:1234/v1. */
  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  /** Bodies of the POSTs to a collection, e.g. posted("/v1/servers"). */
  posted(path: string): Record<string, unknown>[] {
    return this.requests.filter((r) => r.method === "POST" && r.path === path && r.body).map((r) => r.body!);
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const token = /^Bearer (.*)$/.exec(req.headers.authorization ?? "")?.[1];
    const tokenName = Object.entries(this.tokens).find(([, t]) => t === token)?.[0] ?? "";
    const record: ProxiedRequest = { method: req.method ?? "GET", path: req.url ?? "/", status: 0, tokenName, body: parseJson(text) };
    this.requests.push(record);
    const base = new URL(this.target.url);
    try {
      const upstream = await fetch(`${base.origin}${req.url}`, {
        method: record.method,
        headers: {
          ...(text ? { "content-type": "application/json" } : {}),
          ...(token === undefined ? {} : { authorization: `Bearer ${tokenName ? this.target.token : token}` }),
        },
        body: text || undefined,
      });
      record.status = upstream.status;
      const body = await upstream.text();
      res.writeHead(upstream.status, body ? { "content-type": "application/json" } : {});
      res.end(body);
    } catch (err) {
      record.status = 502;
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ detail: `recording proxy: ${(err as Error).message}` }));
    }
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
