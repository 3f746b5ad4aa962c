// The cloudscale.ch API as the providers use it: bearer auth on the shared
// ApiClient (retries with jitter for idempotent calls), create-or-adopt by
// our id tag for POSTs, and bounded status polling.
import { ApiClient, createOrAdopt, sleep, unlessGone } from "../http";
import { CloudscaleSettings, settings } from "./config";

/** Tag carrying the resource's stable id ("<project>/<stack>/<name>"): how a lost create is found again. */
export const ID_TAG = "dualstack-id";

export type Tags = Record<string, string>;

/** Objects as the API returns them: every one has a uuid and tags. */
export interface ApiObject {
  uuid: string;
  href?: string;
  tags?: Tags;
}

/** Another object as the API links it. */
export interface Stub {
  uuid: string;
  href?: string;
  name?: string;
  slug?: string;
}

export class CloudscaleApi {
  readonly http: ApiClient;

  constructor(readonly settings: CloudscaleSettings) {
    this.http = new ApiClient({
      api: "cloudscale",
      baseUrl: settings.apiUrl,
      // Per request, so the token lives only in this closure (never in errors or logs).
      authorize: () => ({ authorization: `Bearer ${settings.token}` }),
      timeoutMs: settings.requestTimeoutMs,
      retry: settings.retry,
    });
  }

  async get<T>(path: string): Promise<T> {
    return (await this.http.request<T>({ method: "GET", path })).body;
  }

  /** GET, or undefined on 404. */
  find<T>(path: string): Promise<T | undefined> {
    return unlessGone(this.get<T>(path));
  }

  /** Objects of a collection carrying our id tag. */
  async listByTag<T>(path: string, idTag: string): Promise<T[]> {
    return (await this.http.request<T[]>({ method: "GET", path, query: { [`tag:${ID_TAG}`]: idTag } })).body ?? [];
  }

  /** POST exactly once: after a failed attempt, adopt the object if the cloud made it anyway. */
  create<T>(path: string, body: Record<string, unknown>, idTag: string): Promise<T> {
    return createOrAdopt<T>({
      create: async () => (await this.http.request<T>({ method: "POST", path, body })).body,
      find: async () => (await this.listByTag<T>(path, idTag))[0],
      retry: this.settings.retry,
      settleMs: this.settings.requestTimeoutMs,
    });
  }

  /** POST of an action (e.g. /servers/<id>/stop); safe to repeat. */
  async action(path: string): Promise<void> {
    await this.http.request({ method: "POST", path, idempotent: true });
  }

  async patch(path: string, body: Record<string, unknown>): Promise<void> {
    await this.http.request({ method: "PATCH", path, body });
  }

  /** DELETE; an object already gone counts as deleted. */
  async delete(path: string): Promise<void> {
    await unlessGone(this.http.request({ method: "DELETE", path }));
  }

  /** Polls `path` until `done(object)`; bounded by waitTimeoutMs. */
  async waitFor<T>(path: string, what: string, done: (o: T) => boolean, describe: (o: T) => string): Promise<T> {
    const attempts = Math.max(1, Math.ceil(this.settings.waitTimeoutMs / this.settings.pollIntervalMs));
    let last = "";
    for (let i = 0; i < attempts; i++) {
      const o = await this.get<T>(path);
      if (done(o)) return o;
      last = describe(o);
      await sleep(this.settings.pollIntervalMs);
    }
    throw new Error(`cloudscale: ${what} not reached after ${this.settings.waitTimeoutMs} ms (last: ${last})`);
  }

  /** Polls until `path` answers 404 (deletion finished); bounded. */
  async waitGone(path: string, what: string): Promise<void> {
    const attempts = Math.max(1, Math.ceil(this.settings.waitTimeoutMs / this.settings.pollIntervalMs));
    for (let i = 0; i < attempts; i++) {
      if ((await this.find(path)) === undefined) return;
      await sleep(this.settings.pollIntervalMs);
    }
    throw new Error(`cloudscale: ${what} still exists ${this.settings.waitTimeoutMs} ms after DELETE`);
  }
}

let cached: { settings: CloudscaleSettings; api: CloudscaleApi } | undefined;

/** The client for the configured settings (throws the missing-token message if unset). */
export function api(): CloudscaleApi {
  const s = settings();
  if (cached?.settings !== s) cached = { settings: s, api: new CloudscaleApi(s) };
  return cached.api;
}

/** The API's tags: the user's plus our id tag. */
export function apiTags(tags: Tags | undefined, idTag: string): Tags {
  return { ...(tags ?? {}), [ID_TAG]: idTag };
}

/** The user's tags back from the API's (without our id tag). */
export function userTags(tags: Tags | undefined): Tags {
  const { [ID_TAG]: _id, ...rest } = tags ?? {};
  return rest;
}

/** Tags for read(): the user's tags as the API has them; absent when the program set none and there are none. */
export function readTags(previous: Tags | undefined, fromApi: Tags | undefined): Tags | undefined {
  const tags = userTags(fromApi);
  return previous === undefined && Object.keys(tags).length === 0 ? undefined : tags;
}

/** A path segment, escaped; ":" stays (IPv6 floating IPs are named by address: /floating-ips/2001:db8::1). */
export function seg(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":");
}
