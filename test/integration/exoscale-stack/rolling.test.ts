// A change that replaces both Exoscale ingress hosts (another ingress
// instance type), on the real engine against the fake API, keeps the entry
// point: no guest runs here, so the fake's history is the evidence that at
// every moment of the `up` each elastic IP had at least one healthy,
// existing instance behind it (each host detaches only itself; the next
// host waits for the new one's attachments), and that the hosts went one
// after the other (delete-first: the planned private address is a fixed lease).
import type { AddressPlan } from "../../../components/addressing";
import { expectOk } from "../../../scripts/lib/engine-stack";
import { FakeExoscale, TEST_KEY, TEST_SECRET } from "../../fakes/exoscale/server";
import { elasticIpGaps, exoscaleMoments, rollingProblems, replacementProblems } from "../../support/entry-history";
import { MainExoscaleStack, type PlainConfig } from "./main-stack";

jest.setTimeout(900_000);

// A managed EIP serves a new attachment only after its rise time, here 1 s; the providers wait as long.
const RISE_MS = 1_000;
const fake = new FakeExoscale({ pendingPolls: 1, healthRiseMs: RISE_MS });
const stack = new MainExoscaleStack(`itest-exoroll-${process.pid}`);

const config = (ingressInstanceType = "standard.small"): PlainConfig => ({
  provider: "exoscale",
  network: { ipv4Supernet: "10.92.0.0/16" },
  nodes: { count: 2 },
  ingress: { count: 2 },
  exoscale: { apiUrl: fake.url, ingressInstanceType, healthcheckRiseMs: RISE_MS },
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

describe("replacing both Exoscale ingress hosts (real engine, fake API)", () => {
  it("keeps a healthy instance behind each elastic IP throughout, replacing the hosts one after the other", async () => {
    expectOk(await stack.up(), "first up");
    const plan = (await stack.outputs()).addressPlan as AddressPlan;
    const apiName = (host: string) => `${plan.name}-${host}`;
    const before = new Map(fake.objects().instances.map((i) => [String(i.name), String(i.id)]));
    const eips = fake.objects().elasticIps.map((e) => String(e.id));
    expect(eips).toHaveLength(2);

    stack.writeConfig(config("standard.medium"));
    const from = fake.history.length;
    expectOk(await stack.up(), "up replacing the ingress hosts");
    const during = fake.history.slice(from);

    const after = new Map(fake.objects().instances.map((i) => [String(i.name), String(i.id)]));
    const ingress = plan.ingress.hosts.map((h) => apiName(h.name));
    expect(replacementProblems(before, after, ingress, plan.nodes.map((n) => apiName(n.name)))).toEqual([]);

    expect(elasticIpGaps(during, eips)).toEqual([]);
    expect(rollingProblems(exoscaleMoments(during), ingress, new Set(ingress.map((n) => before.get(n)!)))).toEqual([]);
    // Both EIPs on both new hosts again, each on its planned lease.
    for (const name of ingress) {
      const i = fake.objects().instances.find((x) => x.name === name)!;
      expect((i["elastic-ips"] as { id: string }[]).map((e) => e.id).sort()).toEqual([...eips].sort());
    }
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview after the replacement");
  });
});
