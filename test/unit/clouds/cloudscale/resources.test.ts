// Network, Subnet, ServerGroup and FloatingIp providers against the fake API.
import { provider as fipP } from "../../../../components/clouds/cloudscale/providers/floating-ip";
import { provider as groupP } from "../../../../components/clouds/cloudscale/providers/server-group";
import { provider as netP } from "../../../../components/clouds/cloudscale/providers/network";
import { provider as serverP } from "../../../../components/clouds/cloudscale/providers/server";
import { provider as subnetP } from "../../../../components/clouds/cloudscale/providers/subnet";
import { created, full, useFakeCloudscale } from "./harness";

const [fip, group, net, server, subnet] = [fipP, groupP, netP, serverP, subnetP].map(full);

/** check() then create(), failing on check failures. */
describe("cloudscale Network, Subnet, ServerGroup, FloatingIp", () => {
  const fake = useFakeCloudscale();

  it("creates a network without an automatic subnet, and an IPv4 subnet in it", async () => {
    const n = await created(net, { idTag: "p/s/net", name: "private", zone: "lpg1" });
    expect(n.outs).toMatchObject({ uuid: n.id, mtu: 9000, autoCreateIpv4Subnet: false, subnets: [] });
    const s = await created(subnet, { idTag: "p/s/sub", cidr: "10.20.0.0/24", network: n.id, gatewayAddress: "10.20.0.1" });
    expect(fake.objects().subnets).toEqual([expect.objectContaining({ uuid: s.id, cidr: "10.20.0.0/24", gateway_address: "10.20.0.1" })]);
    // gateway updates in place; cidr replaces
    expect(await subnet.diff(s.id, s.outs, { ...s.inputs, gatewayAddress: "10.20.0.254" })).toMatchObject({ changes: true, replaces: [] });
    expect((await subnet.diff(s.id, s.outs, { ...s.inputs, cidr: "10.21.0.0/24" })).replaces).toEqual(["cidr"]);
    await subnet.update(s.id, s.outs, { ...s.inputs, gatewayAddress: "10.20.0.254" });
    expect(fake.objects().subnets[0].gateway_address).toBe("10.20.0.254");
    const nr = await net.read(n.id, n.outs);
    expect(nr.props).toMatchObject({ subnets: [s.id] });
    await subnet.delete(s.id, s.outs);
    await net.delete(n.id, n.outs);
    expect(fake.objects().networks).toEqual([]);
  });

  it("rejects bad network/subnet inputs with the property named", async () => {
    const r1 = await net.check({}, { idTag: "p/s/n", name: "x", zone: "lpg1", autoCreateIpv4Subnet: true, mtu: 100 });
    expect(r1.failures!.map((f) => f.property).sort()).toEqual(["autoCreateIpv4Subnet", "mtu"]);
    const r2 = await subnet.check({}, { idTag: "p/s/s", cidr: "fd00::/64", network: "n" });
    expect(r2.failures).toEqual([{ property: "cidr", reason: expect.stringMatching(/IPv4 CIDR .*private subnets are IPv4 only/) }]);
  });

  it("creates an anti-affinity group and servers in it", async () => {
    const g = await created(group, { idTag: "p/s/g", name: "ingress", zone: "lpg1" });
    expect(g.outs).toMatchObject({ type: "anti-affinity", uuid: g.id });
    const s = await created(server, { idTag: "p/s/s1", name: "s1", flavor: "flex-4-2", image: "debian-12", zone: "lpg1", serverGroups: [g.id] });
    expect(fake.objects()["server-groups"][0].servers).toEqual([expect.objectContaining({ uuid: s.id })]);
    const r = await group.check({}, { idTag: "p/s/g", name: "x", zone: "lpg1", type: "affinity" });
    expect(r.failures).toEqual([{ property: "type", reason: '"affinity" is not valid; one of: anti-affinity' }]);
  });

  it("floating IPs: id is the address, moving between servers is an update (PATCH)", async () => {
    const s1 = await created(server, { idTag: "p/s/s1", name: "s1", flavor: "flex-4-2", image: "debian-12", zone: "lpg1" });
    const s2 = await created(server, { idTag: "p/s/s2", name: "s2", flavor: "flex-4-2", image: "debian-12", zone: "lpg1" });
    const v4 = await created(fip, { idTag: "p/s/v4", ipVersion: 4, server: s1.id, region: "lpg" });
    const v6 = await created(fip, { idTag: "p/s/v6", ipVersion: 6, server: s1.id });
    expect(v4.id).toBe(v4.outs.address);
    expect(v4.outs.network).toBe(`${v4.id}/32`);
    expect(v6.outs.network).toMatch(/^2001:db8:cafe::[0-9a-f]+\/128$/);
    expect(v6.outs.nextHop).toBe(s1.outs.publicIpv6);
    const moved = { ...v6.inputs, server: s2.id };
    expect(await fip.diff(v6.id, v6.outs, moved)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await fip.update(v6.id, v6.outs, moved);
    expect(outs).toMatchObject({ server: s2.id, nextHop: s2.outs.publicIpv6 });
    expect(fake.log.filter((r) => r.method === "PATCH").map((r) => r.path)).toEqual([`/v1/floating-ips/${v6.id}`]);
    // Moved back by hand (keepalived): refresh shows it.
    fake.mutate("floating-ips", v6.id, (f) => (f.server = { uuid: s1.id }));
    expect((await fip.read(v6.id, outs)).inputs).toMatchObject({ server: s1.id });
    await fip.delete(v4.id, v4.outs);
    await fip.delete(v6.id, outs);
    expect(fake.objects()["floating-ips"]).toEqual([]);
  });

  it("a /56 IPv6 network, and a lost create adopted without a second address", async () => {
    fake.inject("POST /v1/floating-ips", "lose-response");
    const net56 = await created(fip, { idTag: "p/s/net56", ipVersion: 6, prefixLength: 56, type: "global" });
    expect(net56.outs.network).toMatch(/\/56$/);
    expect(fake.objects()["floating-ips"]).toHaveLength(1);
  });

  it("checks floating IP inputs", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ipVersion: 5 }, "ipVersion", /one of: 4, 6/],
      [{ ipVersion: 6, prefixLength: 64 }, "prefixLength", /only 56/],
      [{ ipVersion: 4, prefixLength: 56 }, "prefixLength", /only for ipVersion 6/],
      [{ ipVersion: 4, region: "zrh" }, "region", /one of: lpg, rma/],
      [{ ipVersion: 4, type: "global", region: "lpg" }, "region", /omitted for a global/],
      [{ ipVersion: 4, server: "a", loadBalancer: "b" }, "loadBalancer", /either server or loadBalancer/],
    ];
    for (const [bad, property, reason] of cases) {
      const r = await fip.check({}, { idTag: "p/s/f", ...bad });
      expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    }
  });
});
