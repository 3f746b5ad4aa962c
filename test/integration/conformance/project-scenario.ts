// The same intents as the conformance suite's SDK scenarios
// (test/conformance/cloudscale.go, exoscale.go), made by the project's own
// providers against a fake: what they send is compared with what the SDKs
// send for the same intent, and checked against the SDKs' request types.
// The providers' settings must point at the fake (see the conformance test).
import type * as pulumi from "@pulumi/pulumi";
import { provider as csFloatingIp } from "../../../components/clouds/cloudscale/providers/floating-ip";
import { provider as csAssignment } from "../../../components/clouds/cloudscale/providers/floating-ip-assignment";
import { provider as csLb } from "../../../components/clouds/cloudscale/providers/load-balancer";
import { provider as csMonitor } from "../../../components/clouds/cloudscale/providers/load-balancer-health-monitor";
import { provider as csListener } from "../../../components/clouds/cloudscale/providers/load-balancer-listener";
import { provider as csPool } from "../../../components/clouds/cloudscale/providers/load-balancer-pool";
import { provider as csMember } from "../../../components/clouds/cloudscale/providers/load-balancer-pool-member";
import { provider as csNetwork } from "../../../components/clouds/cloudscale/providers/network";
import { provider as csServer } from "../../../components/clouds/cloudscale/providers/server";
import { provider as csGroup } from "../../../components/clouds/cloudscale/providers/server-group";
import { provider as csSubnet } from "../../../components/clouds/cloudscale/providers/subnet";
import { provider as exAag } from "../../../components/clouds/exoscale/providers/anti-affinity-group";
import { provider as exEip } from "../../../components/clouds/exoscale/providers/elastic-ip";
import { provider as exEipAttachment } from "../../../components/clouds/exoscale/providers/elastic-ip-attachment";
import { provider as exInstance } from "../../../components/clouds/exoscale/providers/instance";
import { provider as exPoolEips } from "../../../components/clouds/exoscale/providers/instance-pool-elastic-ips";
import { provider as exNetwork } from "../../../components/clouds/exoscale/providers/private-network";
import { provider as exNetworkAttachment } from "../../../components/clouds/exoscale/providers/private-network-attachment";
import { provider as exSg } from "../../../components/clouds/exoscale/providers/security-group";
import { provider as exRule } from "../../../components/clouds/exoscale/providers/security-group-rule";
import { provider as exSks } from "../../../components/clouds/exoscale/providers/sks-cluster";
import { provider as exKubeconfig } from "../../../components/clouds/exoscale/providers/sks-kubeconfig";
import { provider as exNodepool } from "../../../components/clouds/exoscale/providers/sks-nodepool";

type Props = Record<string, unknown>;
type Full = Required<pulumi.dynamic.ResourceProvider>;

/** One resource through its provider, as the engine drives it: check + create, then updates and delete. */
class Made {
  constructor(
    private readonly p: Full,
    readonly id: string,
    public inputs: Props,
    public outs: Props,
  ) {}

  static async create(provider: pulumi.dynamic.ResourceProvider, inputs: Props): Promise<Made> {
    const p = provider as Full;
    const { inputs: checked, failures } = await p.check({}, inputs);
    if (failures?.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    const { id, outs } = await p.create(checked);
    return new Made(p, id, checked, outs);
  }

  /** An update in place to inputs + change (the diff must not replace). */
  async update(change: Props): Promise<this> {
    const { inputs: news, failures } = await this.p.check(this.inputs, { ...this.inputs, ...change });
    if (failures?.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    const diff = await this.p.diff(this.id, this.outs, news);
    if (diff.replaces?.length) throw new Error(`update would replace (${diff.replaces.join(", ")})`);
    this.outs = (await this.p.update(this.id, this.outs, news)).outs;
    this.inputs = news;
    return this;
  }

  async delete(): Promise<void> {
    await this.p.delete(this.id, this.outs);
  }
}

const tag = (id: string) => `conformance/project/${id}`;

export async function cloudscaleProjectScenario(): Promise<void> {
  const group = await Made.create(csGroup, { idTag: tag("group"), name: "web-group", zone: "lpg1" });
  await group.update({ name: "web-group-2", tags: { team: "edge" } });

  const network = await Made.create(csNetwork, { idTag: tag("net"), name: "private", zone: "lpg1", mtu: 9000 });
  await network.update({ name: "private-2", mtu: 1500, tags: { team: "edge" } });
  const subnet = await Made.create(csSubnet, { idTag: tag("subnet"), cidr: "10.50.0.0/24", network: network.id, gatewayAddress: "10.50.0.1", dnsServers: ["9.9.9.9"] });
  await subnet.update({ gatewayAddress: "10.50.0.254", dnsServers: ["9.9.9.9", "149.112.112.112"] });

  const s1 = await Made.create(csServer, {
    idTag: tag("node-1"), name: "node-1", flavor: "flex-4-2", image: "debian-12", zone: "lpg1", volumeSizeGb: 10,
    sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIConformance"], userData: "#cloud-config\n", serverGroups: [group.id],
  });
  const s2 = await Made.create(csServer, {
    idTag: tag("node-2"), name: "node-2", flavor: "flex-4-2", image: "debian-12", zone: "lpg1", volumeSizeGb: 10,
    interfaces: [{ network: "public" }, { addresses: [{ subnet: subnet.id, address: "10.50.0.12" }] }],
  });
  await s1.update({ name: "node-1b", tags: { team: "edge" }, flavor: "flex-8-2" });

  const f4 = await Made.create(csFloatingIp, { idTag: tag("vip4"), ipVersion: 4, server: s1.id, region: "lpg" });
  const f6 = await Made.create(csFloatingIp, { idTag: tag("vip6"), ipVersion: 6, server: s1.id });
  const f56 = await Made.create(csFloatingIp, { idTag: tag("net56"), ipVersion: 6, prefixLength: 56, server: s1.id, region: "lpg" });
  await f4.update({ server: s2.id });
  await f6.update({ server: s2.id, reversePtr: "ingress.example.com", tags: { team: "edge" } });
  // The failover's initial placement: the same PATCH {"server"} as keepalived's notify script.
  await Made.create(csAssignment, { idTag: tag("net56-assignment"), floatingIp: f56.id, server: s2.id });

  const lb = await Made.create(csLb, { idTag: tag("lb"), name: "ingress", zone: "lpg1" });
  const privateLb = await Made.create(csLb, { idTag: tag("lb-private"), name: "internal", zone: "lpg1", vipAddresses: [{ subnet: subnet.id, address: "10.50.0.5" }] });
  await lb.update({ name: "ingress-2", tags: { team: "edge" } });
  const pool = await Made.create(csPool, { idTag: tag("pool"), name: "web", loadBalancer: lb.id, algorithm: "round_robin", protocol: "tcp" });
  await pool.update({ name: "web-2" });
  const member = await Made.create(csMember, { idTag: tag("member"), name: "node-2", pool: pool.id, protocolPort: 8080, address: "10.50.0.12", subnet: subnet.id });
  await member.update({ name: "node-2b", enabled: false });
  const listener = await Made.create(csListener, { idTag: tag("listener"), name: "http", pool: pool.id, protocol: "tcp", protocolPort: 80, allowedCidrs: ["0.0.0.0/0", "::/0"] });
  await listener.update({ protocolPort: 8080, allowedCidrs: ["::/0"], name: "http-2" });
  const monitor = await Made.create(csMonitor, {
    idTag: tag("monitor"), pool: pool.id, delayS: 2, timeoutS: 1, upThreshold: 2, downThreshold: 3, type: "http",
    http: { expectedCodes: ["200"], method: "GET", urlPath: "/", version: "1.1" },
  });
  await monitor.update({ delayS: 5, http: { expectedCodes: ["200"], method: "GET", urlPath: "/healthz", version: "1.1" } });

  for (const m of [monitor, listener, member, pool, lb, privateLb, f4, f6, f56, s1, s2, subnet, network, group]) await m.delete();
}

export async function exoscaleProjectScenario(): Promise<void> {
  const zone = "ch-gva-2";
  const labels = (id: string) => ({ "dualstack-id": tag(id) });
  const sg = await Made.create(exSg, { name: "conformance-nodes", description: "nodes" });
  const rules = [];
  for (const r of [
    { flowDirection: "ingress", protocol: "tcp", network: "0.0.0.0/0", startPort: 80, endPort: 80, description: "http v4" },
    { flowDirection: "ingress", protocol: "tcp", network: "::/0", startPort: 80, endPort: 80, description: "http v6" },
    { flowDirection: "ingress", protocol: "icmp", network: "0.0.0.0/0", icmp: { type: 8, code: 0 } },
    { flowDirection: "ingress", protocol: "icmpv6", network: "::/0", icmp: { type: 128, code: 0 } },
    { flowDirection: "ingress", protocol: "udp", sourceSecurityGroup: sg.id, startPort: 8472, endPort: 8472 },
  ]) {
    rules.push(await Made.create(exRule, { securityGroup: sg.id, ...r }));
  }
  const aag = await Made.create(exAag, { name: "conformance-ingress", description: "ingress" });

  const instance = await Made.create(exInstance, {
    name: "ingress-1", zone, instanceType: "standard.medium", template: "Linux Ubuntu 24.04 LTS 64-bit", diskSize: 20,
    publicIpAssignment: "dual", securityGroups: [sg.id], antiAffinityGroups: [aag.id], sshKeys: ["conformance"],
    userData: "#cloud-config\n", labels: labels("ingress-1"),
  });
  await instance.update({ name: "ingress-1b", userData: "#cloud-config\nhostname: x\n", diskSize: 30 });

  const network = await Made.create(exNetwork, { zone, name: "conformance-net", netmask: "255.255.255.0", startIp: "10.60.0.10", endIp: "10.60.0.200", labels: labels("net") });
  await network.update({ name: "conformance-net-2", endIp: "10.60.0.250" });
  const attached = await Made.create(exNetworkAttachment, { privateNetwork: network.id, instance: instance.id, ip: "10.60.0.11" });

  const healthcheck = { mode: "http", port: 80, uri: "/healthz", interval: 10, timeout: 2, strikesOk: 2, strikesFail: 3 };
  const eips = [];
  const eipAttachments = [];
  for (const family of ["inet4", "inet6"]) {
    const eip = await Made.create(exEip, { zone, addressFamily: family, description: `ingress ${family}`, healthcheck, labels: labels(`eip-${family}`) });
    await eip.update({ description: "ingress", healthcheck: { mode: "tcp", port: 443, interval: 5, timeout: 2, strikesOk: 1, strikesFail: 2 } });
    eips.push(eip);
    eipAttachments.push(await Made.create(exEipAttachment, { elasticIp: eip.id, instance: instance.id }));
  }

  const sks = await Made.create(exSks, {
    zone, name: "conformance", level: "starter", version: "1.31.1", cni: "calico",
    networking: { clusterCidr: "192.168.0.0/16,fd00:10::/56", serviceClusterIpRange: "10.96.0.0/12,fd00:20::/108" }, labels: labels("sks"),
  });
  await sks.update({ name: "conformance-2" });
  await sks.update({ version: "1.32.0" });
  await Made.create(exKubeconfig, { zone, cluster: sks.id, user: "admin", groups: ["system:masters"], ttlSeconds: 3600 });
  const nodepool = await Made.create(exNodepool, {
    cluster: sks.id, name: "workers", size: 2, diskSize: 50, instanceType: "standard.medium", publicIpAssignment: "dual",
    securityGroups: [sg.id], antiAffinityGroups: [aag.id], labels: labels("np"),
  });
  await nodepool.update({ name: "workers-2" });
  await nodepool.update({ size: 3 });
  const poolEips = await Made.create(exPoolEips, { zone, instancePool: String(nodepool.outs.instancePoolId), elasticIps: eips.map((e) => e.id) });

  for (const m of [poolEips, nodepool, sks, ...eipAttachments, ...eips, attached, network, instance, ...rules, sg, aag]) await m.delete();
}
