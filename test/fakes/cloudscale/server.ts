// A local stand-in for the cloudscale.ch API v1, following the documented
// behaviour (see ../shared/reference/swiss-cloud-apis.md and cloudscale's Go
// SDK / terraform provider): bearer auth, bare JSON arrays, `?tag:k=v`
// filters, POST 201 with the object, PATCH/DELETE 204, 404 `{"detail": "Not
// found."}`, flat per-field 400 errors, servers and load balancers `changing`
// -> `running` after a few polls, deletions that take a few polls, one change
// at a time per load balancer. Plus injectable faults per route and a minimal
// OpenStack-style metadata endpoint for the failover script.
//
// A PATCH changes one attribute (see ATOMIC_PREFIX): several at once are
// refused with 400, as the SDK's tests against the real API expect.
//
// Unverified details, chosen here and easy to change: the status and text of
// the "load balancer busy" error (409 here), the texts of 400 errors.
//
// A history (see History) records the servers and floating IPs after every
// request that changed them, for tests that check an invariant at every
// moment of a run; and a second server with an already used fixed private
// address is refused, as the API refuses a port's address twice (the text is ours).
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "429" | "500" | "slow" | "lose-response";
type Json = Record<string, unknown>;
type Obj = Json & { uuid: string; href: string; tags: Record<string, string> };

export interface FakeOptions {
  token?: string;
  /** GETs of an object while it is `changing` before it settles. */
  pollsUntilReady?: number;
  /** Delay of a "slow" fault; make it longer than the client's timeout. */
  slowMs?: number;
  /** Changes answers on their way out: a deliberately wrong fake (the conformance suite's negative checks). */
  deviation?: Deviation;
}

/** An answer as the fake is about to send it; a Deviation returns what to send instead (or undefined: unchanged). */
export interface Answer {
  method: string;
  /** The route, e.g. "/v1/floating-ips/:id". */
  route: string;
  status: number;
  body: unknown;
}
export type Deviation = (answer: Answer) => Pick<Answer, "status" | "body"> | undefined;

export interface RequestRecord {
  method: string;
  path: string;
  route: string;
  status: number;
  fault?: Fault;
  /** The request's JSON body, when it had one. */
  body?: unknown;
  userAgent?: string;
}

/** The servers and floating IPs after one change, as the history keeps them. */
export interface HistoryEntry {
  /** 1, 2, ...: the order of the changes. */
  seq: number;
  /** Date.now() when it was recorded. */
  at: number;
  /** The request that made the change, e.g. "PATCH /v1/floating-ips/192.0.2.3" (a GET where a poll settled a transition). */
  request: string;
  servers: { uuid: string; name: string; status: string; /** DELETE accepted, not gone yet (the API shows it "changing"). */ deleting: boolean }[];
  floatingIps: { address: string; server: string | null }[];
}

const COLLECTIONS = ["servers", "server-groups", "networks", "subnets", "floating-ips", "load-balancers", "pools", "members", "listeners", "health-monitors"] as const;
export type Collection = (typeof COLLECTIONS)[number];

const FLAVORS: Record<string, { vcpu_count: number; memory_gb: number }> = {
  "flex-4-1": { vcpu_count: 1, memory_gb: 4 },
  "flex-4-2": { vcpu_count: 2, memory_gb: 4 },
  "flex-8-2": { vcpu_count: 2, memory_gb: 8 },
  "flex-8-4": { vcpu_count: 4, memory_gb: 8 },
  "flex-16-4": { vcpu_count: 4, memory_gb: 16 },
};
const IMAGES = ["debian-12", "debian-13", "ubuntu-24.04", "rocky-9"];
const ZONES = ["lpg1", "rma1"];
const PUBLIC_NETWORK = { href: "", uuid: "2db69ba3-1864-4608-853a-0771b6885a3a", name: "public" };

/** Route patterns, most specific first; `:x` matches one segment. */
const ROUTES = [
  "/v1/load-balancers/pools/:pool/members/:id",
  "/v1/load-balancers/pools/:pool/members",
  "/v1/load-balancers/pools/:id",
  "/v1/load-balancers/pools",
  "/v1/load-balancers/listeners/:id",
  "/v1/load-balancers/listeners",
  "/v1/load-balancers/health-monitors/:id",
  "/v1/load-balancers/health-monitors",
  "/v1/load-balancers/:id",
  "/v1/load-balancers",
  "/v1/servers/:id/:action",
  "/v1/:collection/:id",
  "/v1/:collection",
  "/openstack/:version/meta_data.json",
];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(JSON.stringify(body));
  }
}
/**
 * How the API refuses a PATCH of several attributes at once. The SDK's
 * integration tests against the real API (cloudscale-go-sdk v6.0.0,
 * servers_integration_test.go: flavor + name; volumes: size + name) expect a
 * 400 whose message contains this; cloudscale's Terraform provider sends one
 * attribute per PATCH for every resource (tags included; a health monitor's
 * http settings one field at a time). The fake refuses every combination:
 * stricter than what is proven (only those two are), and exactly what is
 * known to work. The rest of the text is ours.
 */
export const ATOMIC_PREFIX = "To keep changes atomic";
const notFound = () => new HttpError(404, { detail: "Not found." });
const invalid = (field: string, message: string) => new HttpError(400, { [field]: [message] });

export class FakeCloudscale {
  readonly token: string;
  private readonly pollsUntilReady: number;
  private readonly slowMs: number;
  private readonly deviation?: Deviation;
  private servers4?: http.Server;
  private servers6?: http.Server;
  private port = 0;
  private store = new Map<Collection, Map<string, Obj>>();
  /** uuid -> remaining GETs until the object settles into `next` (or disappears if next is "gone"). */
  private pending = new Map<string, { polls: number; next: string }>();
  private faults: { route: string; fault: Fault; count: number; retryAfterS: number }[] = [];
  private counter = 0;
  private metadataServer?: string;
  readonly log: RequestRecord[] = [];
  /** Every change of the servers or floating IPs, in order (cleared by reset()). */
  readonly history: HistoryEntry[] = [];

  constructor(options: FakeOptions = {}) {
    this.token = options.token ?? "fake-token-0123456789";
    this.pollsUntilReady = options.pollsUntilReady ?? 2;
    this.slowMs = options.slowMs ?? 2_000;
    this.deviation = options.deviation;
    this.reset();
  }

  /** Listens on 127.0.0.1 and [::1], on the same free port. */
  async start(): Promise<this> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    for (let attempt = 0; attempt < 5; attempt++) {
      const s4 = http.createServer(handler);
      await new Promise<void>((resolve, reject) => s4.once("error", reject).listen(0, "127.0.0.1", resolve));
      const port = (s4.address() as AddressInfo).port;
      const s6 = http.createServer(handler);
      const ok = await new Promise<boolean>((resolve) => {
        s6.once("error", () => resolve(false)).listen(port, "::1", () => resolve(true));
      });
      if (ok) {
        this.servers4 = s4;
        this.servers6 = s6;
        this.port = port;
        return this;
      }
      await new Promise((r) => s4.close(r));
    }
    throw new Error("fake cloudscale: no port free on both 127.0.0.1 and ::1");
  }

  async stop(): Promise<void> {
    for (const s of [this.servers4, this.servers6]) {
      if (!s) continue;
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  }

  /** API base URL over IPv4, e.g. http://127.0.0.1:1234/v1. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }
  get url6(): string {
    return `http://[::1]:${this.port}/v1`;
  }
  /** Metadata URL as a server would use it (OpenStack-compatible path, as cloudscale's Go SDK). */
  metadataUrl(ipv6 = false): string {
    return `http://${ipv6 ? "[::1]" : "127.0.0.1"}:${this.port}/openstack/2017-02-22/meta_data.json`;
  }

  reset(): void {
    this.store = new Map(COLLECTIONS.map((c) => [c, new Map()]));
    this.pending.clear();
    this.faults = [];
    this.log.length = 0;
    this.history.length = 0;
    this.metadataServer = undefined;
  }

  /** Fails the next `count` requests of a route, e.g. inject("POST /v1/servers", "lose-response"). Method "*" matches any. */
  inject(route: string, fault: Fault, count = 1, retryAfterS = 0): void {
    this.faults.push({ route, fault, count, retryAfterS });
  }

  /** Faults injected but not yet consumed. */
  pendingFaults(): number {
    return this.faults.reduce((n, f) => n + f.count, 0);
  }

  /** Which server the metadata service describes (the "current" server). */
  setMetadataServer(uuid: string | undefined): void {
    this.metadataServer = uuid;
  }

  /** A snapshot of every collection. */
  objects(): Record<Collection, Obj[]> {
    return Object.fromEntries(COLLECTIONS.map((c) => [c, [...this.store.get(c)!.values()].map((o) => structuredClone(o))])) as Record<Collection, Obj[]>;
  }

  /** Changes or removes an object behind the client's back (drift). */
  mutate(collection: Collection, id: string, change: (o: Obj) => void): void {
    const o = this.store.get(collection)!.get(id);
    if (!o) throw new Error(`fake cloudscale: no ${collection} ${id}`);
    change(o);
  }
  remove(collection: Collection, id: string): void {
    if (collection === "servers") this.detachServer(id);
    this.store.get(collection)!.delete(id);
  }

  // ---- HTTP plumbing ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const route = matchRoute(url.pathname);
    const record: RequestRecord = { method: req.method ?? "GET", path: url.pathname + url.search, route: route?.route ?? url.pathname, status: 0, userAgent: req.headers["user-agent"] };
    this.log.push(record);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      const deviated = this.deviation?.({ method: record.method, route: record.route, status, body });
      if (deviated) ({ status, body } = deviated);
      record.status = status;
      const text = body === undefined ? "" : JSON.stringify(body);
      res.writeHead(status, { ...(text ? { "content-type": "application/json" } : {}), ...headers });
      res.end(text);
    };
    try {
      if (!route) throw notFound();
      if (!route.pattern.startsWith("/openstack/")) this.authenticate(req.headers.authorization);
      const fault = this.takeFault(`${record.method} ${route.route}`);
      record.fault = fault?.fault;
      if (fault?.fault === "429") return send(429, { detail: "Request was throttled." }, { "retry-after": String(fault.retryAfterS) });
      if (fault?.fault === "500") return send(500, { detail: "Internal server error." });
      let body: Json = {};
      if (chunks.length > 0) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json;
          record.body = structuredClone(body);
        } catch (err) {
          throw new HttpError(400, { detail: `JSON parse error - ${(err as Error).message}` });
        }
      }
      // The change happens before a slow or lost response: the client cannot tell.
      let status: number;
      let out: unknown;
      try {
        [status, out] = this.dispatch(record.method, route, url.searchParams, body);
      } finally {
        this.recordHistory(`${record.method} ${url.pathname}`);
      }
      if (fault?.fault === "lose-response") {
        record.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault?.fault === "slow") await new Promise((r) => setTimeout(r, this.slowMs));
      if (res.destroyed) return;
      send(status, out);
    } catch (err) {
      if (err instanceof HttpError) return send(err.status, err.body);
      send(500, { detail: `fake cloudscale bug: ${(err as Error).message}` });
    }
  }

  /** Appends the servers' and floating IPs' state if this request changed it. */
  private recordHistory(request: string): void {
    const servers = [...this.store.get("servers")!.values()].map((s) => ({
      uuid: s.uuid,
      name: String(s.name),
      status: String(s.status),
      deleting: this.pending.get(s.uuid)?.next === "gone",
    }));
    const floatingIps = [...this.store.get("floating-ips")!.values()].map((f) => ({
      address: String(f.network).split("/")[0],
      server: (f.server as Obj | null)?.uuid ?? null,
    }));
    const last = this.history[this.history.length - 1];
    if (last && JSON.stringify([last.servers, last.floatingIps]) === JSON.stringify([servers, floatingIps])) return;
    this.history.push({ seq: this.history.length + 1, at: Date.now(), request, servers, floatingIps });
  }

  private authenticate(header: string | undefined): void {
    if (!header) throw new HttpError(401, { detail: "Authentication credentials were not provided." });
    if (header !== `Bearer ${this.token}`) throw new HttpError(401, { detail: "Invalid token." });
  }

  private takeFault(key: string) {
    const path = key.split(" ")[1];
    const f = this.faults.find((x) => x.count > 0 && (x.route === key || x.route === `* ${path}`));
    if (!f) return undefined;
    f.count--;
    if (f.count === 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f;
  }

  private dispatch(method: string, route: { pattern: string; params: Record<string, string> }, query: URLSearchParams, body: Json): [number, unknown] {
    const p = route.params;
    switch (route.pattern) {
      case "/openstack/:version/meta_data.json":
        return this.metadata();
      case "/v1/servers/:id/:action":
        if (method !== "POST") throw notAllowed(method);
        return this.serverAction(p.id, p.action);
      case "/v1/load-balancers/pools/:pool/members":
        return this.collection("members", method, query, body, p.pool);
      case "/v1/load-balancers/pools/:pool/members/:id":
        return this.item("members", p.id, method, body, p.pool);
      case "/v1/load-balancers/pools":
      case "/v1/load-balancers/listeners":
      case "/v1/load-balancers/health-monitors":
      case "/v1/load-balancers":
        return this.collection(lbCollection(route.pattern), method, query, body);
      case "/v1/load-balancers/pools/:id":
      case "/v1/load-balancers/listeners/:id":
      case "/v1/load-balancers/health-monitors/:id":
      case "/v1/load-balancers/:id":
        return this.item(lbCollection(route.pattern), p.id, method, body);
      case "/v1/:collection":
        return this.collection(plainCollection(p.collection), method, query, body);
      case "/v1/:collection/:id":
        return this.item(plainCollection(p.collection), p.id, method, body);
    }
    throw notFound();
  }

  private collection(c: Collection, method: string, query: URLSearchParams, body: Json, pool?: string): [number, unknown] {
    if (pool !== undefined && !this.store.get("pools")!.has(pool)) throw notFound();
    if (method === "GET") {
      let list = [...this.store.get(c)!.values()];
      if (pool !== undefined) list = list.filter((m) => (m.pool as Obj).uuid === pool);
      for (const [k, v] of query) {
        if (!k.startsWith("tag:")) continue;
        const key = k.slice(4);
        list = list.filter((o) => (v === "" ? key in o.tags : o.tags[key] === v));
      }
      return [200, list];
    }
    if (method !== "POST") throw notAllowed(method);
    const o = this.createObject(c, body, pool);
    this.store.get(c)!.set(c === "floating-ips" ? String(o.network).split("/")[0] : o.uuid, o);
    return [201, o];
  }

  private item(c: Collection, id: string, method: string, body: Json, pool?: string): [number, unknown] {
    const o = this.store.get(c)!.get(id);
    if (!o || (pool !== undefined && (o.pool as Obj).uuid !== pool)) throw notFound();
    if (method === "GET") {
      this.poll(c, id, o);
      return [200, this.store.get(c)!.get(id) ?? (() => { throw notFound(); })()];
    }
    if (method === "PATCH") {
      this.patchObject(c, o, body);
      return [204, undefined];
    }
    if (method === "DELETE") {
      this.deleteObject(c, id, o);
      return [204, undefined];
    }
    throw notAllowed(method);
  }

  /** One GET: an object in transition moves one step closer to settling. */
  private poll(c: Collection, id: string, o: Obj): void {
    const p = this.pending.get(id);
    if (!p) return;
    if (--p.polls > 0) return;
    this.pending.delete(id);
    if (p.next === "gone") this.store.get(c)!.delete(id);
    else o.status = p.next;
  }

  private transition(o: Obj, next: string): void {
    o.status = "changing";
    this.pending.set(o.uuid, { polls: this.pollsUntilReady, next });
  }

  private newObject(c: string, body: Json): Obj {
    const uuid = randomUUID();
    const tags = body.tags ?? {};
    if (typeof tags !== "object" || Array.isArray(tags)) throw invalid("tags", "Expected a dictionary of items.");
    return { href: `https://api.cloudscale.ch/v1/${c}/${uuid}`, uuid, tags: { ...(tags as Record<string, string>) }, created_at: new Date().toISOString() };
  }

  private createObject(c: Collection, body: Json, pool?: string): Obj {
    switch (c) {
      case "servers":
        return this.createServer(body);
      case "server-groups": {
        required(body, ["name", "type"]);
        if (body.type !== "anti-affinity") throw invalid("type", `"${body.type}" is not a valid choice.`);
        return { ...this.newObject(c, body), name: body.name, type: body.type, zone: { slug: zone(body) }, servers: [] };
      }
      case "networks": {
        required(body, ["name"]);
        const o = { ...this.newObject(c, body), name: body.name, zone: { slug: zone(body) }, mtu: body.mtu ?? 9000, subnets: [] as Json[] };
        if (body.auto_create_ipv4_subnet !== false) {
          const s = this.subnet({ cidr: "172.16.0.0/24", network: o.uuid }, o);
          this.store.get("subnets")!.set(s.uuid, s);
        }
        return o;
      }
      case "subnets": {
        required(body, ["cidr", "network"]);
        const net = this.store.get("networks")!.get(String(body.network));
        if (!net) throw invalid("network", `Object with uuid=${body.network} does not exist.`);
        return this.subnet(body, net);
      }
      case "floating-ips":
        return this.createFloatingIp(body);
      case "load-balancers": {
        required(body, ["name", "flavor"]);
        if (body.flavor !== "lb-standard") throw invalid("flavor", `Object with slug=${body.flavor} does not exist.`);
        const o = this.newObject(c, body);
        const vips = Array.isArray(body.vip_addresses) && body.vip_addresses.length > 0
          ? (body.vip_addresses as Json[]).map((v) => {
              const subnet = this.store.get("subnets")!.get(String(v.subnet));
              if (!subnet) throw invalid("vip_addresses", `Subnet ${v.subnet} does not exist.`);
              return { version: 4, address: v.address ?? this.hostIn(String(subnet.cidr)), subnet: stub(subnet) };
            })
          : [
              { version: 4, address: `203.0.113.${this.next()}`, subnet: { uuid: "d5f3c9a1-public-v4", cidr: "203.0.113.0/24" } },
              { version: 6, address: `2001:db8:ffff::${this.next().toString(16)}`, subnet: { uuid: "d5f3c9a1-public-v6", cidr: "2001:db8:ffff::/64" } },
            ];
        const lb = { ...o, name: body.name, flavor: { slug: "lb-standard", name: "LB-Standard" }, zone: { slug: zone(body) }, vip_addresses: vips, status: "changing" };
        this.transition(lb as Obj, "running");
        return lb as Obj;
      }
      case "pools": {
        required(body, ["name", "load_balancer", "algorithm", "protocol"]);
        const lb = this.lbChange(String(body.load_balancer), "load_balancer");
        oneOf(body, "algorithm", ["round_robin", "least_connections", "source_ip"]);
        oneOf(body, "protocol", ["tcp", "proxy", "proxyv2"]);
        return { ...this.newObject("load-balancers/pools", body), name: body.name, load_balancer: stub(lb), algorithm: body.algorithm, protocol: body.protocol };
      }
      case "members": {
        required(body, ["name", "protocol_port", "address", "subnet"]);
        const p = this.store.get("pools")!.get(pool!)!;
        const lb = this.lbChange((p.load_balancer as Obj).uuid);
        const subnet = this.store.get("subnets")!.get(String(body.subnet));
        if (!subnet) throw invalid("subnet", `Object with uuid=${body.subnet} does not exist.`);
        return {
          ...this.newObject(`load-balancers/pools/${pool}/members`, body),
          name: body.name, enabled: body.enabled ?? true, pool: stub(p), load_balancer: stub(lb),
          protocol_port: body.protocol_port, monitor_port: body.monitor_port ?? null, address: body.address, subnet: stub(subnet), monitor_status: "no_monitor",
        };
      }
      case "listeners": {
        required(body, ["name", "pool", "protocol", "protocol_port"]);
        const p = this.store.get("pools")!.get(String(body.pool));
        if (!p) throw invalid("pool", `Object with uuid=${body.pool} does not exist.`);
        const lb = this.lbChange((p.load_balancer as Obj).uuid);
        return {
          ...this.newObject("load-balancers/listeners", body),
          name: body.name, pool: stub(p), load_balancer: stub(lb), protocol: body.protocol, protocol_port: body.protocol_port,
          allowed_cidrs: body.allowed_cidrs ?? [], timeout_client_data_ms: 50000, timeout_member_connect_ms: 5000, timeout_member_data_ms: 50000,
        };
      }
      case "health-monitors": {
        required(body, ["pool", "type"]);
        const p = this.store.get("pools")!.get(String(body.pool));
        if (!p) throw invalid("pool", `Object with uuid=${body.pool} does not exist.`);
        oneOf(body, "type", ["ping", "tcp", "http", "https", "tls-hello"]);
        const lb = this.lbChange((p.load_balancer as Obj).uuid);
        return {
          ...this.newObject("load-balancers/health-monitors", body),
          pool: stub(p), load_balancer: stub(lb), delay_s: body.delay_s ?? 2, timeout_s: body.timeout_s ?? 1,
          up_threshold: body.up_threshold ?? 2, down_threshold: body.down_threshold ?? 3, type: body.type,
          http: body.type === "http" || body.type === "https" ? { expected_codes: ["200"], method: "GET", url_path: "/", version: "1.1", host: null, ...(body.http as Json) } : null,
        };
      }
    }
  }

  private createServer(body: Json): Obj {
    required(body, ["name", "flavor", "image"]);
    if (!(String(body.flavor) in FLAVORS)) throw invalid("flavor", `Object with slug=${body.flavor} does not exist.`);
    if (!IMAGES.includes(String(body.image))) throw invalid("image", `Object with slug=${body.image} does not exist.`);
    const size = body.volume_size_gb ?? 10;
    if (typeof size !== "number" || size < 10) throw invalid("volume_size_gb", "Ensure this value is greater than or equal to 10.");
    const z = zone(body);
    const groups = ((body.server_groups as string[] | undefined) ?? []).map((g) => {
      const group = this.store.get("server-groups")!.get(g);
      if (!group) throw invalid("server_groups", `Object with uuid=${g} does not exist.`);
      if ((group.zone as Json).slug !== z) throw invalid("server_groups", `Server group ${g} is not in zone ${z}.`);
      return group;
    });
    const o = this.newObject("servers", body);
    const useIpv6 = body.use_ipv6 !== false;
    const interfaces: Json[] = [];
    const requested = (body.interfaces as Json[] | undefined) ??
      [...(body.use_public_network === false ? [] : [{ network: "public" }]), ...(body.use_private_network === true ? [{ network: "default" }] : [])];
    for (const i of requested) {
      if (i.network === "public") {
        const n = this.next();
        interfaces.push({
          type: "public",
          network: PUBLIC_NETWORK,
          addresses: [
            { version: 4, address: `198.51.100.${n}`, prefix_length: 24, gateway: "198.51.100.1", reverse_ptr: `${body.name}`, subnet: { uuid: "public-v4", cidr: "198.51.100.0/24" } },
            ...(useIpv6 ? [{ version: 6, address: `2001:db8:1::${n.toString(16)}`, prefix_length: 64, gateway: "fe80::1", reverse_ptr: `${body.name}`, subnet: { uuid: "public-v6", cidr: "2001:db8:1::/64" } }] : []),
          ],
        });
        continue;
      }
      const addresses = (i.addresses as Json[] | undefined)?.map((a) => {
        const subnet = this.store.get("subnets")!.get(String(a.subnet));
        if (!subnet) throw invalid("interfaces", `Subnet ${a.subnet} does not exist.`);
        if (a.address && this.addressInUse(subnet.uuid, String(a.address))) {
          throw invalid("interfaces", `Address ${a.address} is already in use on subnet ${subnet.uuid}.`);
        }
        return { subnet, address: a.address ? String(a.address) : this.hostIn(String(subnet.cidr)) };
      });
      const network = addresses?.[0] ? this.store.get("networks")!.get(((addresses[0].subnet.network as Obj).uuid))! : this.store.get("networks")!.get(String(i.network));
      if (!network) throw invalid("interfaces", `Network ${i.network} does not exist.`);
      const list = addresses ?? [...this.store.get("subnets")!.values()].filter((s) => (s.network as Obj).uuid === network.uuid).slice(0, 1).map((s) => ({ subnet: s, address: this.hostIn(String(s.cidr)) }));
      interfaces.push({
        type: "private",
        network: stub(network),
        addresses: list.map((a) => ({ version: 4, address: a.address, prefix_length: Number(String(a.subnet.cidr).split("/")[1]), gateway: a.subnet.gateway_address ?? null, reverse_ptr: "", subnet: stub(a.subnet) })),
      });
    }
    const server: Obj = {
      ...o,
      name: body.name,
      status: "changing",
      zone: { slug: z },
      flavor: { slug: body.flavor, name: String(body.flavor), ...FLAVORS[String(body.flavor)] },
      image: { slug: body.image, name: String(body.image), operating_system: "Linux", default_username: "debian" },
      volumes: [{ type: "ssd", device_path: "/dev/sda", size_gb: size, uuid: randomUUID() }],
      interfaces,
      ssh_fingerprints: [],
      ssh_host_keys: [],
      anti_affinity_with: [],
      server_groups: groups.map((g) => stub(g)),
    };
    for (const g of groups) (g.servers as Json[]).push(stub(server));
    this.pending.set(server.uuid, { polls: this.pollsUntilReady, next: "running" });
    return server;
  }

  /** Whether a server (also one being deleted: its port lives until it is gone) has `address` on the subnet. */
  private addressInUse(subnet: string, address: string): boolean {
    return [...this.store.get("servers")!.values()].some((s) =>
      (s.interfaces as { addresses: { address: string; subnet?: { uuid: string } }[] }[]).some((i) =>
        i.addresses.some((a) => a.address === address && a.subnet?.uuid === subnet),
      ),
    );
  }

  private createFloatingIp(body: Json): Obj {
    oneOf(body, "ip_version", [4, 6]);
    const type = body.type ?? "regional";
    if (type !== "regional" && type !== "global") throw invalid("type", `"${type}" is not a valid choice.`);
    if (body.region !== undefined && !["lpg", "rma"].includes(String(body.region))) throw invalid("region", `Object with slug=${body.region} does not exist.`);
    if (body.prefix_length !== undefined && !(body.ip_version === 6 && body.prefix_length === 56)) {
      throw invalid("prefix_length", "Only /56 networks can be requested, and only for IPv6.");
    }
    const n = this.next();
    const network = body.ip_version === 4 ? `192.0.2.${n}/32` : body.prefix_length === 56 ? `2001:db8:${n.toString(16)}00::/56` : `2001:db8:cafe::${n.toString(16)}/128`;
    const address = network.split("/")[0];
    const o: Obj = {
      ...this.newObject("floating-ips", body),
      href: `https://api.cloudscale.ch/v1/floating-ips/${address}`,
      network,
      ip_version: body.ip_version,
      type,
      region: type === "global" ? null : regionOf(String(body.region ?? "lpg")),
      reverse_ptr: body.reverse_ptr ?? null,
      server: null,
      load_balancer: null,
      next_hop: null,
    };
    delete (o as Json).uuid; // floating IPs are identified by their address
    this.assignFloatingIp(o, body);
    return o;
  }

  private assignFloatingIp(o: Obj, body: Json): void {
    if (body.server !== undefined && body.server !== null) {
      const server = this.store.get("servers")!.get(String(body.server));
      if (!server) throw invalid("server", `Object with uuid=${body.server} does not exist.`);
      const hop = (server.interfaces as { type: string; addresses: Json[] }[])
        .find((i) => i.type === "public")?.addresses.find((a) => a.version === o.ip_version)?.address;
      o.server = stub(server);
      o.load_balancer = null;
      o.next_hop = hop ?? null;
    } else if (body.load_balancer !== undefined && body.load_balancer !== null) {
      const lb = this.store.get("load-balancers")!.get(String(body.load_balancer));
      if (!lb) throw invalid("load_balancer", `Object with uuid=${body.load_balancer} does not exist.`);
      o.load_balancer = stub(lb);
      o.server = null;
      o.next_hop = null;
    }
  }

  private subnet(body: Json, net: Obj): Obj {
    if (!/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(String(body.cidr))) throw invalid("cidr", "Enter a valid IPv4 network.");
    const s: Obj = {
      ...this.newObject("subnets", body),
      cidr: body.cidr,
      network: stub(net),
      gateway_address: body.gateway_address ?? null,
      dns_servers: body.dns_servers ?? ["5.102.144.101", "5.102.144.102"],
    };
    (net.subnets as Json[]).push({ href: s.href, uuid: s.uuid, cidr: s.cidr });
    return s;
  }

  private patchObject(c: Collection, o: Obj, body: Json): void {
    const allowed: Record<Collection, string[]> = {
      servers: ["name", "flavor", "interfaces", "tags"],
      "server-groups": ["name", "tags"],
      networks: ["name", "mtu", "tags"],
      subnets: ["gateway_address", "dns_servers", "tags"],
      "floating-ips": ["server", "load_balancer", "reverse_ptr", "tags"],
      "load-balancers": ["name", "tags"],
      pools: ["name", "tags"],
      members: ["name", "enabled", "tags"],
      listeners: ["name", "protocol_port", "allowed_cidrs", "timeout_client_data_ms", "timeout_member_connect_ms", "timeout_member_data_ms", "tags"],
      "health-monitors": ["delay_s", "timeout_s", "up_threshold", "down_threshold", "http", "tags"],
    };
    for (const k of Object.keys(body)) {
      if (!allowed[c].includes(k)) throw invalid(k, "This field cannot be changed.");
    }
    // One attribute per PATCH (an `http` sub-field counts as one), like the API.
    const attributes = Object.entries(body).flatMap(([k, v]) => (k === "http" && v && typeof v === "object" ? Object.keys(v).map((h) => `http.${h}`) : [k]));
    if (attributes.length > 1) throw new HttpError(400, { detail: `${ATOMIC_PREFIX}, change one attribute per request (got ${attributes.join(", ")}).` });
    if (["pools", "members", "listeners", "health-monitors"].includes(c)) this.lbChange((o.load_balancer as Obj).uuid);
    if (c === "load-balancers") this.lbChange(o.uuid);
    if (c === "servers" && body.flavor !== undefined) {
      if (!(String(body.flavor) in FLAVORS)) throw invalid("flavor", `Object with slug=${body.flavor} does not exist.`);
      if (o.status !== "stopped") throw new HttpError(400, { detail: "The server must be stopped to change its flavor." });
      o.flavor = { slug: body.flavor, name: String(body.flavor), ...FLAVORS[String(body.flavor)] };
      this.transition(o, "stopped");
    }
    if (c === "floating-ips") this.assignFloatingIp(o, body);
    for (const k of ["name", "mtu", "gateway_address", "dns_servers", "reverse_ptr", "enabled", "protocol_port", "allowed_cidrs", "delay_s", "timeout_s", "up_threshold", "down_threshold"]) {
      if (k in body) o[k] = body[k];
    }
    if (body.http !== undefined) o.http = { ...(o.http as Json), ...(body.http as Json) };
    if (body.tags !== undefined) o.tags = { ...(body.tags as Record<string, string>) };
  }

  private deleteObject(c: Collection, id: string, o: Obj): void {
    const map = this.store.get(c)!;
    switch (c) {
      case "servers":
        // Stays visible (changing) for a few polls, as a real deletion does.
        this.detachServer(id);
        o.status = "changing";
        this.pending.set(id, { polls: this.pollsUntilReady, next: "gone" });
        return;
      case "load-balancers":
        if (o.status !== "running") throw lbBusy();
        for (const sub of ["pools", "members", "listeners", "health-monitors"] as const) {
          for (const [k, s] of this.store.get(sub)!) if ((s.load_balancer as Obj).uuid === id) this.store.get(sub)!.delete(k);
        }
        o.status = "changing";
        this.pending.set(id, { polls: this.pollsUntilReady, next: "gone" });
        return;
      case "pools":
      case "members":
      case "listeners":
      case "health-monitors":
        this.lbChange((o.load_balancer as Obj).uuid);
        if (c === "pools") {
          for (const sub of ["members", "listeners", "health-monitors"] as const) {
            for (const [k, s] of this.store.get(sub)!) if ((s.pool as Obj | null)?.uuid === id) this.store.get(sub)!.delete(k);
          }
        }
        map.delete(id);
        return;
      case "subnets": {
        const net = this.store.get("networks")!.get((o.network as Obj).uuid);
        if (net) net.subnets = (net.subnets as Obj[]).filter((s) => s.uuid !== id);
        map.delete(id);
        return;
      }
      case "networks":
        for (const [k, s] of this.store.get("subnets")!) if ((s.network as Obj).uuid === id) this.store.get("subnets")!.delete(k);
        map.delete(id);
        return;
      default:
        map.delete(id);
    }
  }

  private detachServer(id: string): void {
    for (const f of this.store.get("floating-ips")!.values()) {
      if ((f.server as Obj | null)?.uuid === id) {
        f.server = null;
        f.next_hop = null;
      }
    }
    for (const g of this.store.get("server-groups")!.values()) g.servers = (g.servers as Obj[]).filter((s) => s.uuid !== id);
  }

  private serverAction(id: string, action: string): [number, unknown] {
    const o = this.store.get("servers")!.get(id);
    if (!o) throw notFound();
    if (action === "stop") this.transition(o, "stopped");
    else if (action === "start") this.transition(o, "running");
    else if (action === "reboot") this.transition(o, "running");
    else throw notFound();
    return [204, undefined];
  }

  /** A change to a load balancer: only one at a time, while it is `running`. */
  private lbChange(uuid: string, field?: string): Obj {
    const lb = this.store.get("load-balancers")!.get(uuid);
    if (!lb) {
      if (field) throw invalid(field, `Object with uuid=${uuid} does not exist.`);
      throw notFound();
    }
    if (lb.status !== "running") throw lbBusy();
    this.transition(lb, "running");
    return lb;
  }

  private metadata(): [number, unknown] {
    if (!this.metadataServer) throw notFound();
    const s = this.store.get("servers")!.get(this.metadataServer);
    // OpenStack's own top-level uuid differs from cloudscale's: the API uuid is meta.cloudscale_uuid.
    return [200, { uuid: randomUUID(), name: s?.name ?? "server", hostname: s?.name ?? "server", availability_zone: (s?.zone as Json | undefined)?.slug ?? "lpg1", meta: { cloudscale_uuid: this.metadataServer } }];
  }

  private next(): number {
    this.counter = (this.counter % 250) + 1;
    return this.counter + 1;
  }

  /** A free-looking host address in an IPv4 subnet (good enough for a fake). */
  private hostIn(cidr: string): string {
    const [base] = cidr.split("/");
    const parts = base.split(".").map(Number);
    parts[3] = 10 + this.next();
    return parts.join(".");
  }
}

function matchRoute(pathname: string): { pattern: string; params: Record<string, string>; route: string } | undefined {
  const segs = pathname.replace(/\/+$/, "").split("/");
  for (const pattern of ROUTES) {
    const ps = pattern.split("/");
    if (ps.length !== segs.length) continue;
    const params: Record<string, string> = {};
    if (ps.every((p, i) => (p.startsWith(":") ? ((params[p.slice(1)] = decodeURIComponent(segs[i])), segs[i] !== "") : p === segs[i]))) {
      if (pattern.startsWith("/v1/:collection") && !COLLECTIONS.includes(params.collection as Collection)) continue;
      if (pattern.startsWith("/v1/:collection") && ["pools", "members", "listeners", "health-monitors"].includes(params.collection)) continue;
      // The route as logged and as faults name it: the collection filled in.
      return { pattern, params, route: params.collection ? pattern.replace(":collection", params.collection) : pattern };
    }
  }
  return undefined;
}

function lbCollection(pattern: string): Collection {
  if (pattern.includes("/pools")) return "pools";
  if (pattern.includes("/listeners")) return "listeners";
  if (pattern.includes("/health-monitors")) return "health-monitors";
  return "load-balancers";
}

function plainCollection(name: string): Collection {
  return name as Collection;
}

function stub(o: Obj): Json {
  return { href: o.href, uuid: o.uuid, ...(o.name !== undefined ? { name: o.name } : {}), ...(o.cidr !== undefined ? { cidr: o.cidr } : {}) };
}

function required(body: Json, fields: string[]): void {
  const missing = fields.filter((f) => body[f] === undefined || body[f] === null || body[f] === "");
  if (missing.length > 0) throw new HttpError(400, Object.fromEntries(missing.map((f) => [f, ["This field is required."]])));
}

function oneOf(body: Json, field: string, allowed: unknown[]): void {
  if (!allowed.includes(body[field])) throw invalid(field, `"${body[field]}" is not a valid choice.`);
}

/** A region as the API shows it: its slug and its zones. */
function regionOf(slug: string): Json {
  return { slug, zones: ZONES.filter((z) => z.startsWith(slug)).map((z) => ({ slug: z })) };
}

function zone(body: Json): string {
  const z = body.zone ?? "lpg1";
  if (!ZONES.includes(String(z))) throw invalid("zone", `Object with slug=${z} does not exist.`);
  return String(z);
}

function notAllowed(method: string): HttpError {
  return new HttpError(405, { detail: `Method "${method}" not allowed.` });
}

function lbBusy(): HttpError {
  return new HttpError(409, { detail: "The load balancer is being changed. Only one change at a time is possible, try again later." });
}
