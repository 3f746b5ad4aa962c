// The cloud fakes (test/fakes/cloudscale, test/fakes/exoscale) against the
// clouds' official Go SDKs, cloudscale-go-sdk v6.0.0 and egoscale v3.1.27,
// through the conformance suite (test/conformance, built once into the cache
// by scripts/validators/conformance.sh --ensure):
// - the SDKs drive each fake through every route the providers use and find
//   nothing they cannot decode, nothing missing or shaped differently;
// - what the project's providers send fits the SDKs' request types (Exoscale:
//   every route exists with its method among the API's operations, and the
//   body passes the OpenAPI constraints egoscale carries as validate tags);
// - for the same intent the project sends what the SDK sends (same fields,
//   nesting and JSON types), but for the differences documented below;
// - and the suite fails against a fake with one deliberate deviation per
//   cloud (a renamed field, a wrong path), so it is not passing vacuously.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { FakeCloudscale, type Deviation as CloudscaleDeviation } from "../../fakes/cloudscale/server";
import { FakeExoscale, TEST_KEY, TEST_SECRET, type Deviation as ExoscaleDeviation } from "../../fakes/exoscale/server";
import { setSettings } from "../../../components/clouds/cloudscale/config";
import { useSettings } from "../../../components/clouds/exoscale/config";
import { ensureConformance } from "../../../scripts/validators/tools";
import { cloudscaleProjectScenario, exoscaleProjectScenario } from "./project-scenario";

jest.setTimeout(120_000);

interface Report {
  cloud: string;
  steps: string[];
  checked: string[];
  problems: string[];
  notes: string[];
}

let bin: string;
beforeAll(() => {
  bin = ensureConformance(); // the first run on a machine builds it (about a minute)
}, 15 * 60_000);

/** Runs the suite (asynchronously: the fakes answer from this process). */
function conformance(args: string[], input?: unknown): Promise<{ status: number | null; report: Report; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, "conformance"), args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      try {
        resolve({ status, report: JSON.parse(stdout) as Report, stderr });
      } catch {
        reject(new Error(`conformance ${args[0]}: exit ${status}, no JSON report:\n${stdout}${stderr}`));
      }
    });
    child.stdin.end(input === undefined ? "" : JSON.stringify(input));
  });
}

const sdkCloudscale = (fake: FakeCloudscale) => conformance(["cloudscale", "-url", fake.url, "-token", fake.token]);
const sdkExoscale = (fake: FakeExoscale) => conformance(["exoscale", "-url", fake.url, "-key", TEST_KEY, "-secret", TEST_SECRET]);

/** A request as the comparison sees it: its route and the shapes of its body's fields. */
interface Sent {
  route: string;
  fromSdk: boolean;
  body: unknown;
}

/** Objects whose keys are data, not field names. */
const MAPS = new Set(["tags", "labels"]);

/**
 * "field.sub[]:type" for every leaf of a JSON body. A null is no field: the
 * SDKs' types send null for fields left unset (egoscale's generated types
 * where the schema has no omitempty, e.g. UpdateInstancePoolRequest's
 * security-groups), which the API takes as not given.
 */
function shapes(value: unknown, at = ""): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return [`${at}:list`, ...value.flatMap((v) => shapes(v, `${at}[]`))];
  if (typeof value === "object") {
    const key = at.split(/[.[\]]/).filter(Boolean).pop() ?? "";
    if (MAPS.has(key)) return [`${at}:map`, ...Object.values(value).flatMap((v) => shapes(v, `${at}{}`))];
    return Object.entries(value).flatMap(([k, v]) => shapes(v, at ? `${at}.${k}` : k));
  }
  return [`${at}:${typeof value}`];
}

/**
 * Where the project's requests differ from the SDK's on purpose, per route:
 * fields only the project sends ("+") or only the SDK sends ("-").
 */
const DOCUMENTED: Record<string, Record<string, string>> = {
  "POST /instance": {
    "-template.created-at:string": "egoscale's Template has created-at as a time.Time, which omitempty never omits: the SDK sends 0001-01-01T00:00:00Z inside the template reference",
  },
  "PUT /private-network/{id}:detach": {
    "-instance.created-at:string": "the same with the Instance in DetachInstanceFromPrivateNetworkRequest",
  },
};

/** Per route, the fields only one side sends (minus the documented ones). */
function compare(sent: Sent[]): Record<string, { onlyProject: string[]; onlySdk: string[] }> {
  const byRoute = new Map<string, { project: Set<string>; sdk: Set<string> }>();
  for (const s of sent) {
    const entry = byRoute.get(s.route) ?? { project: new Set(), sdk: new Set() };
    byRoute.set(s.route, entry);
    for (const shape of shapes(s.body)) (s.fromSdk ? entry.sdk : entry.project).add(shape);
  }
  const out: Record<string, { onlyProject: string[]; onlySdk: string[] }> = {};
  for (const [route, { project, sdk }] of byRoute) {
    const documented = DOCUMENTED[route] ?? {};
    const onlyProject = [...project].filter((s) => !sdk.has(s) && !(`+${s}` in documented)).sort();
    const onlySdk = [...sdk].filter((s) => !project.has(s) && !(`-${s}` in documented)).sort();
    if (onlyProject.length || onlySdk.length) out[route] = { onlyProject, onlySdk };
  }
  return out;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const isSdk = (ua: string | undefined) => /^(cloudscale|egoscale)\//.test(ua ?? "");

describe("the request comparison", () => {
  it("reports a field only one side sends, a renamed one, another JSON type or nesting", () => {
    const sent: Sent[] = [
      { route: "POST /x", fromSdk: true, body: { name: "a", port: 80, tags: { k: "v" }, http: { url_path: "/" }, cidrs: ["::/0"], unset: null } },
      { route: "POST /x", fromSdk: false, body: { name: "a", port: "80", tags: { other: "v" }, url_path: "/", cidr: ["::/0"] } },
    ];
    expect(compare(sent)).toEqual({
      "POST /x": { onlyProject: ["cidr:list", "cidr[]:string", "port:string", "url_path:string"], onlySdk: ["cidrs:list", "cidrs[]:string", "http.url_path:string", "port:number"] },
    });
  });
});

describe("cloudscale fake vs cloudscale-go-sdk v6.0.0", () => {
  const fake = new FakeCloudscale({ pollsUntilReady: 2 });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    // Short polls; timeouts generous enough for a loaded machine (nothing here tests retries).
    setSettings({
      token: fake.token, apiUrl: fake.url, pollIntervalMs: 5, waitTimeoutMs: 30_000, requestTimeoutMs: 10_000,
      retry: { attempts: 3, startingDelayMs: 5, maxDelayMs: 50 },
    });
  });

  /** The project's requests with a body that the fake accepted, from its scenario. */
  const projectRequests = async () => {
    await cloudscaleProjectScenario();
    return fake.log.filter((r) => !isSdk(r.userAgent) && r.status > 0 && r.status < 300);
  };

  it("the SDK uses every answer of every route the providers call", async () => {
    const { status, report, stderr } = await sdkCloudscale(fake);
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(report.steps.length).toBeGreaterThanOrEqual(10);
    expect(report.checked).toEqual(expect.arrayContaining(["PATCH /floating-ips/{ip}", "POST /servers/{id}/stop", "POST /load-balancers/health-monitors"]));
    expect(fake.objects().servers).toEqual([]);
    // Fields the fake sends (as the API's docs show them) that the SDK's types
    // do not have: allowed, since those types need not be complete, but listed
    // here so that a new one is a decision.
    const extra = [...new Set(report.notes.map((n) => n.replace(/^\S+ \S+: (\[\])?/, "").replace(/^(\w+)\[\]/, "$1")))].sort();
    expect(extra).toEqual([
      "FloatingIP.server.name: not in the SDK's ServerStub",
      "ServerGroup.created_at: not in the SDK's ServerGroup",
      "ServerGroup.servers[].name: not in the SDK's ServerStub",
      "Subnet.created_at: not in the SDK's Subnet",
    ]);
  });

  it("the project's requests fit the SDK's request types", async () => {
    const sent = (await projectRequests()).map((r) => ({ method: r.method, path: r.path, ...(r.body !== undefined ? { body: r.body } : {}) }));
    expect(sent.length).toBeGreaterThan(50);
    const { status, report } = await conformance(["requests", "-cloud", "cloudscale"], sent);
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
  });

  it("for the same intent the project sends the fields the SDK sends", async () => {
    const project = await projectRequests();
    fake.reset();
    expect((await sdkCloudscale(fake)).status).toBe(0);
    const sdk = fake.log.filter((r) => isSdk(r.userAgent) && r.status > 0 && r.status < 300);
    const sent: Sent[] = [...project, ...sdk]
      .filter((r) => r.body !== undefined)
      .map((r) => ({ route: `${r.method} ${r.route}`, fromSdk: isSdk(r.userAgent), body: r.body }));
    expect(compare(sent)).toEqual({});
    // Every route the project sends a body to was sent by the SDK too.
    const routes = (fromSdk: boolean) => [...new Set(sent.filter((s) => s.fromSdk === fromSdk).map((s) => s.route))].sort();
    expect(routes(true)).toEqual(expect.arrayContaining(routes(false)));
  });

  describe("fails against a deliberately wrong fake", () => {
    const deviant = (deviation: CloudscaleDeviation) => {
      const f = new FakeCloudscale({ pollsUntilReady: 2, deviation });
      beforeAll(() => f.start());
      afterAll(() => f.stop());
      return f;
    };
    const renamed = deviant(({ route, body }) => {
      if (!route.startsWith("/v1/floating-ips") || !body || typeof body !== "object") return undefined;
      const rename = (o: Record<string, unknown>) => {
        const { next_hop: hop, ...rest } = o;
        return { ...rest, nexthop: hop };
      };
      return { status: 200, body: Array.isArray(body) ? body.map(rename) : rename(body as Record<string, unknown>) };
    });
    const misrouted = deviant(({ method, route, status, body }) =>
      method === "PATCH" && route === "/v1/load-balancers/listeners/:id" ? { status: 404, body: { detail: "Not found." } } : { status, body },
    );

    it("a renamed field (floating IPs: next_hop as nexthop)", async () => {
      const { status, report } = await sdkCloudscale(renamed);
      expect(status).toBe(1);
      expect(report.problems).toEqual(expect.arrayContaining(["POST /floating-ips: FloatingIP.next_hop: missing (the SDK's type has no omitempty here)"]));
      expect(report.notes).toEqual(expect.arrayContaining(["POST /floating-ips: FloatingIP.nexthop: not in the SDK's FloatingIP"]));
    });

    it("a wrong path (listener updates answered 404)", async () => {
      const { status, report } = await sdkCloudscale(misrouted);
      expect(status).toBe(1);
      expect(report.problems.join("\n")).toMatch(/the SDK failed \(scenario stopped\): detail: Not found\./);
    });

    it("a request the API would not take (a field the SDK's request type lacks)", async () => {
      const { status, report } = await conformance(["requests", "-cloud", "cloudscale"], [
        { method: "POST", path: "/v1/networks", body: { name: "n", zone: "lpg1", auto_create_subnet: false } },
        { method: "PUT", path: "/v1/servers/abc", body: { name: "x" } },
      ]);
      expect(status).toBe(1);
      expect(report.problems).toEqual([
        expect.stringMatching(/^POST \/networks: body .* does not fit the SDK's cloudscale.NetworkCreateRequest: json: unknown field "auto_create_subnet"/),
        "PUT /servers/abc: a route the SDK's services do not have",
      ]);
    });
  });
});

describe("Exoscale fake vs egoscale v3.1.27", () => {
  const fake = new FakeExoscale({ pendingPolls: 1 });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    useSettings({
      credentials: { key: TEST_KEY, secret: TEST_SECRET }, missing: [], problems: [], zone: "ch-gva-2", apiUrl: fake.url,
      retry: { attempts: 3, startingDelayMs: 10, maxDelayMs: 50 },
      poll: { maxPolls: 200, initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 30_000 },
      timeoutMs: 10_000,
    });
  });
  const routesFile = () => path.join(bin, "egoscale-routes.json");
  const projectRequests = async () => {
    await exoscaleProjectScenario();
    return fake.requests.filter((r) => !isSdk(r.userAgent) && typeof r.status === "number" && r.status < 300);
  };

  it("the SDK uses every answer of every route the providers call (requests signed by egoscale verify)", async () => {
    const { status, report, stderr } = await sdkExoscale(fake);
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(report.checked).toEqual(expect.arrayContaining(["PUT /sks-cluster/{id}/upgrade", "POST /sks-cluster-kubeconfig/{id}", "PUT /instance-pool/{id}"]));
    expect(fake.log.filter((r) => r.status === 403)).toEqual([]);
    expect(fake.count()).toBe(0);
  });

  it("every route the project calls is an operation of the API with that method, every body fits its schema", async () => {
    const sent = (await projectRequests()).map((r) => ({ method: r.method, path: `/v2${r.path}`, ...(r.body !== undefined ? { body: r.body } : {}) }));
    expect(sent.length).toBeGreaterThan(50);
    const { status, report } = await conformance(["requests", "-cloud", "exoscale", "-routes", routesFile()], sent);
    expect(report.problems).toEqual([]);
    expect(status).toBe(0);
    expect(report.checked).toEqual(expect.arrayContaining(["PUT /sks-cluster/{}/upgrade (UpgradeSKSCluster)", "PUT /elastic-ip/{}:attach (AttachInstanceToElasticIP)"]));
  });

  it("for the same intent the project sends the fields the SDK sends", async () => {
    const project = await projectRequests();
    fake.reset();
    expect((await sdkExoscale(fake)).status).toBe(0);
    const sdk = fake.requests.filter((r) => isSdk(r.userAgent) && typeof r.status === "number" && r.status < 300);
    const sent: Sent[] = [...project, ...sdk]
      .filter((r) => r.body !== undefined && r.method !== "GET")
      .map((r) => ({ route: `${r.method} ${r.path.replace(UUID, "{id}")}`, fromSdk: isSdk(r.userAgent), body: r.body }));
    expect(compare(sent)).toEqual({});
    const routes = (fromSdk: boolean) => [...new Set(sent.filter((s) => s.fromSdk === fromSdk).map((s) => s.route))].sort();
    expect(routes(true)).toEqual(expect.arrayContaining(routes(false)));
  });

  describe("fails against a deliberately wrong fake", () => {
    const deviant = (deviation: ExoscaleDeviation) => {
      const f = new FakeExoscale({ pendingPolls: 1, deviation });
      beforeAll(() => f.start());
      afterAll(() => f.stop());
      return f;
    };
    const renamed = deviant(({ method, path: p, status, body }) => {
      if (method !== "GET" || !/^\/instance\/[^/:]+$/.test(p)) return undefined;
      const { "ipv6-address": v6, ...rest } = body as Record<string, unknown>;
      return { status, body: { ...rest, "ipv6address": v6 } };
    });
    const offSchema = deviant(({ method, path: p, status, body }) =>
      method === "GET" && /^\/instance\/[^/:]+$/.test(p) ? { status, body: { ...(body as object), "disk-size": 5 } } : undefined,
    );
    // The former defect: upgrades served at :upgrade only.
    const misrouted = deviant(({ method, path: p, status, body }) =>
      method === "PUT" && /^\/sks-cluster\/[^/]+\/upgrade$/.test(p) ? { status: 404, body: { message: `no such endpoint: PUT /v2${p}` } } : { status, body },
    );

    it("a renamed field (instances: ipv6-address as ipv6address)", async () => {
      const { status, report } = await sdkExoscale(renamed);
      expect(status).toBe(1);
      expect(report.problems).toEqual(expect.arrayContaining([
        "GET /instance/{id}: Instance.ipv6address: not in the SDK's Instance",
        expect.stringMatching(/^instance \(dual\): ipv6-address ""/),
      ]));
    });

    it("a value off the API's schema (instances: disk-size 5, the minimum is 10)", async () => {
      const { status, report } = await sdkExoscale(offSchema);
      expect(status).toBe(1);
      expect(report.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/instance\/\{id\}: .*'Instance.DiskSize'.*'gte' tag/)]));
    });

    it("a wrong path (SKS upgrade answered 404)", async () => {
      const { status, report } = await sdkExoscale(misrouted);
      expect(status).toBe(1);
      expect(report.problems.join("\n")).toMatch(/the SDK failed \(scenario stopped\): UpgradeSKSCluster: http response: .*404|not found/i);
    });

    it("a request of a route the API does not have, or with another method, or a body off its schema", async () => {
      const { status, report } = await conformance(["requests", "-cloud", "exoscale", "-routes", routesFile()], [
        { method: "PUT", path: "/v2/sks-cluster/6b2a4f0e-0000-4000-8000-000000000001:upgrade", body: { version: "1.32.0" } },
        { method: "POST", path: "/v2/elastic-ip/6b2a4f0e-0000-4000-8000-000000000001:attach", body: { instance: { id: "x" } } },
        { method: "POST", path: "/v2/elastic-ip", body: { addressfamily: "inet6", healthcheck: { mode: "tcp", port: 70000 } } },
        { method: "POST", path: "/v2/security-group", body: { name: "x", descripton: "typo" } },
      ]);
      expect(status).toBe(1);
      expect(report.problems).toEqual([
        "PUT /sks-cluster/6b2a4f0e-0000-4000-8000-000000000001:upgrade: no such route in the API",
        "POST /elastic-ip/6b2a4f0e-0000-4000-8000-000000000001:attach: the API has this path only with PUT",
        expect.stringMatching(/^POST \/elastic-ip \(CreateElasticIP\): body .*Port.*lte/),
        expect.stringMatching(/^POST \/security-group \(CreateSecurityGroup\): body .* does not fit CreateSecurityGroupRequest: json: unknown field "descripton"/),
      ]);
    });
  });
});
