// dualstack:nodes.oneAtATime on Exoscale, on the real engine against the fake
// API: another node instance type replaces all three nodes (delete-first:
// each planned private address is a fixed lease), and the fake's history
// shows at least two of them up at every moment of the `up`, replaced one
// after the other (node N+1 goes only once the new node N runs). The ingress
// hosts stay. Draining is not checked: no guest runs here.
import type { AddressPlan } from "../../../components/addressing";
import { expectOk } from "../../../scripts/lib/engine-stack";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { exoscaleMoments, rollingProblems, tooFewUp, replacementProblems } from "../../support/entry-history";
import { MainExoscaleStack, type PlainConfig } from "./main-stack";

jest.setTimeout(900_000);

const NODES = 3;
const fake = new FakeExoscale({ pendingPolls: 1 });
const stack = new MainExoscaleStack(`itest-exonoderoll-${process.pid}`);

const config = (instanceType = "standard.small"): PlainConfig => ({
  provider: "exoscale",
  network: { ipv4Supernet: "10.93.0.0/16" },
  nodes: { count: NODES, oneAtATime: true },
  ingress: { count: 2 },
  exoscale: { apiUrl: fake.url, instanceType },
});

beforeAll(async () => {
  await fake.start();
  await stack.init(config(), TEST_KEY, TEST_SECRET);
});
afterAll(async () => {
  if (fake.count() > 0) await stack.destroy();
  await stack.remove();
  await fake.stop();
});

describe("replacing all Exoscale nodes with nodes.oneAtATime (real engine, fake API)", () => {
  it("keeps all nodes but one up throughout, replacing them one after the other", async () => {
    expectOk(await stack.up(), "first up");
    const plan = (await stack.outputs()).addressPlan as AddressPlan;
    const apiName = (host: string) => `${plan.name}-${host}`;
    const before = new Map(fake.objects().instances.map((i) => [String(i.name), String(i.id)]));

    stack.writeConfig(config("standard.medium"));
    const from = fake.history.length;
    expectOk(await stack.up(), "up replacing the nodes");
    const during = fake.history.slice(from);

    const after = new Map(fake.objects().instances.map((i) => [String(i.name), String(i.id)]));
    const nodes = plan.nodes.map((n) => apiName(n.name));
    expect(nodes).toHaveLength(NODES);
    expect(replacementProblems(before, after, nodes, plan.ingress.hosts.map((h) => apiName(h.name)))).toEqual([]);

    const moments = exoscaleMoments(during);
    expect(tooFewUp(moments, nodes, NODES - 1)).toEqual([]);
    expect(rollingProblems(moments, nodes, new Set(nodes.map((n) => before.get(n)!)))).toEqual([]);
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview after the replacement");
  });
});
