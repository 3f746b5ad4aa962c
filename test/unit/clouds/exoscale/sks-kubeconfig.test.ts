// SksKubeconfig against the fake API: POST /sks-cluster-kubeconfig/{id}
// (signed like every call), the decoded kubeconfig only in outputs (which the
// resource class marks secret), read() keeping it, GONE with the cluster,
// delete() a no-op, and every input change replacing.
import * as pulumi from "@pulumi/pulumi";
import { useSettings } from "../../../../components/clouds/exoscale/config";
import { provider as cluster, SksClusterInputs } from "../../../../components/clouds/exoscale/providers/sks-cluster";
import {
  DEFAULT_KUBECONFIG_TTL_SECONDS,
  decodeSksKubeconfig,
  provider as kubeconfig,
  SksKubeconfigInputs,
  SksKubeconfigOutputs,
} from "../../../../components/clouds/exoscale/providers/sks-kubeconfig";
import { SksKubeconfig } from "../../../../components/clouds/exoscale/resources";
import { TEST_KEY } from "../../../fakes/exoscale/server";
import { useFakeExoscale } from "./helpers";

const fake = useFakeExoscale();

const SKS: SksClusterInputs = { zone: "ch-gva-2", name: "k8s", level: "pro", version: "1.33.1", cni: "cilium", labels: { "dualstack-id": "p/s/k8s" } };

async function newCluster(): Promise<{ id: string; endpoint: string }> {
  const c = await cluster.create!(SKS);
  return { id: c.id, endpoint: c.outs.endpoint };
}

const inputs = (clusterId: string, over: Partial<SksKubeconfigInputs> = {}): SksKubeconfigInputs => ({
  zone: "ch-gva-2",
  cluster: clusterId,
  user: "kube-admin",
  groups: ["system:masters"],
  ttlSeconds: 3600,
  ...over,
});

/**
 * The additionalSecretOutputs a resource registers with (the engine marks
 * those outputs secret; the mock monitor does not, so read the request).
 */
async function secretOutputsOf(create: () => unknown, name: string): Promise<string[]> {
  await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "dualstack", "test", false);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  // Resolves when `name` registers, however long that takes (a dynamic resource's
  // provider is serialized first, seconds on a busy machine); jest's timeout bounds it.
  const registered = new Promise<string[]>((resolve) => {
    monitor.registerResource = (req: { getName(): string; getAdditionalsecretoutputsList(): string[] }, callback: unknown) => {
      if (req.getName() === name) resolve(req.getAdditionalsecretoutputsList());
      return register(req, callback);
    };
  });
  create();
  return registered;
}

describe("exoscale SksKubeconfig", () => {
  it("creates a kubeconfig for the cluster's endpoint with a signed POST /sks-cluster-kubeconfig/{id}", async () => {
    const c = await newCluster();
    const before = Date.now();
    const k = await kubeconfig.create!(inputs(c.id));
    const outs = k.outs as SksKubeconfigOutputs;
    expect(fake.log.filter((l) => l.method === "POST" && l.path.startsWith("/sks-cluster-kubeconfig/"))).toEqual([
      { method: "POST", path: `/sks-cluster-kubeconfig/${c.id}`, status: 200 },
    ]);
    expect(outs.kubeconfig).toMatch(/^apiVersion: v1\n/);
    expect(outs.kubeconfig).toContain(`    server: ${c.endpoint}\n`);
    expect(c.endpoint).toMatch(/^https:\/\/.+\.exo\.io:443$/);
    expect(outs.kubeconfig).toContain("- name: kube-admin\n");
    const expires = Date.parse(outs.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 3600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(k.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("has the kubeconfig only in outputs, never in inputs (the resource class marks it secret)", async () => {
    const c = await newCluster();
    const checked = await kubeconfig.check!({}, inputs(c.id));
    expect(checked.failures).toEqual([]);
    expect(Object.keys(checked.inputs).sort()).toEqual(["cluster", "groups", "ttlSeconds", "user", "zone"]);
    const k = await kubeconfig.create!(checked.inputs);
    const read = await kubeconfig.read!(k.id, k.outs);
    expect(read.inputs).toEqual(inputs(c.id));
    expect(JSON.stringify(read.inputs)).not.toContain("apiVersion");
    expect(read.props).toEqual(k.outs);
  });

  it("the resource class registers kubeconfig as an additional secret output (mocks)", async () => {
    const secrets = await secretOutputsOf(() => new SksKubeconfig("kc", { zone: "ch-gva-2", cluster: "c1", user: "kube-admin", groups: ["system:masters"] }), "kc");
    expect(secrets).toEqual(["kubeconfig"]);
  });

  it("read() keeps the stored kubeconfig while the cluster exists and reports GONE without it", async () => {
    const c = await newCluster();
    const k = await kubeconfig.create!(inputs(c.id));
    const posts = () => fake.log.filter((l) => l.method === "POST").length;
    const n = posts();
    expect((await kubeconfig.read!(k.id, k.outs)).props.kubeconfig).toBe(k.outs.kubeconfig);
    expect(posts()).toBe(n);
    expect(fake.deleteObject("sksClusters", c.id)).toBe(true);
    expect(await kubeconfig.read!(k.id, k.outs)).toEqual({ id: "", props: {} });
  });

  it("delete() is a no-op: no API call (the certificate expires after ttlSeconds)", async () => {
    const c = await newCluster();
    const k = await kubeconfig.create!(inputs(c.id));
    const n = fake.log.length;
    await kubeconfig.delete!(k.id, k.outs);
    expect(fake.log.length).toBe(n);
  });

  it.each([
    [{ user: "ops" }, "user"],
    [{ groups: ["system:masters", "ops"] }, "groups"],
    [{ ttlSeconds: 7200 }, "ttlSeconds"],
    [{ cluster: "00000000-0000-0000-0000-000000000000" }, "cluster"],
    [{ zone: "de-fra-1" }, "zone"],
  ])("diff: %j replaces", async (over, key) => {
    const olds = { ...inputs("c1"), kubeconfig: "x", expiresAt: new Date(Date.now() + 3600_000).toISOString() };
    const d = await kubeconfig.diff!("id", olds, inputs("c1", over));
    expect(d).toMatchObject({ changes: true, replaces: [key] });
  });

  it("diff: no change keeps it; an expired certificate is replaced", async () => {
    const olds = { ...inputs("c1"), kubeconfig: "x", expiresAt: new Date(Date.now() + 3600_000).toISOString() };
    expect(await kubeconfig.diff!("id", olds, inputs("c1"))).toMatchObject({ changes: false, replaces: [] });
    const expired = { ...olds, expiresAt: new Date(Date.now() - 1000).toISOString() };
    expect(await kubeconfig.diff!("id", expired, inputs("c1"))).toMatchObject({ changes: true, replaces: ["expiresAt"] });
  });

  it("check() defaults ttlSeconds to 30 days and names bad inputs", async () => {
    const { ttlSeconds: _t, ...rest } = inputs("c1");
    expect((await kubeconfig.check!({}, rest)).inputs.ttlSeconds).toBe(DEFAULT_KUBECONFIG_TTL_SECONDS);
    const r = await kubeconfig.check!({}, { zone: "mars-1", cluster: "", user: "", groups: "system:masters", ttlSeconds: 0 });
    const reasons = (r.failures ?? []).map((f) => f.reason).join("\n");
    for (const key of ["zone", "cluster", "user", "groups", "ttlSeconds"]) expect(reasons).toMatch(new RegExp(`^${key}: `, "m"));
  });

  it("fails for a missing cluster (404) and for a bad signature (403), without a kubeconfig", async () => {
    await expect(kubeconfig.create!(inputs("00000000-0000-0000-0000-000000000000"))).rejects.toThrow(/404|not found/);
    const c = await newCluster();
    useSettings({ credentials: { key: TEST_KEY, secret: "wrong" }, missing: [], problems: [], zone: "ch-gva-2", apiUrl: fake.url, retry: { attempts: 1 }, timeoutMs: 2_000 });
    await expect(kubeconfig.create!(inputs(c.id))).rejects.toThrow(/403|signature/);
    expect(fake.log.at(-1)).toEqual({ method: "POST", path: `/sks-cluster-kubeconfig/${c.id}`, status: 403 });
  });

  it("decodeSksKubeconfig refuses an answer without a kubeconfig", () => {
    expect(() => decodeSksKubeconfig({})).toThrow(/returned no kubeconfig/);
    expect(() => decodeSksKubeconfig({ kubeconfig: Buffer.from("hello").toString("base64") })).toThrow(/returned no kubeconfig/);
  });
});
