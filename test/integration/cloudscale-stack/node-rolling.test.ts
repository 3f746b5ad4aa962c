// dualstack:nodes.oneAtATime on cloudscale, on the real engine against the
// fake API: another Docker address pool (dualstack:docker.ipv4Pool, in the
// nodes' user data only, which cloudscale cannot change in place) replaces
// all three node servers, delete-first (fixed planned private addresses).
// The fake's history shows at least two nodes up at every moment of the
// `up`, replaced one after the other (node N+1 is deleted only once the new
// node N runs). The ingress hosts stay. Draining is not checked: no guest runs here.
import type { AddressPlan } from "../../../components/addressing";
import { expectOk } from "../../../scripts/lib/engine-stack";
import { FakeCloudscale } from "../../fakes/cloudscale/server";
import { cloudscaleMoments, rollingProblems, tooFewUp, replacementProblems } from "../../support/entry-history";
import { MainProjectStack } from "./main-stack";

jest.setTimeout(900_000);

const NODES = 3;
const fake = new FakeCloudscale({ pollsUntilReady: 1 });
const SECRETS = { "dualstack:cloudscaleToken": fake.token, "dualstack:cloudscaleFailoverToken": "itest-noderoll-failover" };
const stack = new MainProjectStack(`itest-csnoderoll-${process.pid}`);

const config = (ipv4Pool = "192.168.128.0/17") => ({
  "dualstack:provider": "cloudscale",
  "dualstack:network": { ipv4Supernet: "10.63.0.0/16" },
  "dualstack:nodes": { count: NODES, oneAtATime: true },
  "dualstack:ingress": { count: 2 },
  "dualstack:docker": { ipv4Pool },
  "dualstack:cloudscale": { zone: "lpg1", apiUrl: fake.url, pollIntervalMs: 20, requestTimeoutMs: 5_000 },
});

beforeAll(async () => {
  await fake.start();
  await stack.create(config(), SECRETS);
});
afterAll(async () => {
  await stack.destroy();
  await stack.remove();
  await fake.stop();
});

describe("replacing all cloudscale nodes with nodes.oneAtATime (real engine, fake API)", () => {
  it("keeps all nodes but one up throughout, replacing them one after the other", async () => {
    expectOk(await stack.up(), "first up");
    const plan = (await stack.outputs()).addressPlan as AddressPlan;
    const apiName = (host: string) => `${plan.name}-${host}`;
    const before = new Map(fake.objects().servers.map((s) => [String(s.name), s.uuid]));

    await stack.setConfig(config("192.168.64.0/18"), SECRETS);
    const from = fake.history.length;
    expectOk(await stack.up(), "up replacing the nodes");
    const during = fake.history.slice(from);

    const after = new Map(fake.objects().servers.map((s) => [String(s.name), s.uuid]));
    const nodes = plan.nodes.map((n) => apiName(n.name));
    expect(nodes).toHaveLength(NODES);
    expect(replacementProblems(before, after, nodes, plan.ingress.hosts.map((h) => apiName(h.name)))).toEqual([]);

    const moments = cloudscaleMoments(during);
    expect(tooFewUp(moments, nodes, NODES - 1)).toEqual([]);
    expect(rollingProblems(moments, nodes, new Set(nodes.map((n) => before.get(n)!)))).toEqual([]);
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview after the replacement");
  });
});
