// An in-memory Exoscale API v2 for tests: verifies EXO2-HMAC-SHA256 exactly as
// documented (403 otherwise), answers mutations with async operations
// (pending for N polls, then success with reference.id), wraps lists, and
// models managed elastic IPs: an EIP with a healthcheck attached to several
// instances is served by the attached instances the test marks healthy.
// SKS nodepools run in Instance Pools (manager "sks-nodepool") whose members
// are instances (manager "instance-pool") and get the pool's elastic IPs.
// Faults can be injected per route. Listens on 127.0.0.1 and [::1] (same port).
// An instance is "destroying" from its DELETE until the operation is done.
// A history (see History) records the instances and elastic IPs after every
// request that changed them; a health-checked EIP serves an attached instance
// while it is running (and the test did not mark it unhealthy), from
// `healthRiseMs` after the attach on (the healthcheck's strikesOk x interval). A
// second instance with an already leased fixed private address is refused.
import { randomUUID, timingSafeEqual } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpMethod } from "../../../components/clouds/http";
import { hmacBase64, parseAuthorization, signatureMessage, signedQueryArgs } from "../../../components/clouds/exoscale/signer";

type Json = Record<string, unknown>;

export interface FakeExoscaleOptions {
  /** API key -> secret. */
  keys?: Record<string, string>;
  /** Polls an operation stays pending (default 1). */
  pendingPolls?: number;
  /** Clock in UNIX seconds (tests of expiry). */
  now?: () => number;
  /** Changes answers on their way out: a deliberately wrong fake (the conformance suite's negative checks). */
  deviation?: Deviation;
  /** How long after its attach a managed EIP serves an instance (default 0: at once). */
  healthRiseMs?: number;
}

/** An answer as the fake is about to send it; a Deviation returns what to send instead (or undefined: unchanged). */
export interface Answer {
  method: string;
  /** After /v2, without the query. */
  path: string;
  status: number;
  body: unknown;
}
export type Deviation = (answer: Answer) => Pick<Answer, "status" | "body"> | undefined;

export type FaultKind = "429" | "500" | "slow" | "lost" | "operation-failure";

export interface Fault {
  /** "<METHOD> <path after /v2>", "*" matching one path segment part, e.g. "PUT /elastic-ip/*:attach". */
  route: string;
  kind: FaultKind;
  /** How many requests it hits (default 1). */
  times?: number;
  retryAfterSeconds?: number;
  /** For "slow": delay of the (normal) answer; the request itself takes effect at once. */
  delayMs?: number;
  /**
   * For "slow": instead of a delay, wait until the client has given up (its
   * connection closed), then make the change without answering: a server
   * slower than the client's timeout, whatever the machine's load.
   */
  untilAbandoned?: boolean;
  /** For "operation-failure". */
  reason?: string;
  message?: string;
}

/** The instances and elastic IPs after one change, as the history keeps them. */
export interface HistoryEntry {
  /** 1, 2, ...: the order of the changes. */
  seq: number;
  /** Date.now() when it was recorded. */
  at: number;
  /** The request that made the change, e.g. "PUT /elastic-ip/<id>:attach" (a GET where a poll finished a deletion). */
  request: string;
  instances: {
    id: string;
    name: string;
    state: string;
    elasticIps: string[];
    /** Running and not marked unhealthy. */
    healthy: boolean;
    /** The elastic IPs that send it traffic: attached, healthy, and (managed ones) risen. */
    serving: string[];
  }[];
  elasticIps: { id: string; managed: boolean }[];
}

interface Operation {
  id: string;
  state: "pending" | "success" | "failure";
  reference?: { id: string; link?: string; command?: string };
  reason?: string;
  message?: string;
}

interface Reply {
  status: number;
  body?: unknown;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const TEST_KEY = "EXOtest0123456789abcdef";
export const TEST_SECRET = "fake-secret-do-not-use";

export const INSTANCE_TYPES = [
  { id: "b6cd1ff5-3a2f-4e9d-a4d1-8988c1191fe8", family: "standard", size: "small", cpus: 2, memory: 2147483648 },
  { id: "b6e9d1e8-89fc-4db3-aaa4-9b4c5b1d0844", family: "standard", size: "medium", cpus: 2, memory: 4294967296 },
];
export const TEMPLATES = [{ id: "3a4f1ae2-6c1b-4b8c-9a6e-2a1f0f5c9d10", name: "Linux Ubuntu 24.04 LTS 64-bit", visibility: "public" }];
/** The template SKS gives its nodes (not listed among the public templates). */
export const SKS_NODE_TEMPLATE = "5e8f2c6a-1b7d-4c3e-9f0a-7d2b4e6c8a10";

const clone = <T>(x: T): T => structuredClone(x);

export class FakeExoscale {
  private servers: http.Server[] = [];
  port = 0;
  readonly keys: Record<string, string>;
  pendingPolls: number;
  private readonly now: () => number;

  private instances = new Map<string, Json>();
  private securityGroups = new Map<string, Json & { rules: Json[] }>();
  private antiAffinityGroups = new Map<string, Json>();
  private privateNetworks = new Map<string, Json & { leases: Json[] }>();
  private elasticIps = new Map<string, Json>();
  private sksClusters = new Map<string, Json & { nodepools: Json[] }>();
  /** Without `instances`: members are the instances whose manager is the pool. */
  private instancePools = new Map<string, Json & { "elastic-ips": Json[] }>();
  private operations = new Map<string, { op: Operation; pollsLeft: number; final: Operation["state"]; onDone?: () => void }>();
  private health = new Map<string, boolean>();
  private readonly healthRiseMs: number;
  /** "<instance>/<eip>" -> Date.now() of the attach. */
  private attachedAt = new Map<string, number>();
  private faults: (Fault & { left: number })[] = [];
  private counter = 0;
  /** Bumped by reset(): a request still in flight from before it changes nothing and is not logged. */
  private generation = 0;
  private readonly deviation?: Deviation;
  /** Every request answered (or dropped), in order. */
  readonly log: { method: string; path: string; status: number | "lost" }[] = [];
  /** The same requests with their JSON body (if any) and User-Agent (the conformance test compares bodies). */
  readonly requests: { method: string; path: string; status: number | "lost"; body?: unknown; userAgent?: string }[] = [];
  /** Every change of the instances or elastic IPs, in order (cleared by reset()). */
  readonly history: HistoryEntry[] = [];

  constructor(options: FakeExoscaleOptions = {}) {
    this.keys = options.keys ?? { [TEST_KEY]: TEST_SECRET };
    this.pendingPolls = options.pendingPolls ?? 1;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.deviation = options.deviation;
    this.healthRiseMs = options.healthRiseMs ?? 0;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/v2`;
  }

  get urlV6(): string {
    return `http://[::1]:${this.port}/v2`;
  }

  async start(port = 0): Promise<void> {
    // Same port on both loopbacks; a port taken on ::1 is retried a bounded number of times.
    for (let attempt = 0; attempt < 10; attempt++) {
      const v4 = await listen("127.0.0.1", port, this.handler);
      const p = (v4.address() as AddressInfo).port;
      try {
        const v6 = await listen("::1", p, this.handler);
        this.servers = [v4, v6];
        this.port = p;
        return;
      } catch (err) {
        await close(v4);
        if (port !== 0) throw err;
      }
    }
    throw new Error("fake exoscale: no port free on both 127.0.0.1 and ::1");
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map(close));
    this.servers = [];
  }

  reset(): void {
    for (const m of [this.instances, this.securityGroups, this.antiAffinityGroups, this.privateNetworks, this.elasticIps, this.sksClusters, this.instancePools, this.operations, this.health]) {
      m.clear();
    }
    this.faults = [];
    this.log.length = 0;
    this.requests.length = 0;
    this.history.length = 0;
    this.attachedAt.clear();
    this.generation++;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Faults not yet consumed. */
  pendingFaults(): Fault[] {
    return this.faults.filter((f) => f.left > 0);
  }

  setHealth(instanceId: string, healthy: boolean): void {
    this.health.set(instanceId, healthy);
  }

  /** Instances that currently receive the EIP's traffic: attached ones, and with a healthcheck only the healthy ones. */
  servedBy(eipId: string): string[] {
    const eip = this.elasticIps.get(eipId);
    if (!eip) return [];
    const attached = [...this.instances.values()].filter((i) => (i["elastic-ips"] as Json[]).some((e) => e.id === eipId)).map((i) => String(i.id));
    return eip.healthcheck ? attached.filter((id) => this.serves(this.instances.get(id)!, eip)) : attached;
  }

  /** Whether `eip` sends traffic to the attached instance `i`. */
  private serves(i: Json, eip: Json): boolean {
    if (!(i["elastic-ips"] as Json[]).some((e) => e.id === eip.id)) return false;
    if (!eip.healthcheck) return true;
    const since = this.attachedAt.get(`${String(i.id)}/${String(eip.id)}`) ?? 0;
    return this.healthy(i) && Date.now() - since >= this.healthRiseMs;
  }

  /** What a managed EIP's healthcheck sees: the instance runs (its guest would answer) unless the test said otherwise. */
  private healthy(i: Json): boolean {
    return i.state === "running" && this.health.get(String(i.id)) !== false;
  }

  /** Appends the instances' and elastic IPs' state if this request changed it. */
  private recordHistory(request: string): void {
    const instances = [...this.instances.values()].map((i) => ({
      id: String(i.id),
      name: String(i.name),
      state: String(i.state),
      elasticIps: (i["elastic-ips"] as Json[]).map((e) => String(e.id)),
      healthy: this.healthy(i),
      serving: [...this.elasticIps.values()].filter((e) => this.serves(i, e)).map((e) => String(e.id)),
    }));
    const elasticIps = [...this.elasticIps.values()].map((e) => ({ id: String(e.id), managed: e.healthcheck !== undefined }));
    const last = this.history[this.history.length - 1];
    if (last && JSON.stringify([last.instances, last.elasticIps]) === JSON.stringify([instances, elasticIps])) return;
    this.history.push({ seq: this.history.length + 1, at: Date.now(), request, instances, elasticIps });
  }

  /** Everything that exists, as the API would list it. */
  objects() {
    return clone({
      instances: [...this.instances.values()],
      securityGroups: [...this.securityGroups.values()],
      antiAffinityGroups: [...this.antiAffinityGroups.values()],
      privateNetworks: [...this.privateNetworks.values()],
      elasticIps: [...this.elasticIps.values()],
      sksClusters: [...this.sksClusters.values()],
      instancePools: [...this.instancePools.values()].map((p) => this.poolView(p)),
    });
  }

  /** Count of all resources (rules, nodepools, instance pools and their members included). */
  count(): number {
    const o = this.objects();
    return (
      o.instances.length + o.securityGroups.length + o.securityGroups.reduce((n, g) => n + g.rules.length, 0) + o.antiAffinityGroups.length +
      o.privateNetworks.length + o.elasticIps.length + o.sksClusters.length + o.sksClusters.reduce((n, c) => n + c.nodepools.length, 0) +
      o.instancePools.length
    );
  }

  // Test seams: change things behind the provider's back.
  deleteObject(kind: "instances" | "securityGroups" | "antiAffinityGroups" | "privateNetworks" | "elasticIps" | "sksClusters" | "instancePools", id: string): boolean {
    // Like the API: a deleted elastic IP or network is no longer linked to any instance (or pool).
    for (const i of this.instances.values()) {
      if (kind === "elasticIps") i["elastic-ips"] = (i["elastic-ips"] as Json[]).filter((e) => e.id !== id);
      if (kind === "privateNetworks") i["private-networks"] = (i["private-networks"] as Json[]).filter((p) => p.id !== id);
    }
    if (kind === "elasticIps") for (const p of this.instancePools.values()) p["elastic-ips"] = p["elastic-ips"].filter((e) => e.id !== id);
    if (kind === "instancePools") for (const m of this.members(id)) this.deleteInstance(String(m.id));
    return this[kind].delete(id);
  }

  /** `elastic-ips` in a pool's patch reaches its members, as through the API. */
  patchObject(kind: "instances" | "elasticIps" | "privateNetworks" | "instancePools", id: string, patch: Json): void {
    const o = this[kind].get(id);
    if (!o) throw new Error(`no ${kind} ${id}`);
    const { "elastic-ips": eips, ...rest } = patch;
    if (kind === "instancePools" && eips !== undefined) this.setPoolElasticIps(o as Json & { "elastic-ips": Json[] }, (eips as Json[]).map((e) => String(e.id)));
    Object.assign(o, kind === "instancePools" ? rest : patch);
  }

  private readonly handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void this.serve(req, res, Buffer.concat(chunks).toString("utf8")).catch((err: Error) => {
        if (!res.headersSent) send(res, 500, { message: `fake: ${err.message}` });
      });
    });
  };

  private async serve(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const method = req.method ?? "GET";
    const [rawPath, rawQuery = ""] = (req.url ?? "/").split("?", 2);
    const query = [...new URLSearchParams(rawQuery)] as [string, string][];
    const path = rawPath.replace(/^\/v2(?=\/|$)/, "") || "/";
    const generation = this.generation;
    const logged = { ...(rawBody ? { body: parseOrText(rawBody) } : {}), userAgent: req.headers["user-agent"] };
    const record = (status: number | "lost") => {
      this.log.push({ method, path, status });
      this.requests.push({ method, path, status, ...logged });
    };

    const denied = this.verify(req.headers.authorization, method, rawPath, query, rawBody);
    if (denied) {
      record(403);
      return send(res, 403, { message: denied });
    }

    const fault = this.takeFault(method, path);
    if (fault?.kind === "429") {
      record(429);
      return send(res, 429, { message: "Too many requests" }, { "retry-after": String(fault.retryAfterSeconds ?? 1) });
    }
    if (fault?.kind === "500") {
      record(500);
      return send(res, 500, { message: "Internal server error (injected)" });
    }

    if (fault?.kind === "slow" && fault.untilAbandoned) {
      await new Promise((r) => res.once("close", r));
      // A request of an earlier test (reset since): it must not reach this test's state or log.
      if (generation !== this.generation) return void req.socket.destroy();
    }

    let reply: Reply;
    try {
      if (!rawPath.startsWith("/v2/")) throw new HttpError(404, `no such endpoint: ${rawPath}`);
      const body = rawBody ? (JSON.parse(rawBody) as Json) : {};
      reply = fault?.kind === "operation-failure" ? this.failedOperation(fault) : this.route(method, path, query, body);
    } catch (err) {
      reply = err instanceof HttpError ? { status: err.status, body: { message: err.message } } : { status: 400, body: { message: (err as Error).message } };
    }
    this.recordHistory(`${method} ${path}`);
    if (fault?.kind === "lost") {
      // The change happened; the answer never arrives.
      record("lost");
      req.socket.destroy();
      return;
    }
    const deviated = this.deviation?.({ method, path: path.split("?")[0], status: reply.status, body: reply.body });
    if (deviated) reply = deviated;
    record(reply.status);
    // The change happens before a slow answer, as with a lost one: the client cannot tell.
    // (Delaying the change instead made it land after the test, in the next one's state.)
    if (fault?.kind === "slow" && !fault.untilAbandoned) await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
    send(res, reply.status, reply.body);
  }

  /** Why the request is not authentic, or undefined when it is. */
  verify(header: string | undefined, method: string, rawPath: string, query: [string, string][], body: string): string | undefined {
    const auth = parseAuthorization(header);
    if (!auth) return "missing or malformed EXO2-HMAC-SHA256 Authorization header (credential, expires and signature are required)";
    const secret = this.keys[auth.credential];
    if (secret === undefined) return "invalid API key";
    if (auth.expires < this.now()) return "request expired";
    if (auth.signedQueryArgs.join(";") !== signedQueryArgs(query).join(";")) return "signed-query-args do not match the query";
    const expected = hmacBase64(secret, signatureMessage({ method: method as HttpMethod, path: rawPath, query, body }, auth.expires));
    const a = Buffer.from(expected);
    const b = Buffer.from(auth.signature);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return "invalid request signature";
    return undefined;
  }

  private takeFault(method: string, path: string): (Fault & { left: number }) | undefined {
    const f = this.faults.find((x) => x.left > 0 && routeMatches(x.route, method, path));
    if (f) f.left--;
    return f;
  }

  /** An async operation; `onDone` runs when it succeeds (at once without pending polls). */
  private operation(referenceId: string, final: Operation["state"] = "success", extra: Partial<Operation> = {}, onDone?: () => void): Reply {
    const op: Operation = { id: randomUUID(), state: this.pendingPolls > 0 ? "pending" : final, reference: { id: referenceId }, ...extra };
    if (final !== "success") delete op.reference;
    this.operations.set(op.id, { op, pollsLeft: this.pendingPolls, final, onDone });
    if (op.state === "success") onDone?.();
    return { status: 200, body: clone(op) };
  }

  private failedOperation(f: Fault): Reply {
    return this.operation("", "failure", { reason: f.reason ?? "incorrect", message: f.message ?? "operation failed (injected)" });
  }

  private pollOperation(id: string): Reply {
    const entry = this.operations.get(id);
    if (!entry) throw new HttpError(404, `operation ${id} not found`);
    if (entry.pollsLeft > 0) entry.pollsLeft--;
    else entry.op.state = entry.final;
    if (entry.pollsLeft === 0 && entry.op.state === "pending") entry.op.state = entry.final;
    if (entry.op.state === "success" && entry.onDone) {
      entry.onDone();
      entry.onDone = undefined;
    }
    return { status: 200, body: clone(entry.op) };
  }

  private nextN(): number {
    return ++this.counter;
  }

  private route(method: string, path: string, query: [string, string][], body: Json): Reply {
    const seg = path.split("/").filter(Boolean);
    const [collection, idAction, sub, subId] = seg;
    const [id, action] = (idAction ?? "").split(":", 2);
    const key = `${method} ${collection}${id ? "/{id}" : ""}${action ? `:${action}` : ""}${sub ? `/${sub}` : ""}${subId ? "/{sub}" : ""}`;
    switch (key) {
      case "GET operation/{id}":
        return this.pollOperation(id);
      case "GET zone":
        return ok({ zones: ["ch-gva-2", "ch-dk-2", "de-fra-1", "de-muc-1", "at-vie-1", "at-vie-2", "bg-sof-1"].map((name) => ({ name })) });
      case "GET instance-type":
        return ok({ "instance-types": INSTANCE_TYPES });
      case "GET template": {
        const visibility = query.find(([k]) => k === "visibility")?.[1] ?? "public";
        return ok({ templates: TEMPLATES.filter((t) => t.visibility === visibility) });
      }

      case "GET instance": {
        // list-instances filters by manager-id (and manager-type "instance-pool").
        const managerId = query.find(([k]) => k === "manager-id")?.[1];
        const managerType = query.find(([k]) => k === "manager-type")?.[1];
        const all = [...this.instances.values()].filter(
          (i) => (!managerId || (i.manager as Json | undefined)?.id === managerId) && (!managerType || (i.manager as Json | undefined)?.type === managerType),
        );
        return ok({ instances: all.map(instanceListView) });
      }
      case "POST instance":
        return this.createInstance(body);
      case "GET instance/{id}": {
        const i = this.get(this.instances, id, "instance");
        // Starting on the first look, running from then on.
        const view = instanceView(i);
        if (i.state === "starting") i.state = "running";
        return ok(view);
      }
      case "PUT instance/{id}": {
        const i = this.get(this.instances, id, "instance");
        for (const k of ["name", "labels", "public-ip-assignment", "user-data"]) if (body[k] !== undefined) i[k] = body[k];
        if (body["user-data"] !== undefined) checkUserData(body["user-data"]);
        this.assignIps(i);
        return this.operation(id);
      }
      case "PUT instance/{id}:resize-disk": {
        const i = this.get(this.instances, id, "instance");
        const size = body["disk-size"];
        if (typeof size !== "number" || size <= (i["disk-size"] as number) || size > 51200) throw new HttpError(400, "disk-size must grow and be <= 51200");
        i["disk-size"] = size;
        return this.operation(id);
      }
      case "DELETE instance/{id}": {
        const i = this.get(this.instances, id, "instance");
        // Destroying until the operation is done, as the API shows it; its elastic IPs stop at once.
        i.state = "destroying";
        return this.operation(id, "success", {}, () => this.deleteInstance(id));
      }

      case "GET security-group":
        return ok({ "security-groups": [...this.securityGroups.values()].map(({ rules: _r, ...g }) => g) });
      case "POST security-group": {
        requireString(body, "name");
        if ([...this.securityGroups.values()].some((g) => g.name === body.name)) throw new HttpError(409, `security group name ${String(body.name)} already in use`);
        const g = { id: randomUUID(), name: body.name, ...(body.description ? { description: body.description } : {}), rules: [] as Json[] };
        this.securityGroups.set(g.id, g);
        return this.operation(g.id);
      }
      case "GET security-group/{id}":
        return ok(this.get(this.securityGroups, id, "security group"));
      case "DELETE security-group/{id}": {
        this.get(this.securityGroups, id, "security group");
        if ([...this.instances.values()].some((i) => (i["security-groups"] as Json[]).some((g) => g.id === id))) throw new HttpError(409, "security group in use");
        this.securityGroups.delete(id);
        return this.operation(id);
      }
      case "POST security-group/{id}/rules": {
        const g = this.get(this.securityGroups, id, "security group");
        const source = (body["security-group"] as Json | undefined)?.id;
        if (typeof source === "string") this.get(this.securityGroups, source, "source security group");
        g.rules.push(validateRule(body));
        return this.operation(id); // like the API: the reference is the group
      }
      case "DELETE security-group/{id}/rules/{sub}": {
        const g = this.get(this.securityGroups, id, "security group");
        const before = g.rules.length;
        g.rules = g.rules.filter((r) => r.id !== subId);
        if (g.rules.length === before) throw new HttpError(404, `rule ${subId} not found`);
        return this.operation(id);
      }

      case "GET anti-affinity-group":
        return ok({ "anti-affinity-groups": [...this.antiAffinityGroups.values()] });
      case "POST anti-affinity-group": {
        requireString(body, "name");
        if ([...this.antiAffinityGroups.values()].some((g) => g.name === body.name)) throw new HttpError(409, `anti-affinity group name ${String(body.name)} already in use`);
        const g = { id: randomUUID(), name: body.name, ...(body.description ? { description: body.description } : {}) };
        this.antiAffinityGroups.set(g.id, g);
        return this.operation(g.id);
      }
      case "GET anti-affinity-group/{id}": {
        const g = this.get(this.antiAffinityGroups, id, "anti-affinity group");
        const members = [...this.instances.values()].filter((i) => (i["anti-affinity-groups"] as Json[]).some((a) => a.id === id)).map((i) => ({ id: i.id }));
        return ok({ ...g, instances: members });
      }
      case "DELETE anti-affinity-group/{id}": {
        this.get(this.antiAffinityGroups, id, "anti-affinity group");
        if ([...this.instances.values()].some((i) => (i["anti-affinity-groups"] as Json[]).some((a) => a.id === id))) throw new HttpError(409, "anti-affinity group in use");
        this.antiAffinityGroups.delete(id);
        return this.operation(id);
      }

      case "GET private-network":
        return ok({ "private-networks": [...this.privateNetworks.values()] });
      case "POST private-network": {
        requireString(body, "name");
        const n = { id: randomUUID(), vni: this.nextN(), leases: [] as Json[], ...pickKeys(body, ["name", "description", "netmask", "start-ip", "end-ip", "labels"]) };
        this.privateNetworks.set(n.id, n);
        return this.operation(n.id);
      }
      case "GET private-network/{id}":
        return ok(this.get(this.privateNetworks, id, "private network"));
      case "PUT private-network/{id}": {
        const n = this.get(this.privateNetworks, id, "private network");
        Object.assign(n, pickKeys(body, ["name", "description", "netmask", "start-ip", "end-ip", "labels"]));
        return this.operation(id);
      }
      case "DELETE private-network/{id}": {
        const n = this.get(this.privateNetworks, id, "private network");
        if (n.leases.length || [...this.instances.values()].some((i) => (i["private-networks"] as Json[]).some((p) => p.id === id))) {
          throw new HttpError(409, "private network has attached instances");
        }
        this.privateNetworks.delete(id);
        return this.operation(id);
      }
      case "PUT private-network/{id}:attach":
      case "PUT private-network/{id}:detach": {
        const n = this.get(this.privateNetworks, id, "private network");
        const i = this.get(this.instances, instanceRef(body), "instance");
        const links = i["private-networks"] as Json[];
        const linked = links.some((p) => p.id === id);
        if (action === "attach") {
          if (linked) throw new HttpError(409, "instance already attached to this private network");
          if (typeof body.ip === "string" && n.leases.some((l) => l.ip === body.ip)) throw new HttpError(409, `ip ${body.ip} is already leased on this private network`);
          links.push({ id, "mac-address": mac(this.nextN()) });
          if (n.netmask) n.leases.push({ "instance-id": i.id, ip: typeof body.ip === "string" ? body.ip : `10.0.0.${10 + n.leases.length}` });
        } else {
          if (!linked) throw new HttpError(409, "instance not attached to this private network");
          i["private-networks"] = links.filter((p) => p.id !== id);
          n.leases = n.leases.filter((l) => l["instance-id"] !== i.id);
        }
        return this.operation(id);
      }

      case "GET elastic-ip":
        return ok({ "elastic-ips": [...this.elasticIps.values()] });
      case "POST elastic-ip":
        return this.createElasticIp(body);
      case "GET elastic-ip/{id}":
        return ok(this.get(this.elasticIps, id, "elastic IP"));
      case "PUT elastic-ip/{id}": {
        const e = this.get(this.elasticIps, id, "elastic IP");
        if (body.healthcheck !== undefined) e.healthcheck = validateHealthcheck(body.healthcheck);
        for (const k of ["description", "labels"]) if (body[k] !== undefined) e[k] = body[k];
        return this.operation(id);
      }
      case "DELETE elastic-ip/{id}": {
        this.get(this.elasticIps, id, "elastic IP");
        if (this.attachedTo(id).length) throw new HttpError(409, "elastic IP is attached to instances");
        if ([...this.instancePools.values()].some((p) => p["elastic-ips"].some((e) => e.id === id))) throw new HttpError(409, "elastic IP is attached to an instance pool");
        this.elasticIps.delete(id);
        return this.operation(id);
      }
      case "PUT elastic-ip/{id}:attach":
      case "PUT elastic-ip/{id}:detach": {
        const e = this.get(this.elasticIps, id, "elastic IP");
        const i = this.get(this.instances, instanceRef(body), "instance");
        const links = i["elastic-ips"] as Json[];
        const linked = links.some((x) => x.id === id);
        if (action === "attach") {
          if (linked) throw new HttpError(409, "elastic IP already attached to this instance");
          if (e.addressfamily === "inet6" && !i["ipv6-address"]) throw new HttpError(400, "an inet6 elastic IP needs an instance with public IPv6 (public-ip-assignment dual)");
          if (e.addressfamily === "inet4" && !i["public-ip"]) throw new HttpError(400, "an inet4 elastic IP needs an instance with a public IPv4 address");
          links.push({ id, ip: e.ip });
          this.attachedAt.set(`${String(i.id)}/${id}`, Date.now());
        } else {
          if (!linked) throw new HttpError(409, "elastic IP not attached to this instance");
          i["elastic-ips"] = links.filter((x) => x.id !== id);
        }
        return this.operation(id);
      }

      case "GET instance-pool":
        return ok({ "instance-pools": [...this.instancePools.values()].map((p) => this.poolView(p)) });
      case "GET instance-pool/{id}":
        return ok(this.poolView(this.get(this.instancePools, id, "instance pool")));
      case "PUT instance-pool/{id}": {
        const p = this.get(this.instancePools, id, "instance pool");
        // An update without `elastic-ips` clears them (why Exoscale's Terraform
        // provider always resends the list).
        const list = body["elastic-ips"] ?? [];
        if (!Array.isArray(list)) throw new HttpError(400, "elastic-ips must be a list of {id}");
        const ids = [...new Set(list.map((e) => String((e as Json | null)?.id)))];
        for (const eipId of ids) {
          const e = this.elasticIps.get(eipId);
          if (!e) throw new HttpError(400, `elastic IP ${eipId} not found`);
          if (e.addressfamily === "inet6" && p["public-ip-assignment"] !== "dual") {
            throw new HttpError(400, "an inet6 elastic IP needs instances with public IPv6 (public-ip-assignment dual)");
          }
          if (e.addressfamily === "inet4" && p["public-ip-assignment"] === "none") throw new HttpError(400, "an inet4 elastic IP needs instances with a public IPv4 address");
        }
        for (const k of ["name", "description", "labels"]) if (body[k] !== undefined) p[k] = body[k];
        this.setPoolElasticIps(p, ids);
        return this.operation(id);
      }

      case "GET sks-cluster":
        return ok({ "sks-clusters": [...this.sksClusters.values()].map(sksClusterView) });
      case "POST sks-cluster":
        return this.createSksCluster(body);
      case "GET sks-cluster/{id}":
        return ok(sksClusterView(this.get(this.sksClusters, id, "SKS cluster")));
      case "PUT sks-cluster/{id}": {
        const s = this.get(this.sksClusters, id, "SKS cluster");
        Object.assign(s, pickKeys(body, ["name", "description", "labels"]));
        return this.operation(id);
      }
      // Like the API (egoscale v3 UpgradeSKSCluster): /upgrade is a sub-path, not a `:action`.
      case "PUT sks-cluster/{id}/upgrade": {
        const s = this.get(this.sksClusters, id, "SKS cluster");
        requireString(body, "version");
        s.version = body.version;
        return this.operation(id);
      }
      case "DELETE sks-cluster/{id}": {
        const s = this.get(this.sksClusters, id, "SKS cluster");
        if (s.nodepools.length) throw new HttpError(409, "SKS cluster still has nodepools");
        this.sksClusters.delete(id);
        return this.operation(id);
      }
      case "POST sks-cluster-kubeconfig/{id}": {
        // Synchronous (no operation): {user, groups, ttl?} -> {kubeconfig: <base64>}, pointing at the cluster's endpoint.
        const s = this.get(this.sksClusters, id, "SKS cluster");
        requireString(body, "user");
        const groups = body.groups;
        if (!Array.isArray(groups) || !groups.every((g) => typeof g === "string")) throw new HttpError(400, "groups is required (a list of strings)");
        const ttl = body.ttl;
        if (ttl !== undefined && (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl <= 0)) throw new HttpError(400, "ttl must be a positive integer");
        return ok({ kubeconfig: Buffer.from(fakeKubeconfig(String(s.name), String(s.endpoint), String(body.user))).toString("base64") });
      }
      case "POST sks-cluster/{id}/nodepool": {
        const s = this.get(this.sksClusters, id, "SKS cluster");
        requireString(body, "name");
        const disk = body["disk-size"];
        if (typeof disk !== "number" || disk < 20 || disk > 51200) throw new HttpError(400, "disk-size must be in 20..51200");
        if (!INSTANCE_TYPES.some((t) => t.id === (body["instance-type"] as Json | undefined)?.id)) throw new HttpError(400, "unknown instance-type");
        const pia = body["public-ip-assignment"] ?? "inet4";
        if (pia !== "inet4" && pia !== "dual") throw new HttpError(400, "public-ip-assignment must be inet4 or dual");
        const size = body.size;
        if (typeof size !== "number" || !Number.isInteger(size) || size < 0) throw new HttpError(400, "size must be an integer >= 0");
        const groups = {
          "security-groups": this.refs(body, "security-groups", this.securityGroups, "security group"),
          "anti-affinity-groups": this.refs(body, "anti-affinity-groups", this.antiAffinityGroups, "anti-affinity group"),
        };
        const n: Json = { id: randomUUID(), state: "running", ...pickKeys(body, ["name", "size", "disk-size", "instance-type", "labels"]), "public-ip-assignment": pia, ...groups };
        n["instance-pool"] = { id: this.createPool(n) };
        s.nodepools.push(n);
        return this.operation(String(n.id));
      }
      case "DELETE sks-cluster/{id}/nodepool/{sub}": {
        const s = this.get(this.sksClusters, id, "SKS cluster");
        const n = s.nodepools.find((x) => x.id === subId);
        if (!n) throw new HttpError(404, `nodepool ${subId} not found`);
        s.nodepools = s.nodepools.filter((x) => x !== n);
        // Its Instance Pool and the pool's members go with it.
        const pool = (n["instance-pool"] as Json | undefined)?.id;
        if (pool) this.deleteObject("instancePools", String(pool));
        return this.operation(subId);
      }
    }
    // Nodepool paths with an action carry it on the last segment.
    const np = /^sks-cluster\/([^/]+)\/nodepool\/([^/:]+)(?::(scale))?$/.exec(seg.join("/"));
    if (method === "PUT" && np) {
      const s = this.get(this.sksClusters, np[1], "SKS cluster");
      const n = s.nodepools.find((x) => x.id === np[2]);
      if (!n) throw new HttpError(404, `nodepool ${np[2]} not found`);
      const pool = this.instancePools.get(String((n["instance-pool"] as Json | undefined)?.id));
      if (np[3] === "scale") {
        if (typeof body.size !== "number" || !Number.isInteger(body.size) || body.size < 0) throw new HttpError(400, "size must be an integer >= 0");
        n.size = body.size;
        if (pool) this.scalePool(pool, body.size);
      } else {
        Object.assign(n, pickKeys(body, ["name", "description", "labels"]));
        // Group changes reach the pool; security groups also its members,
        // anti-affinity groups only new members (placement is fixed).
        for (const [k, map, what] of [["security-groups", this.securityGroups, "security group"], ["anti-affinity-groups", this.antiAffinityGroups, "anti-affinity group"]] as const) {
          if (body[k] === undefined) continue;
          n[k] = this.refs(body, k, map, what);
          if (pool) pool[k] = clone(n[k]);
          if (pool && k === "security-groups") for (const m of this.members(String(pool.id))) m[k] = clone(n[k]);
        }
      }
      return this.operation(np[2]);
    }
    throw new HttpError(404, `no such endpoint: ${method} /v2${path}`);
  }

  private get<T>(map: Map<string, T>, id: string, what: string): T {
    const x = map.get(id);
    if (!x) throw new HttpError(404, `${what} ${id} not found`);
    return x;
  }

  private attachedTo(eipId: string): Json[] {
    return [...this.instances.values()].filter((i) => (i["elastic-ips"] as Json[]).some((e) => e.id === eipId));
  }

  private deleteInstance(id: string): void {
    this.instances.delete(id);
    for (const pn of this.privateNetworks.values()) pn.leases = pn.leases.filter((l) => l["instance-id"] !== id);
    this.health.delete(id);
  }

  /** `{id}` references in `body[key]` that must exist in `map` (400 otherwise). */
  private refs(body: Json, key: string, map: Map<string, unknown>, what: string): Json[] {
    const list = (body[key] as Json[] | undefined) ?? [];
    if (!Array.isArray(list)) throw new HttpError(400, `${key} must be a list of {id}`);
    for (const r of list) if (!map.has(String(r?.id))) throw new HttpError(400, `${what} ${String(r?.id)} not found`);
    return list.map((r) => ({ id: r.id }));
  }

  private members(poolId: string): Json[] {
    return [...this.instances.values()].filter((i) => (i.manager as Json | undefined)?.id === poolId);
  }

  private poolView(p: Json): Json {
    return { ...clone(p), instances: this.members(String(p.id)).map((i) => ({ id: i.id })) };
  }

  /** The Instance Pool SKS creates for a nodepool, with `size` members. */
  private createPool(nodepool: Json): string {
    const id = randomUUID();
    const pool = {
      id,
      name: `nodepool-${String(nodepool.name)}-${id.slice(0, 5)}`,
      state: "running",
      size: 0,
      "instance-prefix": "pool",
      "instance-type": clone(nodepool["instance-type"]),
      template: { id: SKS_NODE_TEMPLATE },
      "disk-size": nodepool["disk-size"],
      "public-ip-assignment": nodepool["public-ip-assignment"],
      "security-groups": clone(nodepool["security-groups"]),
      "anti-affinity-groups": clone(nodepool["anti-affinity-groups"]),
      "private-networks": [],
      "elastic-ips": [] as Json[],
      manager: { id: nodepool.id, type: "sks-nodepool" },
    };
    this.instancePools.set(id, pool);
    this.scalePool(pool, Number(nodepool.size));
    return id;
  }

  /** Adds members (named like the API's "pool-e3c21-fbkfc", with the pool's EIPs) or removes the newest. */
  private scalePool(pool: Json & { "elastic-ips": Json[] }, size: number): void {
    pool.size = size;
    const members = this.members(String(pool.id)).sort((a, b) => Number(a.n) - Number(b.n));
    for (const m of members.slice(size)) this.deleteInstance(String(m.id));
    for (let k = members.length; k < size; k++) {
      const n = this.nextN();
      const type = INSTANCE_TYPES.find((t) => t.id === (pool["instance-type"] as Json | undefined)?.id);
      const suffix = Array.from({ length: 5 }, (_, j) => String.fromCharCode(97 + ((n * 7 + j * 11) % 26))).join("");
      const i: Json = {
        id: randomUUID(),
        n,
        name: `${String(pool["instance-prefix"])}-${String(pool.id).slice(0, 5)}-${suffix}`,
        state: "running",
        "disk-size": pool["disk-size"],
        "instance-type": type ? { id: type.id, family: type.family, size: type.size } : clone(pool["instance-type"]),
        template: clone(pool.template),
        "public-ip-assignment": pool["public-ip-assignment"],
        "security-groups": clone(pool["security-groups"]),
        "anti-affinity-groups": clone(pool["anti-affinity-groups"]),
        "ssh-keys": [],
        labels: {},
        "private-networks": [],
        "elastic-ips": pool["elastic-ips"].map((e) => ({ id: e.id, ip: this.elasticIps.get(String(e.id))?.ip })),
        manager: { id: pool.id, type: "instance-pool" },
        "created-at": new Date().toISOString(),
      };
      this.assignIps(i);
      this.instances.set(String(i.id), i);
    }
  }

  /** The pool's list, and on every member: the old pool EIPs off, the new ones on (EIPs attached directly stay). */
  private setPoolElasticIps(pool: Json & { "elastic-ips": Json[] }, ids: string[]): void {
    const old = new Set(pool["elastic-ips"].map((e) => String(e.id)));
    pool["elastic-ips"] = ids.map((id) => ({ id }));
    for (const m of this.members(String(pool.id))) {
      const kept = (m["elastic-ips"] as Json[]).filter((e) => !old.has(String(e.id)) || ids.includes(String(e.id)));
      const added = ids.filter((id) => !kept.some((e) => e.id === id)).map((id) => ({ id, ip: this.elasticIps.get(id)?.ip }));
      m["elastic-ips"] = [...kept, ...added];
    }
  }

  private assignIps(i: Json): void {
    const pia = i["public-ip-assignment"];
    const n = Number(i.n);
    i["public-ip"] = pia === "none" ? undefined : `203.0.113.${n % 250 + 1}`;
    i["ipv6-address"] = pia === "dual" ? `2001:db8:1::${n.toString(16)}` : undefined;
  }

  private createInstance(body: Json): Reply {
    const disk = body["disk-size"];
    if (typeof disk !== "number" || !Number.isInteger(disk) || disk < 10 || disk > 51200) throw new HttpError(400, "disk-size must be an integer in 10..51200");
    const type = INSTANCE_TYPES.find((t) => t.id === (body["instance-type"] as Json | undefined)?.id);
    if (!type) throw new HttpError(400, "instance-type: unknown id");
    if (!TEMPLATES.some((t) => t.id === (body.template as Json | undefined)?.id)) throw new HttpError(400, "template: unknown id");
    const pia = body["public-ip-assignment"] ?? "inet4";
    if (!["inet4", "dual", "none"].includes(String(pia))) throw new HttpError(400, "public-ip-assignment must be inet4, dual or none");
    if (body["user-data"] !== undefined) checkUserData(body["user-data"]);
    const refs = (k: string, map: Map<string, unknown>, what: string) => this.refs(body, k, map, what);
    const n = this.nextN();
    const i: Json = {
      id: randomUUID(),
      n,
      name: body.name ?? `vm-${n}`,
      state: "starting",
      "disk-size": disk,
      "instance-type": { id: type.id, family: type.family, size: type.size },
      template: { id: (body.template as Json).id },
      "public-ip-assignment": pia,
      "security-groups": refs("security-groups", this.securityGroups, "security group"),
      "anti-affinity-groups": refs("anti-affinity-groups", this.antiAffinityGroups, "anti-affinity group"),
      "ssh-keys": ((body["ssh-keys"] as Json[] | undefined) ?? []).map((k) => ({ name: k.name })),
      labels: body.labels ?? {},
      "private-networks": [],
      "elastic-ips": [],
      "created-at": new Date().toISOString(),
      ...(body["user-data"] ? { "user-data": body["user-data"] } : {}),
    };
    this.assignIps(i);
    this.instances.set(String(i.id), i);
    return this.operation(String(i.id));
  }

  private createElasticIp(body: Json): Reply {
    const family = body.addressfamily ?? "inet4";
    if (family !== "inet4" && family !== "inet6") throw new HttpError(400, "addressfamily must be inet4 or inet6");
    const n = this.nextN();
    const e: Json = {
      id: randomUUID(),
      addressfamily: family,
      ip: family === "inet4" ? `198.51.100.${n % 250 + 1}` : `2001:db8:ee::${n.toString(16)}`,
      cidr: family === "inet4" ? `198.51.100.${n % 250 + 1}/32` : `2001:db8:ee::${n.toString(16)}/128`,
      ...pickKeys(body, ["description", "labels"]),
      ...(body.healthcheck !== undefined ? { healthcheck: validateHealthcheck(body.healthcheck) } : {}),
    };
    this.elasticIps.set(String(e.id), e);
    return this.operation(String(e.id));
  }

  private createSksCluster(body: Json): Reply {
    for (const k of ["name", "level", "version"]) requireString(body, k);
    if (!["starter", "pro"].includes(String(body.level))) throw new HttpError(400, "level must be starter or pro");
    if (body.cni !== undefined && !["calico", "cilium"].includes(String(body.cni))) throw new HttpError(400, "cni must be calico or cilium");
    const net = body.networking as Json | undefined;
    for (const k of ["cluster-cidr", "service-cluster-ip-range"]) {
      const v = net?.[k];
      if (v !== undefined && (typeof v !== "string" || v.split(",").length > 2)) throw new HttpError(400, `networking.${k}: max two comma-separated CIDRs`);
    }
    const id = randomUUID();
    const s = { id, state: "running", endpoint: `https://${id}.sks-ch-gva-2.exo.io:443`, nodepools: [] as Json[], ...pickKeys(body, ["name", "description", "level", "version", "cni", "networking", "labels"]) };
    this.sksClusters.set(id, s);
    return this.operation(id);
  }
}

/** An instance as GET /instance/{id} answers: without the fake's own counter `n`. */
function instanceView({ n: _n, ...rest }: Json): Json {
  return clone(rest);
}

/**
 * An instance in GET /instance: the API's list shows fewer fields than GET
 * /instance/{id} (egoscale v3 ListInstancesResponseInstances: no disk-size,
 * user-data, elastic-ips, anti-affinity-groups).
 */
const INSTANCE_LIST_FIELDS = [
  "created-at", "id", "instance-type", "ipv6-address", "labels", "mac-address", "manager", "name", "private-networks",
  "public-ip", "public-ip-assignment", "security-groups", "ssh-key", "ssh-keys", "state", "template",
];
function instanceListView(i: Json): Json {
  return pickKeys(i, INSTANCE_LIST_FIELDS);
}

/**
 * An SKS cluster as the API answers GET: without `networking`, which only the
 * create request takes (egoscale v3: CreateSKSClusterRequest has it, the
 * SKSCluster schema does not). objects() still shows what it was created with.
 */
function sksClusterView({ networking: _n, ...rest }: Json): Json {
  return rest;
}

/** A kubeconfig as SKS issues it: the cluster's endpoint and a client certificate (fake PEM) for the user. */
function fakeKubeconfig(cluster: string, server: string, user: string): string {
  const pem = (what: string) => Buffer.from(`-----BEGIN ${what}-----\nZmFrZQ==\n-----END ${what}-----\n`).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${cluster}`,
    "  cluster:",
    `    certificate-authority-data: ${pem("CERTIFICATE")}`,
    `    server: ${server}`,
    "contexts:",
    `- name: ${user}@${cluster}`,
    "  context:",
    `    cluster: ${cluster}`,
    `    user: ${user}`,
    `current-context: ${user}@${cluster}`,
    "users:",
    `- name: ${user}`,
    "  user:",
    `    client-certificate-data: ${pem("CERTIFICATE")}`,
    `    client-key-data: ${pem("PRIVATE KEY")}`,
    "",
  ].join("\n");
}

function parseOrText(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function ok(body: unknown): Reply {
  return { status: 200, body: clone(body) };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function routeMatches(route: string, method: string, path: string): boolean {
  const [m, p] = route.split(" ", 2);
  if (m !== method && m !== "*") return false;
  const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/:]+")}$`);
  return re.test(path);
}

function requireString(body: Json, key: string): void {
  if (typeof body[key] !== "string" || !(body[key] as string).length) throw new HttpError(400, `${key} is required`);
}

function pickKeys(body: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, clone(body[k])]));
}

function instanceRef(body: Json): string {
  const id = (body.instance as Json | undefined)?.id;
  if (typeof id !== "string") throw new HttpError(400, "instance.id is required");
  return id;
}

function mac(n: number): string {
  return `06:00:00:00:${((n >> 8) & 255).toString(16).padStart(2, "0")}:${(n & 255).toString(16).padStart(2, "0")}`;
}

function checkUserData(v: unknown): void {
  if (typeof v !== "string" || !v.length || v.length > 32768) throw new HttpError(400, "user-data must be base64 of 1..32768 characters");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new HttpError(400, "user-data must be base64");
}

function validateHealthcheck(h: unknown): Json {
  const x = (h ?? {}) as Json;
  const int = (k: string, min: number, max: number, def?: number) => {
    const v = x[k] ?? def;
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new HttpError(400, `healthcheck.${k} must be in ${min}..${max}`);
    return v;
  };
  if (!["tcp", "http", "https"].includes(String(x.mode))) throw new HttpError(400, "healthcheck.mode must be tcp, http or https");
  const port = int("port", 1, 65535);
  if (port === undefined) throw new HttpError(400, "healthcheck.port is required");
  return {
    mode: x.mode,
    port,
    ...(x.uri ? { uri: x.uri } : {}),
    interval: int("interval", 5, 300, 10),
    timeout: int("timeout", 2, 60, 2),
    "strikes-ok": int("strikes-ok", 1, 20, 2),
    "strikes-fail": int("strikes-fail", 1, 20, 3),
  };
}

function validateRule(body: Json): Json {
  if (!["ingress", "egress"].includes(String(body["flow-direction"]))) throw new HttpError(400, "flow-direction must be ingress or egress");
  const protocol = String(body.protocol);
  if (!["tcp", "udp", "icmp", "icmpv6", "esp", "gre", "ah", "ipip"].includes(protocol)) throw new HttpError(400, "protocol invalid");
  const net = body.network;
  const source = body["security-group"] as Json | undefined;
  // A rule matches a network or a security group's members (by id, or a public group by name).
  if ((net === undefined) === (source === undefined)) throw new HttpError(400, "a rule needs exactly one of network and security-group");
  if (source !== undefined && typeof source.id !== "string" && typeof source.name !== "string") throw new HttpError(400, "security-group needs an id or a name");
  if (protocol === "icmpv6" && typeof net === "string" && !net.includes(":")) throw new HttpError(400, "icmpv6 needs an IPv6 network");
  if ((protocol === "icmp" || protocol === "icmpv6") && !body.icmp) throw new HttpError(400, "icmp type and code are required");
  return { id: randomUUID(), ...pickKeys(body, ["flow-direction", "protocol", "network", "security-group", "start-port", "end-port", "icmp", "description"]) };
}

function listen(host: string, port: number, handler: http.RequestListener): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.keepAliveTimeout = 1000;
    server.once("error", reject);
    server.listen({ host, port, ipv6Only: host === "::1" }, () => resolve(server));
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
