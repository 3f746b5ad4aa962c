// Cloud ingress hosts' user data: the lab's renderers' configs, installed by
// cloud-init; checked by the real `cloud-init schema`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { planAddresses } from "../../../components/addressing";
import { keepalivedArgsFromPlan, renderKeepalivedConfig } from "../../../components/failover";
import {
  DEFAULT_INGRESS_SETTINGS,
  haproxyArgsFromPlan,
  INGRESS_PATHS,
  localAddressesNetplanFile,
  renderHaproxyConfig,
  renderIngressUserData,
} from "../../../components/ingress";
import { cloudInitSchema } from "../../../scripts/validators/tools";

const plan = planAddresses({ name: "cs-prod", ipv4Supernet: "10.60.0.0/16", zones: ["lpg1"], nodeCount: 3, ingressCount: 2 });
const haproxyConfig = renderHaproxyConfig(haproxyArgsFromPlan(plan, DEFAULT_INGRESS_SETTINGS));
const keepalivedConfig = renderKeepalivedConfig(
  keepalivedArgsFromPlan(plan, "ingress-1", {
    interface: "ens4",
    advertIntervalSeconds: 1,
    haproxyMonitorPort: 8404,
    haproxyMonitorUri: "/haproxy-healthz",
    notify: { master: "/usr/local/sbin/dualstack-move-ips" },
  }),
);
type UserData = { packages: string[]; write_files: { path: string; content: string; permissions: string }[]; runcmd: string[][] };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-ingress-ci-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectValidCloudConfig(name: string, text: string): void {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  expect(cloudInitSchema(f)).toMatchObject({ status: 0 });
}

describe("renderIngressUserData", () => {
  const text = renderIngressUserData({
    haproxyConfig,
    keepalivedConfig,
    scripts: [{ path: "/usr/local/sbin/dualstack-move-ips", content: "#!/bin/sh\nexit 0\n" }],
    secretFiles: [{ path: "/etc/dualstack/api-token", content: "not-a-real-token" }],
  });
  const doc = parse(text) as UserData;
  const file = (p: string) => doc.write_files.find((f) => f.path === p);

  it("passes cloud-init schema", () => expectValidCloudConfig("ingress.yaml", text));

  it("installs HAProxy and keepalived with the rendered configs, byte for byte", () => {
    expect(doc.packages).toEqual(expect.arrayContaining(["haproxy", "keepalived", "curl"]));
    expect(file(INGRESS_PATHS.haproxy)?.content).toBe(haproxyConfig);
    expect(file(INGRESS_PATHS.keepalived)?.content).toBe(keepalivedConfig);
  });

  it("enables and restarts both daemons, and writes no netplan file", () => {
    expect(doc.runcmd).toEqual([
      ["systemctl", "enable", "haproxy", "keepalived"],
      ["systemctl", "restart", "haproxy"],
      ["systemctl", "restart", "keepalived"],
    ]);
    expect(doc.write_files.some((f) => f.path.startsWith("/etc/netplan/"))).toBe(false);
  });

  it("keeps scripts and secrets root-only", () => {
    expect(file("/usr/local/sbin/dualstack-move-ips")?.permissions).toBe("0700");
    expect(file("/etc/dualstack/api-token")?.permissions).toBe("0600");
  });

  it("refuses a relative or climbing file path", () => {
    expect(() =>
      renderIngressUserData({ haproxyConfig, keepalivedConfig, secretFiles: [{ path: "/etc/../token", content: "x" }] }),
    ).toThrow(/must be absolute, without "\.\."/);
  });
});

// Exoscale: managed elastic IPs fail over by healthcheck, so no keepalived;
// the EIPs go on lo (the cloud delivers them only where they are configured).
describe("renderIngressUserData without keepalived (cloud-managed addresses)", () => {
  const host = plan.ingress.hosts[0];
  const text = renderIngressUserData({
    haproxyConfig,
    localAddresses: ["198.51.100.7/32", "2001:DB8:EE:0::7/128"],
    privateIpv6: { interface: "eth1", ipv6: host.ipv6, ipv6PrefixLength: host.ipv6PrefixLength },
  });
  const doc = parse(text) as UserData;
  const file = (p: string) => doc.write_files.find((f) => f.path === p);

  it("passes cloud-init schema", () => expectValidCloudConfig("ingress-no-keepalived.yaml", text));

  it("installs and starts HAProxy only: no keepalived package, config or service", () => {
    expect(doc.packages).toEqual(["haproxy", "curl"]);
    expect(file(INGRESS_PATHS.keepalived)).toBeUndefined();
    expect(doc.runcmd.flat()).not.toContain("keepalived");
    expect(file(INGRESS_PATHS.haproxy)?.content).toBe(haproxyConfig);
  });

  it("puts the local addresses on lo in a root-only netplan file, canonical, applied before HAProxy restarts", () => {
    const netplan = file(INGRESS_PATHS.localAddressesNetplan)!;
    expect(netplan.path).toBe("/etc/netplan/90-dualstack-eips.yaml");
    expect(netplan.permissions).toBe("0600");
    expect(parse(netplan.content)).toEqual({
      network: { version: 2, ethernets: { lo: { addresses: ["198.51.100.7/32", "2001:db8:ee::7/128"] } } },
    });
    const apply = doc.runcmd.findIndex((c) => c.join(" ") === "netplan apply");
    expect(apply).toBeGreaterThanOrEqual(0);
    expect(apply).toBeLessThan(doc.runcmd.findIndex((c) => c.join(" ") === "systemctl restart haproxy"));
  });

  it("gives the private interface the host's planned IPv6 (DHCP there is IPv4 only)", () => {
    const eth1 = parse(file("/etc/netplan/90-dualstack-eth1.yaml")!.content) as { network: { ethernets: Record<string, { addresses: string[] }> } };
    expect(eth1.network.ethernets.eth1.addresses).toEqual([`${host.ipv6}/${host.ipv6PrefixLength}`]);
  });

  it("writes no netplan file and runs no netplan without local addresses", () => {
    const bare = parse(renderIngressUserData({ haproxyConfig })) as UserData;
    expect(bare.write_files.map((f) => f.path)).toEqual([INGRESS_PATHS.haproxy]);
    expect(bare.runcmd).toEqual([["systemctl", "enable", "haproxy"], ["systemctl", "restart", "haproxy"]]);
  });

  it.each([["198.51.100.7"], ["198.51.100.7/33"], ["2001:db8::7/129"], ["not-an-ip/32"], ["2001:db8::7/64/1"]])(
    "refuses local address %s, naming it",
    (bad) => {
      expect(() => localAddressesNetplanFile([bad])).toThrow(/localAddresses\[0\]/);
    },
  );
});
