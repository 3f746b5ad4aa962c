// SksCluster against the fake API: Kubernetes upgrades through
// `PUT /sks-cluster/{id}/upgrade`, the path of the API's upgrade-sks-cluster
// operation (egoscale v3 UpgradeSKSCluster).
import { provider as cluster, SksClusterInputs } from "../../../../components/clouds/exoscale/providers/sks-cluster";
import { signRequest } from "../../../../components/clouds/exoscale/signer";
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
async function signedCall(method: string, path: string, body: object) {
  const text = JSON.stringify(body);
  const authorization = signRequest({ method, path: `/v2${path}`, query: [], body: text }, { key: TEST_KEY, secret: TEST_SECRET });
  const res = await fetch(`${fake.url}${path}`, { method, body: text, headers: { authorization, "content-type": "application/json" } });
  return { status: res.status, body: (await res.json()) as { message?: string } };
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
