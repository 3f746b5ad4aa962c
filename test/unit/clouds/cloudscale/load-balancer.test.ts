// Load balancer providers against the fake, which accepts one change at a
// time per load balancer (409 otherwise): concurrent creates must be serialized.
import { provider as lbP } from "../../../../components/clouds/cloudscale/providers/load-balancer";
import { provider as monitorP } from "../../../../components/clouds/cloudscale/providers/load-balancer-health-monitor";
import { provider as listenerP } from "../../../../components/clouds/cloudscale/providers/load-balancer-listener";
import { provider as poolP } from "../../../../components/clouds/cloudscale/providers/load-balancer-pool";
import { provider as memberP } from "../../../../components/clouds/cloudscale/providers/load-balancer-pool-member";
import { provider as netP } from "../../../../components/clouds/cloudscale/providers/network";
import { provider as subnetP } from "../../../../components/clouds/cloudscale/providers/subnet";
import { created, full, useFakeCloudscale } from "./harness";

const [lb, pool, member, listener, monitor, net, subnet] = [lbP, poolP, memberP, listenerP, monitorP, netP, subnetP].map(full);

describe("cloudscale load balancers", () => {
  const fake = useFakeCloudscale();

  it("builds LB, pool, members (concurrently), listener and monitor without a 409; destroys them", async () => {
    const n = await created(net, { idTag: "p/s/net", name: "n", zone: "lpg1" });
    const s = await created(subnet, { idTag: "p/s/sub", cidr: "10.30.0.0/24", network: n.id });
    const l = await created(lb, { idTag: "p/s/lb", name: "ingress", zone: "lpg1" });
    expect(l.outs.vipAddresses.map((v: { version: number }) => v.version)).toEqual([4, 6]);
    expect(l.outs.status).toBe("running");
    const p = await created(pool, { idTag: "p/s/pool", name: "web", loadBalancer: l.id, algorithm: "round_robin", protocol: "tcp" });
    const members = await Promise.all(
      [10, 11, 12].map((host) =>
        created(member, { idTag: `p/s/m${host}`, name: `m${host}`, pool: p.id, protocolPort: 443, address: `10.30.0.${host}`, subnet: s.id }),
      ),
    );
    const [li, mo] = await Promise.all([
      created(listener, { idTag: "p/s/li", name: "https", pool: p.id, protocol: "tcp", protocolPort: 443, allowedCidrs: ["0.0.0.0/0", "::/0"] }),
      created(monitor, { idTag: "p/s/mo", pool: p.id, delayS: 2, timeoutS: 1, upThreshold: 2, downThreshold: 3, type: "tcp" }),
    ]);
    expect(fake.log.filter((r) => r.status === 409)).toEqual([]);
    const o = fake.objects();
    expect([o.pools.length, o.members.length, o.listeners.length, o["health-monitors"].length]).toEqual([1, 3, 1, 1]);
    expect(members[0].outs.loadBalancer).toBe(l.id);

    // An update of a part is one PATCH, also serialized.
    await listener.update(li.id, li.outs, { ...li.inputs, allowedCidrs: ["::/0"] });
    expect(fake.objects().listeners[0].allowed_cidrs).toEqual(["::/0"]);

    await Promise.all([...members.map((m) => member.delete(m.id, m.outs)), listener.delete(li.id, li.outs), monitor.delete(mo.id, mo.outs)]);
    await pool.delete(p.id, p.outs);
    await lb.delete(l.id, l.outs);
    expect(fake.log.filter((r) => r.status === 409)).toEqual([]);
    expect(fake.objects()["load-balancers"]).toEqual([]);
  });

  it("the fake really refuses a second change while the LB is changing", async () => {
    const l = await created(lb, { idTag: "p/s/lb", name: "x", zone: "lpg1" });
    const headers = { authorization: `Bearer ${fake.token}`, "content-type": "application/json" };
    const post = () => fetch(`${fake.url}/load-balancers/pools`, { method: "POST", headers, body: JSON.stringify({ name: "a", load_balancer: l.id, algorithm: "round_robin", protocol: "tcp" }) });
    expect((await post()).status).toBe(201);
    const second = await post();
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({ detail: expect.stringMatching(/one change at a time/) });
  });

  it("diff: LB vipAddresses compare with what was requested, not the assigned VIPs", async () => {
    const l = await created(lb, { idTag: "p/s/lb", name: "x", zone: "lpg1" });
    expect(await lb.diff(l.id, l.outs, l.inputs)).toMatchObject({ changes: false });
    expect(await lb.diff(l.id, l.outs, { ...l.inputs, name: "y" })).toMatchObject({ changes: true, replaces: [] });
    expect((await lb.diff(l.id, l.outs, { ...l.inputs, vipAddresses: [{ subnet: "s" }] })).replaces).toEqual(["vipAddresses"]);
    const r = await lb.read(l.id, l.outs);
    expect(r.inputs).toEqual(l.inputs);
  });

  it("checks LB part inputs", async () => {
    const r = await monitor.check({}, { idTag: "p/s/m", pool: "p", delayS: 1, timeoutS: 5, upThreshold: 2, downThreshold: 3, type: "udp", http: {} });
    expect(r.failures!.map((f) => f.property).sort()).toEqual(["http", "timeoutS", "type"]);
    const r2 = await pool.check({}, { idTag: "p/s/p", name: "p", loadBalancer: "l", algorithm: "random", protocol: "http" });
    expect(r2.failures!.map((f) => f.property).sort()).toEqual(["algorithm", "protocol"]);
  });
});
