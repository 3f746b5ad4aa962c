// Deleting a server hands its floating IPs to a running peer of its server
// group first (providers/handover.ts), and an assignment moves an address
// only onto a running server: the fake's history shows no moment with an
// address on a server that is being deleted.
import { provider as assignmentP } from "../../../../components/clouds/cloudscale/providers/floating-ip-assignment";
import { provider as fipP } from "../../../../components/clouds/cloudscale/providers/floating-ip";
import { provider as groupP } from "../../../../components/clouds/cloudscale/providers/server-group";
import { provider as serverP } from "../../../../components/clouds/cloudscale/providers/server";
import { floatingIpGaps } from "../../../support/entry-history";
import { created, full, useFakeCloudscale } from "./harness";

const [assignment, fip, group, server] = [assignmentP, fipP, groupP, serverP].map(full);

describe("cloudscale floating IP handover", () => {
  const fake = useFakeCloudscale();

  async function pair(groups: string[][]) {
    const made = await Promise.all(
      groups.map((g, n) => created(server, { idTag: `p/s/s${n + 1}`, name: `s${n + 1}`, flavor: "flex-4-1", image: "debian-12", zone: "lpg1", serverGroups: g })),
    );
    const v4 = await created(fip, { idTag: "p/s/v4", ipVersion: 4, server: made[0].id, region: "lpg" });
    const v6 = await created(fip, { idTag: "p/s/v6", ipVersion: 6, server: made[0].id, region: "lpg" });
    return { servers: made, addresses: [v4.id, v6.id] };
  }
  const holders = () => fake.objects()["floating-ips"].map((f) => (f.server as { uuid: string } | null)?.uuid ?? null);

  it("moves both floating IPs to the running peer before the DELETE", async () => {
    const g = await created(group, { idTag: "p/s/g", name: "ingress", zone: "lpg1" });
    const { servers: [s1, s2], addresses } = await pair([[g.id], [g.id]]);
    const from = fake.history.length;
    await server.delete(s1.id, s1.outs);
    expect(holders()).toEqual([s2.id, s2.id]);
    expect(floatingIpGaps(fake.history.slice(from), addresses)).toEqual([]);
    const writes = fake.log.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);
    expect(writes.slice(-3)).toEqual(["PATCH /v1/floating-ips/:id", "PATCH /v1/floating-ips/:id", "DELETE /v1/servers/:id"]);
  });

  it("without a running peer, deletes anyway (the addresses go with the server)", async () => {
    const { servers: [s1] } = await pair([[]]);
    await server.delete(s1.id, s1.outs);
    expect(holders()).toEqual([null, null]);
    expect(fake.objects().servers).toEqual([]);
  });

  it("an assignment waits for its server to run, never putting an address on a server still changing", async () => {
    const { servers: [s1, s2], addresses } = await pair([[], []]);
    fake.mutate("servers", s2.id, (s) => (s.status = "changing"));
    const pending = assignment.create({ idTag: "p/s/a", floatingIp: addresses[0], server: s2.id, __provider: "" } as never);
    await new Promise((r) => setTimeout(r, 50));
    expect(holders()[0]).toBe(s1.id);
    fake.mutate("servers", s2.id, (s) => (s.status = "running"));
    await pending;
    expect(holders()[0]).toBe(s2.id);
  });
});
