// cloudscale refuses a PATCH that changes several attributes at once (400 "To
// keep changes atomic", as the SDK's tests against the real API expect; the
// fake does the same). Every update that changes several inputs must send one
// attribute per PATCH, and still end where the inputs say.
import { provider as fipP } from "../../../../components/clouds/cloudscale/providers/floating-ip";
import { provider as lbP } from "../../../../components/clouds/cloudscale/providers/load-balancer";
import { provider as monitorP } from "../../../../components/clouds/cloudscale/providers/load-balancer-health-monitor";
import { provider as listenerP } from "../../../../components/clouds/cloudscale/providers/load-balancer-listener";
import { provider as poolP } from "../../../../components/clouds/cloudscale/providers/load-balancer-pool";
import { provider as memberP } from "../../../../components/clouds/cloudscale/providers/load-balancer-pool-member";
import { provider as netP } from "../../../../components/clouds/cloudscale/providers/network";
import { provider as serverP } from "../../../../components/clouds/cloudscale/providers/server";
import { provider as groupP } from "../../../../components/clouds/cloudscale/providers/server-group";
import { provider as subnetP } from "../../../../components/clouds/cloudscale/providers/subnet";
import { ATOMIC_PREFIX } from "../../../fakes/cloudscale/server";
import { created, full, useFakeCloudscale } from "./harness";

const [server, net, subnet, group, fip, lb, pool, member, listener, monitor] = [serverP, netP, subnetP, groupP, fipP, lbP, poolP, memberP, listenerP, monitorP].map(full);

describe("cloudscale PATCH: one attribute per request", () => {
  const fake = useFakeCloudscale();
  const patches = () => fake.log.filter((r) => r.method === "PATCH");
  /** The attributes each PATCH changed (an http sub-field counts as one). */
  const attributes = () =>
    patches().map((r) =>
      Object.entries(r.body as Record<string, unknown>).flatMap(([k, v]) => (k === "http" && v && typeof v === "object" ? Object.keys(v).map((h) => `http.${h}`) : [k])),
    );

  it("the fake refuses two attributes in one PATCH, like the API", async () => {
    const n = await created(net, { idTag: "p/s/net", name: "n", zone: "lpg1" });
    const r = await fetch(`${fake.url}/networks/${n.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "m", mtu: 1500 }),
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(await r.json())).toContain(ATOMIC_PREFIX);
  });

  it("server name + tags, network name + mtu, subnet gateway + DNS, group name + tags, floating IP server + reverse PTR", async () => {
    const s = await created(server, { idTag: "p/s/s", name: "s", flavor: "flex-4-2", image: "debian-12", zone: "lpg1" });
    const s2 = await created(server, { idTag: "p/s/s2", name: "s2", flavor: "flex-4-2", image: "debian-12", zone: "lpg1" });
    const n = await created(net, { idTag: "p/s/net", name: "n", zone: "lpg1" });
    const sn = await created(subnet, { idTag: "p/s/sub", cidr: "10.40.0.0/24", network: n.id });
    const g = await created(group, { idTag: "p/s/g", name: "g", zone: "lpg1" });
    const f = await created(fip, { idTag: "p/s/f", ipVersion: 6, server: s.id });
    fake.log.length = 0;

    await server.update(s.id, s.outs, { ...s.inputs, name: "s-renamed", tags: { team: "edge" } });
    await net.update(n.id, n.outs, { ...n.inputs, name: "n2", mtu: 1500, tags: { a: "b" } });
    await subnet.update(sn.id, sn.outs, { ...sn.inputs, gatewayAddress: "10.40.0.254", dnsServers: ["9.9.9.9"] });
    await group.update(g.id, g.outs, { ...g.inputs, name: "g2", tags: { a: "b" } });
    await fip.update(f.id, f.outs, { ...f.inputs, server: s2.id, reversePtr: "edge.example.com" });

    expect(patches().map((r) => r.status)).toEqual(patches().map(() => 204));
    expect(attributes().every((a) => a.length === 1)).toBe(true);
    expect(attributes().flat()).toEqual(["name", "tags", "name", "mtu", "tags", "gateway_address", "dns_servers", "name", "tags", "server", "reverse_ptr"]);
    const o = fake.objects();
    expect(o.servers.find((x) => x.uuid === s.id)).toMatchObject({ name: "s-renamed", tags: { team: "edge", "dualstack-id": "p/s/s" } });
    expect(o.networks[0]).toMatchObject({ name: "n2", mtu: 1500, tags: { a: "b" } });
    expect(o.subnets[0]).toMatchObject({ gateway_address: "10.40.0.254", dns_servers: ["9.9.9.9"] });
    expect(o["floating-ips"][0]).toMatchObject({ server: { uuid: s2.id }, reverse_ptr: "edge.example.com" });
  });

  it("load balancer and its parts: several changes are several serialized PATCHes", async () => {
    const n = await created(net, { idTag: "p/s/net", name: "n", zone: "lpg1" });
    const sn = await created(subnet, { idTag: "p/s/sub", cidr: "10.41.0.0/24", network: n.id });
    const l = await created(lb, { idTag: "p/s/lb", name: "ingress", zone: "lpg1" });
    const p = await created(pool, { idTag: "p/s/pool", name: "web", loadBalancer: l.id, algorithm: "round_robin", protocol: "tcp" });
    const m = await created(member, { idTag: "p/s/m", name: "m", pool: p.id, protocolPort: 443, address: "10.41.0.10", subnet: sn.id });
    const li = await created(listener, { idTag: "p/s/li", name: "https", pool: p.id, protocol: "tcp", protocolPort: 443 });
    const mo = await created(monitor, {
      idTag: "p/s/mo", pool: p.id, delayS: 2, timeoutS: 1, upThreshold: 2, downThreshold: 3, type: "http",
      http: { expectedCodes: ["200"], method: "GET", urlPath: "/", version: "1.1" },
    });
    fake.log.length = 0;

    await lb.update(l.id, l.outs, { ...l.inputs, name: "ingress-2", tags: { a: "b" } });
    await pool.update(p.id, p.outs, { ...p.inputs, name: "web-2", tags: { a: "b" } });
    await member.update(m.id, m.outs, { ...m.inputs, name: "m-2", enabled: false });
    await listener.update(li.id, li.outs, { ...li.inputs, protocolPort: 8443, allowedCidrs: ["::/0"], tags: { a: "b" } });
    await monitor.update(mo.id, mo.outs, { ...mo.inputs, delayS: 5, timeoutS: 3, http: { expectedCodes: ["200", "204"], method: "GET", urlPath: "/healthz", version: "1.1" } });

    expect(fake.log.filter((r) => r.status >= 400)).toEqual([]);
    expect(attributes().every((a) => a.length === 1)).toBe(true);
    expect(attributes().flat()).toEqual([
      "name", "tags", "name", "tags", "name", "enabled", "protocol_port", "allowed_cidrs", "tags",
      "delay_s", "timeout_s", "http.expected_codes", "http.url_path",
    ]);
    const o = fake.objects();
    expect(o.listeners[0]).toMatchObject({ protocol_port: 8443, allowed_cidrs: ["::/0"], tags: { a: "b" } });
    expect(o["health-monitors"][0]).toMatchObject({ delay_s: 5, timeout_s: 3, http: { expected_codes: ["200", "204"], url_path: "/healthz", method: "GET" } });
    expect(o.members[0]).toMatchObject({ name: "m-2", enabled: false });
  });
});
