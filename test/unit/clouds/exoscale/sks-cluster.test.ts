// SksCluster against the fake API: Kubernetes upgrades through
// `PUT /sks-cluster/{id}/upgrade`, the path of the API's upgrade-sks-cluster
// operation (egoscale v3 UpgradeSKSCluster); `networking`, which the API takes
// on create but never returns, kept from the state by read().
import { provider as cluster, SksClusterInputs } from "../../../../components/clouds/exoscale/providers/sks-cluster";
import { signRequest } from "../../../../components/clouds/exoscale/signer";
import type { HttpMethod } from "../../../../components/clouds/http";
import { TEST_KEY, TEST_SECRET } from "../../../fakes/exoscale/server";
import { useFakeExoscale } from "./helpers";

const fake = useFakeExoscale();

const inputs = (over: Partial<SksClusterInputs> = {}): SksClusterInputs => ({
  zone: "ch-gva-2",
  name: "k8s",
  level: "pro",
  version: "1.33.1",
  cni: "cilium",
  labels: { "dualstack-id": "p/s/k8s" },
  ...over,
});

/** A correctly signed request, straight to the fake. */
async function signedCall(method: HttpMethod, path: string, body?: object) {
  const text = body === undefined ? "" : JSON.stringify(body);
  const authorization = signRequest({ method, path: `/v2${path}`, query: [], body: text }, { key: TEST_KEY, secret: TEST_SECRET });
  const res = await fetch(`${fake.url}${path}`, { method, body: text || undefined, headers: { authorization, "content-type": "application/json" } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { message?: string } };
}

describe("exoscale SksCluster upgrades", () => {
  it("upgrades in place with PUT /sks-cluster/{id}/upgrade, and reads the new version back", async () => {
    const c = await cluster.create!(inputs());
    const news = inputs({ version: "1.34.0" });
    expect(await cluster.diff!(c.id, c.outs, news)).toMatchObject({ changes: true, replaces: [] });

    fake.log.length = 0;
    const { outs } = await cluster.update!(c.id, c.outs, news);
    expect(fake.log.filter((r) => r.method === "PUT")).toEqual([{ method: "PUT", path: `/sks-cluster/${c.id}/upgrade`, status: 200 }]);
    expect(fake.objects().sksClusters[0].version).toBe("1.34.0");
    expect(outs.version).toBe("1.34.0");
    expect((await cluster.read!(c.id, outs)).props).toMatchObject({ version: "1.34.0" });
  });

  it("replaces the cluster for a downgrade instead of calling the upgrade", async () => {
    const c = await cluster.create!(inputs({ version: "1.34.0" }));
    expect(await cluster.diff!(c.id, c.outs, inputs({ version: "1.33.1" }))).toMatchObject({ changes: true, replaces: ["version"] });
  });

  it("the fake, like the API, has no `:upgrade` action: 404 and the version stays", async () => {
    const c = await cluster.create!(inputs());
    const wrong = await signedCall("PUT", `/sks-cluster/${c.id}:upgrade`, { version: "1.34.0" });
    expect(wrong.status).toBe(404);
    expect(wrong.body.message).toMatch(/no such endpoint/);
    expect(fake.objects().sksClusters[0].version).toBe("1.33.1");

    const right = await signedCall("PUT", `/sks-cluster/${c.id}/upgrade`, { version: "1.34.0" });
    expect(right.status).toBe(200);
    expect(fake.objects().sksClusters[0].version).toBe("1.34.0");
  });
});

describe("exoscale SksCluster networking", () => {
  const networking = { clusterCidr: "192.168.0.0/16,fd00:10:244::/56", serviceClusterIpRange: "10.96.0.0/12,fd00:10:96::/112" };

  it("is sent on create, and, as by the API, not returned by GET (one cluster or the list)", async () => {
    const c = await cluster.create!(inputs({ networking }));
    expect(fake.objects().sksClusters[0].networking).toEqual({ "cluster-cidr": networking.clusterCidr, "service-cluster-ip-range": networking.serviceClusterIpRange });
    const one = await signedCall("GET", `/sks-cluster/${c.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: c.id, version: "1.33.1", cni: "cilium" });
    expect(one.body).not.toHaveProperty("networking");
    const list = await signedCall("GET", "/sks-cluster");
    expect(list.body["sks-clusters"]).toHaveLength(1);
    expect((list.body["sks-clusters"] as object[])[0]).not.toHaveProperty("networking");
  });

  it("read() keeps it from the state, so the same inputs after a refresh are no change (and no replace)", async () => {
    const c = await cluster.create!(inputs({ networking }));
    const { props } = await cluster.read!(c.id, c.outs);
    expect(props).toEqual(c.outs);
    expect(props!.networking).toEqual(networking);
    expect(await cluster.diff!(c.id, props, inputs({ networking }))).toMatchObject({ changes: false });
    // A real change of the ranges still replaces.
    const other = { ...networking, serviceClusterIpRange: "10.96.0.0/12,fd00:10:97::/112" };
    expect(await cluster.diff!(c.id, props, inputs({ networking: other }))).toMatchObject({ changes: true, replaces: ["networking"] });
  });

  it("read() of a cluster created without it reports none", async () => {
    const c = await cluster.create!(inputs());
    const { props } = await cluster.read!(c.id, c.outs);
    expect(props).not.toHaveProperty("networking");
    expect(await cluster.diff!(c.id, props, inputs())).toMatchObject({ changes: false });
  });
});
