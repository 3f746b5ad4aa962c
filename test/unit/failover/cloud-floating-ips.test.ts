// Failover on a cloud's floating IPs (cloudscale): the plan's configs with the
// floating IPs as VIPs on the public interface, adverts over the private one,
// as the cloudscale stack renders them for an ingress host (including the
// /56 case), checked by keepalived -t, haproxy -c and cloud-init schema.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { planAddresses } from "../../../components/addressing";
import { keepalivedArgsFromPlan } from "../../../components/failover";
import { DEFAULT_INGRESS_SETTINGS, haproxyArgsFromPlan, INGRESS_PATHS } from "../../../components/ingress";
import { cloudInitSchema } from "../../../scripts/validators/tools";
import { FAILOVER_PATHS, ingressUserData, serviceAddress } from "../../../components/clouds/cloudscale/adapter";
import { cloudscaleSectionSchema } from "../../../stacks/cloudscale/settings";
import { ConfigFiles, haproxyCheck, KeepalivedSandbox } from "../../support/validators";

const plan = planAddresses({
  name: "cs-unit",
  ipv4Supernet: "10.62.0.0/16",
  zones: ["lpg1"],
  nodeCount: 2,
  ingressCount: 2,
  tiers: { ingress: "private", nodes: "private" },
});
const [self, peer] = plan.ingress.hosts;
const failover = { advertIntervalSeconds: 1, haproxyMonitorPort: 8404, haproxyMonitorUri: "/haproxy-healthz" };

describe("keepalivedArgsFromPlan / haproxyArgsFromPlan with floating IPs", () => {
  const vips = { ipv4: "192.0.2.7", ipv4PrefixLength: 32, ipv6: "2001:db8:cafe::7", ipv6PrefixLength: 128 };

  it("uses the given VIPs and VIP interface, and keeps unicast on the planned addresses", () => {
    const args = keepalivedArgsFromPlan(plan, self.name, { ...failover, interface: "ens4", vipInterface: "ens3", vips });
    expect(args).toMatchObject({ interface: "ens4", vipInterface: "ens3", vips });
    expect(args.unicast).toEqual({ sourceIpv4: self.ipv4, sourceIpv6: self.ipv6, peersIpv4: [peer.ipv4], peersIpv6: [peer.ipv6] });
  });

  it("defaults to the plan's VIPs on the advert interface", () => {
    const args = keepalivedArgsFromPlan(plan, self.name, { ...failover, interface: "eth0" });
    expect(args.vipInterface).toBeUndefined();
    expect(args.vips).toMatchObject(plan.ingress.vips);
  });

  it("binds HAProxy to the given addresses, or to the plan's VIPs", () => {
    expect(haproxyArgsFromPlan(plan, { ...DEFAULT_INGRESS_SETTINGS, vips: { ipv4: vips.ipv4, ipv6: vips.ipv6 } }).vips).toEqual({ ipv4: vips.ipv4, ipv6: vips.ipv6 });
    expect(haproxyArgsFromPlan(plan, DEFAULT_INGRESS_SETTINGS).vips).toEqual(plan.ingress.vips);
  });
});

describe("serviceAddress (the address clients use of a floating network)", () => {
  it.each([
    ["192.0.2.7/32", "192.0.2.7"],
    ["2001:db8:cafe::7/128", "2001:db8:cafe::7"],
    ["2001:db8:100::/56", "2001:db8:100::1"],
  ])("%s -> %s", (network, address) => expect(serviceAddress(network)).toBe(address));
});

type UserData = { write_files: { path: string; content: string; permissions: string }[] };

describe.each([
  { title: "/32 + /128", v6: "2001:db8:cafe::7/128", vip6: "2001:db8:cafe::7", id6: "2001:db8:cafe::7" },
  { title: "/32 + a routed /56", v6: "2001:db8:100::/56", vip6: "2001:db8:100::1", id6: "2001:db8:100::" },
])("cloudscale ingress user data, $title", ({ v6, vip6, id6 }) => {
  // The sandbox's eth0 is the private interface (it carries the planned addresses), eth1 the public one.
  const settings = cloudscaleSectionSchema.parse({ privateInterface: "eth0", publicInterface: "eth1", floatingIpv6PrefixLength: v6.endsWith("/56") ? 56 : 128 });
  const text = ingressUserData(plan, self, settings, { ipv4: "192.0.2.7/32", ipv6: v6 }, "unit-test-token");
  const doc = parse(text) as UserData;
  const file = (p: string) => doc.write_files.find((f) => f.path === p);
  const keepalived = file(INGRESS_PATHS.keepalived)?.content ?? "";
  const haproxy = file(INGRESS_PATHS.haproxy)?.content ?? "";
  const files = new ConfigFiles();
  let sandbox: KeepalivedSandbox;
  beforeAll(() => {
    sandbox = new KeepalivedSandbox([`${self.ipv4}/${self.ipv4PrefixLength}`, `${self.ipv6}/${self.ipv6PrefixLength}`], ["eth1"]);
  });
  afterAll(() => {
    sandbox?.remove();
    files.cleanup();
  });

  it("puts single addresses on the public interface (a /56 by its ::1)", () => {
    expect(keepalived).toMatch(/^\s*192\.0\.2\.7\/32 dev eth1$/m);
    expect(keepalived).toContain(`${vip6}/128 dev eth1 preferred_lft 0`);
    expect(keepalived.match(/^\s*interface eth0$/gm)).toHaveLength(2);
    expect(haproxy).toContain("bind ipv4@192.0.2.7:80 transparent");
    expect(haproxy).toContain(`bind ipv6@[${vip6}]:80 transparent`);
  });

  it("moves the floating IPs by their ids (a /56 by its network address), with the token from a root-only file", () => {
    const script = file(FAILOVER_PATHS.notifyMaster);
    expect(script?.permissions).toBe("0700");
    expect(script?.content).toContain(`FLOATING_IPS='192.0.2.7 ${id6}'`);
    expect(script?.content).toContain(`TOKEN_FILE='${FAILOVER_PATHS.token}'`);
    expect(script?.content).not.toContain("unit-test-token");
    expect(file(FAILOVER_PATHS.token)).toMatchObject({ permissions: "0600", content: "unit-test-token\n" });
  });

  it("passes keepalived -t, haproxy -c and cloud-init schema", () => {
    const k = sandbox.check(files, keepalived);
    expect(k.output).toBe("");
    expect(k.status).toBe(0);
    expect(haproxyCheck(files, haproxy)).toMatchObject({ status: 0 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-cs-ingress-"));
    try {
      const f = path.join(dir, "user-data.yaml");
      fs.writeFileSync(f, text);
      expect(cloudInitSchema(f)).toMatchObject({ status: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
