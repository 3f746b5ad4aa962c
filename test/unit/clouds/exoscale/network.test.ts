// Security groups and rules, anti-affinity groups, private networks and
// elastic IPs with their attachments, against the fake API.
import { provider as aag } from "../../../../components/clouds/exoscale/providers/anti-affinity-group";
import { provider as eipAttachment } from "../../../../components/clouds/exoscale/providers/elastic-ip-attachment";
import { provider as eip, ElasticIpInputs } from "../../../../components/clouds/exoscale/providers/elastic-ip";
import { provider as instance } from "../../../../components/clouds/exoscale/providers/instance";
import { provider as pnAttachment } from "../../../../components/clouds/exoscale/providers/private-network-attachment";
import { provider as privateNetwork } from "../../../../components/clouds/exoscale/providers/private-network";
import { provider as rule, SecurityGroupRuleInputs } from "../../../../components/clouds/exoscale/providers/security-group-rule";
import { provider as securityGroup } from "../../../../components/clouds/exoscale/providers/security-group";
import { GONE } from "../../../../components/dynamic";
import { useFakeExoscale } from "./helpers";

const fake = useFakeExoscale();

const vm = (name: string, publicIpAssignment: "dual" | "inet4" = "dual") =>
  instance.create!({ name, zone: "ch-gva-2", instanceType: "standard.small", template: "Linux Ubuntu 24.04 LTS 64-bit", diskSize: 10, publicIpAssignment, labels: { "dualstack-id": `p/s/${name}` } });

const failures = async (p: typeof rule, news: object) => ((await p.check!({}, news)).failures ?? []).map((f) => f.reason).join("\n");

describe("exoscale SecurityGroup and SecurityGroupRule", () => {
  const web: Omit<SecurityGroupRuleInputs, "securityGroup"> = { flowDirection: "ingress", protocol: "tcp", network: "::/0", startPort: 443, endPort: 443 };

  it("creates a group and rules (incl. ICMPv6 echo), reads them back, deletes them", async () => {
    const sg = await securityGroup.create!({ name: "web" });
    const r1 = await rule.create!({ securityGroup: sg.id, ...web });
    const r2 = await rule.create!({ securityGroup: sg.id, flowDirection: "ingress", protocol: "icmpv6", network: "::/0", icmp: { type: 128, code: 0 } });
    expect(fake.objects().securityGroups[0].rules.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
    expect((await rule.read!(r1.id, r1.outs)).props).toEqual(r1.outs);
    expect((await rule.read!(r2.id, r2.outs)).props).toEqual(r2.outs);
    await rule.delete!(r1.id, r1.outs);
    expect(await rule.read!(r1.id, r1.outs)).toEqual(GONE);
    await rule.delete!(r2.id, r2.outs);
    await securityGroup.delete!(sg.id, sg.outs);
    expect(fake.count()).toBe(0);
  });

  it("adopts a group and a rule whose create responses were lost", async () => {
    fake.inject({ route: "POST /security-group", kind: "lost" });
    fake.inject({ route: "POST /security-group/*/rules", kind: "lost" });
    const sg = await securityGroup.create!({ name: "web" });
    const r = await rule.create!({ securityGroup: sg.id, ...web });
    const [g] = fake.objects().securityGroups;
    expect(g.id).toBe(sg.id);
    expect(g.rules.map((x) => x.id)).toEqual([r.id]);
  });

  it("a rule can match a security group's members instead of a network (node-to-node traffic), and reads back the same", async () => {
    const sg = await securityGroup.create!({ name: "sks-nodes" });
    const kubelet = { securityGroup: sg.id, flowDirection: "ingress" as const, protocol: "tcp" as const, sourceSecurityGroup: sg.id, startPort: 10250, endPort: 10250 };
    const r = await rule.create!(kubelet);
    const [g] = fake.objects().securityGroups;
    expect(g.rules[0]).toMatchObject({ "security-group": { id: sg.id }, "start-port": 10250 });
    expect(g.rules[0]).not.toHaveProperty("network");
    expect((await rule.read!(r.id, r.outs)).props).toEqual(r.outs);
    // Both or neither of network and sourceSecurityGroup is refused at preview.
    expect(await failures(rule, { ...kubelet, network: "::/0" })).toMatch(/exactly one of network .* and sourceSecurityGroup/);
    const { sourceSecurityGroup: _s, ...neither } = kubelet;
    expect(await failures(rule, neither)).toMatch(/exactly one of network/);
    // The API refuses an unknown source group.
    await expect(rule.create!({ ...kubelet, sourceSecurityGroup: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(/404|not found/i);
  });

  it("replaces a group on rename (old one first: names are unique)", async () => {
    const sg = await securityGroup.create!({ name: "web" });
    expect(await securityGroup.diff!(sg.id, sg.outs, { name: "web2" })).toMatchObject({ replaces: ["name"], deleteBeforeReplace: true });
  });

  it.each([
    [{ ...web, protocol: "icmpv6", network: "0.0.0.0/0", startPort: undefined, endPort: undefined, icmp: { type: 128, code: 0 } }, /network: "0\.0\.0\.0\/0" is not valid; protocol icmpv6 needs an IPv6 network/],
    [{ ...web, protocol: "icmp", network: "::/0", startPort: undefined, endPort: undefined, icmp: { type: 8, code: 0 } }, /protocol icmp is IPv4 only/],
    [{ ...web, network: "::/129" }, /network: "::\/129" is not valid; expected a CIDR/],
    [{ ...web, flowDirection: "inbound" }, /flowDirection: "inbound" is not valid; expected one of: ingress, egress/],
    [{ ...web, startPort: 0 }, /startPort: 0 is not valid/],
    [{ ...web, protocol: "icmpv6", startPort: undefined, endPort: undefined }, /protocol icmpv6 needs icmp \{type, code\}/],
  ])("check() rejects %j", async (r, message) => {
    expect(await failures(rule, { securityGroup: "sg", ...r })).toMatch(message);
  });
});

describe("exoscale AntiAffinityGroup", () => {
  it("creates, adopts by name after a lost response, reads, deletes", async () => {
    fake.inject({ route: "POST /anti-affinity-group", kind: "lost" });
    const g = await aag.create!({ name: "ingress" });
    expect(fake.objects().antiAffinityGroups.map((x) => x.id)).toEqual([g.id]);
    expect((await aag.read!(g.id, g.outs)).props).toEqual({ name: "ingress" });
    await aag.delete!(g.id, g.outs);
    expect(await aag.read!(g.id, g.outs)).toEqual(GONE);
  });
});

describe("exoscale PrivateNetwork and PrivateNetworkAttachment", () => {
  it("creates a managed-DHCP network, attaches an instance with a static lease, detaches, deletes", async () => {
    const pn = await privateNetwork.create!({ zone: "ch-gva-2", name: "backend", netmask: "255.255.255.0", startIp: "10.0.0.10", endIp: "10.0.0.200", labels: { "dualstack-id": "p/s/backend" } });
    const vm1 = await vm("vm1");
    const at = await pnAttachment.create!({ privateNetwork: pn.id, instance: vm1.id, ip: "10.0.0.50" });
    expect(fake.objects().privateNetworks[0].leases).toEqual([{ "instance-id": vm1.id, ip: "10.0.0.50" }]);
    expect((await pnAttachment.read!(at.id, at.outs)).props).toEqual(at.outs);
    // Attaching again (a retried create) is idempotent.
    await pnAttachment.create!({ privateNetwork: pn.id, instance: vm1.id, ip: "10.0.0.50" });
    await pnAttachment.delete!(at.id, at.outs);
    expect(await pnAttachment.read!(at.id, at.outs)).toEqual(GONE);
    await privateNetwork.delete!(pn.id, pn.outs);
    expect(fake.objects().privateNetworks).toEqual([]);
  });

  it("updates the name in place, replaces on zone; refuses IPv6 DHCP ranges at check()", async () => {
    const pn = await privateNetwork.create!({ zone: "ch-gva-2", name: "backend" });
    expect(await privateNetwork.diff!(pn.id, pn.outs, { zone: "ch-gva-2", name: "back" })).toMatchObject({ changes: true, replaces: [] });
    expect((await privateNetwork.diff!(pn.id, pn.outs, { zone: "de-fra-1", name: "backend" })).replaces).toEqual(["zone"]);
    await privateNetwork.update!(pn.id, pn.outs, { zone: "ch-gva-2", name: "back" });
    expect(fake.objects().privateNetworks[0].name).toBe("back");
    expect(await failures(privateNetwork, { zone: "ch-gva-2", name: "x", netmask: "ffff:ffff::", startIp: "fd00::10", endIp: "fd00::20" })).toMatch(
      /netmask: "ffff:ffff::" is not valid; managed DHCP on Exoscale private networks is IPv4 only/,
    );
  });

  it("retries an attach answered 500 and does not attach twice", async () => {
    const pn = await privateNetwork.create!({ zone: "ch-gva-2", name: "backend" });
    const vm1 = await vm("vm1");
    fake.inject({ route: "PUT /private-network/*:attach", kind: "500" });
    fake.inject({ route: "PUT /private-network/*:attach", kind: "lost" });
    await pnAttachment.create!({ privateNetwork: pn.id, instance: vm1.id });
    expect(fake.objects().instances[0]["private-networks"]).toHaveLength(1);
  });
});

describe("exoscale ElasticIp and ElasticIpAttachment (managed, dual-stack)", () => {
  const managed = (addressFamily: "inet4" | "inet6"): ElasticIpInputs => ({
    zone: "ch-gva-2",
    addressFamily,
    description: `ingress ${addressFamily}`,
    healthcheck: { mode: "http", port: 80, uri: "/healthz", interval: 10, timeout: 3, strikesOk: 2, strikesFail: 3 },
    labels: { "dualstack-id": `p/s/eip-${addressFamily}` },
  });

  it("creates inet4 and inet6 managed EIPs, attaches both to two instances, serves only healthy ones", async () => {
    const [v4, v6] = [await eip.create!(managed("inet4")), await eip.create!(managed("inet6"))];
    expect(v4.outs.ip).toMatch(/^198\.51\.100\./);
    expect(v6.outs.ip).toMatch(/^2001:db8:ee::/);
    const [a, b] = [await vm("a"), await vm("b")];
    for (const e of [v4, v6]) for (const i of [a, b]) await eipAttachment.create!({ elasticIp: e.id, instance: i.id });
    expect(fake.servedBy(v4.id).sort()).toEqual([a.id, b.id].sort());
    fake.setHealth(a.id, false);
    expect(fake.servedBy(v4.id)).toEqual([b.id]);
    expect(fake.servedBy(v6.id)).toEqual([b.id]);
    expect((await eip.read!(v6.id, v6.outs)).props).toEqual(v6.outs);
  });

  it("fills the API's healthcheck defaults at check() so that read-back shows no drift", async () => {
    const { healthcheck: _h, ...rest } = managed("inet6");
    const checked = await eip.check!({}, { ...rest, healthcheck: { mode: "tcp", port: 443 } });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.healthcheck).toEqual({ mode: "tcp", port: 443, interval: 10, timeout: 2, strikesOk: 2, strikesFail: 3 });
    const { id, outs } = await eip.create!(checked.inputs);
    const read = await eip.read!(id, outs);
    expect((await eip.diff!(id, read.props, checked.inputs)).changes).toBe(false);
  });

  it("refuses an inet6 EIP on an IPv4-only instance with the API's message", async () => {
    const e = await eip.create!(managed("inet6"));
    const v = await vm("v4only", "inet4");
    await expect(eipAttachment.create!({ elasticIp: e.id, instance: v.id })).rejects.toThrow(/400 an inet6 elastic IP needs an instance with public IPv6/);
  });

  it("detaches (async operation) and deletes; adopts an EIP whose create response was lost", async () => {
    fake.inject({ route: "POST /elastic-ip", kind: "lost" });
    const e = await eip.create!(managed("inet4"));
    expect(fake.objects().elasticIps.map((x) => x.id)).toEqual([e.id]);
    const v = await vm("a");
    const at = await eipAttachment.create!({ elasticIp: e.id, instance: v.id });
    await eipAttachment.delete!(at.id, at.outs);
    expect(fake.servedBy(e.id)).toEqual([]);
    expect(await eipAttachment.read!(at.id, at.outs)).toEqual(GONE);
    await eip.delete!(e.id, e.outs);
    expect(fake.objects().elasticIps).toEqual([]);
  });

  it("updates the healthcheck in place; replaces on address family", async () => {
    const e = await eip.create!(managed("inet4"));
    const news = { ...managed("inet4"), healthcheck: { ...managed("inet4").healthcheck!, uri: "/ready" } };
    expect(await eip.diff!(e.id, e.outs, news)).toMatchObject({ changes: true, replaces: [] });
    expect((await eip.diff!(e.id, e.outs, managed("inet6"))).replaces).toEqual(["addressFamily"]);
    await eip.update!(e.id, e.outs, news);
    expect(fake.objects().elasticIps[0].healthcheck).toMatchObject({ uri: "/ready" });
  });

  it.each([
    [{ addressFamily: "inet5" }, /addressFamily: "inet5" is not valid; expected one of: inet4, inet6/],
    [{ healthcheck: { mode: "http", port: 80, interval: 4, timeout: 2, strikesOk: 2, strikesFail: 3 } }, /healthcheck\.interval: 4 is not valid; expected an integer in 5\.\.300/],
    [{ healthcheck: { mode: "http", port: 80, interval: 10, timeout: 61, strikesOk: 2, strikesFail: 3 } }, /healthcheck\.timeout: 61 is not valid; expected an integer in 2\.\.60/],
    [{ healthcheck: { mode: "icmp", port: 80 } }, /healthcheck\.mode: "icmp" is not valid; expected one of: tcp, http, https/],
    [{ zone: "us-east-1" }, /zone: "us-east-1" is not valid/],
  ])("check() rejects %j", async (over, message) => {
    expect(await failures(eip, { ...managed("inet4"), ...over })).toMatch(message);
  });
});
