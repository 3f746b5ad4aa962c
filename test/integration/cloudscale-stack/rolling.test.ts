// A change that replaces both cloudscale ingress hosts (a new failover token:
// new user data), on the real engine against the fake API, keeps the entry
// point: no guest runs here, so the fake's history is the evidence that at
// every moment of the `up` both floating IPs were on a server that exists,
// runs and is not being deleted (handed to the peer before each DELETE,
// providers/handover.ts), and that the hosts went one after the other.
import type { AddressPlan } from "../../../components/addressing";
import { expectOk } from "../../../scripts/lib/engine-stack";
import { FakeCloudscale } from "../../fakes/cloudscale/server";
import { cloudscaleMoments, floatingIpGaps, rollingProblems, replacementProblems } from "../../support/entry-history";
import { MainProjectStack } from "./main-stack";

jest.setTimeout(900_000);

const fake = new FakeCloudscale({ pollsUntilReady: 1 });
const SECRETS = { "dualstack:cloudscaleToken": fake.token, "dualstack:cloudscaleFailoverToken": "itest-roll-failover-1" };
const stack = new MainProjectStack(`itest-csroll-${process.pid}`);

const config = () => ({
  "dualstack:provider": "cloudscale",
  "dualstack:network": { ipv4Supernet: "10.62.0.0/16" },
  "dualstack:nodes": { count: 2 },
  "dualstack:ingress": { count: 2 },
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

describe("replacing both cloudscale ingress hosts (real engine, fake API)", () => {
  it("keeps both floating IPs on a living server throughout, replacing the hosts one after the other", async () => {
    expectOk(await stack.up(), "first up");
    const plan = (await stack.outputs()).addressPlan as AddressPlan;
    const apiName = (host: string) => `${plan.name}-${host}`;
    const before = new Map(fake.objects().servers.map((s) => [String(s.name), s.uuid]));
    const addresses = fake.objects()["floating-ips"].map((f) => String(f.network).split("/")[0]);
    expect(addresses).toHaveLength(2);

    // A new failover token changes only the ingress hosts' user data, which cloudscale cannot change in place.
    await stack.setConfig(config(), { "dualstack:cloudscaleFailoverToken": "itest-roll-failover-2" });
    const from = fake.history.length;
    expectOk(await stack.up(), "up replacing the ingress hosts");
    const during = fake.history.slice(from);

    const after = new Map(fake.objects().servers.map((s) => [String(s.name), s.uuid]));
    const ingress = plan.ingress.hosts.map((h) => apiName(h.name));
    expect(replacementProblems(before, after, ingress, plan.nodes.map((n) => apiName(n.name)))).toEqual([]);

    expect(floatingIpGaps(during, addresses)).toEqual([]);
    expect(rollingProblems(cloudscaleMoments(during), ingress, new Set(ingress.map((n) => before.get(n)!)))).toEqual([]);
    // As planned once the change is done: both on the new first ingress host.
    const holders = fake.objects()["floating-ips"].map((f) => (f.server as { uuid: string }).uuid);
    expect(holders).toEqual([after.get(ingress[0]), after.get(ingress[0])]);
    expectOk(await stack.preview(["--expect-no-changes"]), "no-op preview after the replacement");
  });
});
