// Every ingress host's HAProxy and keepalived config, rendered from whole
// address plans (ULA, operator /48 given in odd textual forms, provider /56,
// several zones, host-sized /128 and /32 VIPs), passes the real checkers.
import { planAddresses, type PlanInput } from "../../../components/addressing";
import { keepalivedArgsFromPlan, renderKeepalivedConfig } from "../../../components/failover";
import { DEFAULT_INGRESS_SETTINGS, haproxyArgsFromPlan, renderHaproxyConfig } from "../../../components/ingress";
import { ConfigFiles, haproxyCheck, KeepalivedSandbox } from "../../support/validators";

const PLANS: Record<string, PlanInput> = {
  "ULA /48 from the name, shared lab network": {
    name: "lab", ipv4Supernet: "10.77.0.0/16", zones: ["lab"], nodeCount: 3, ingressCount: 2,
    tiers: { ingress: "lab", nodes: "lab" },
  },
  "operator /48 in uppercase, uncompressed form; two tiers, three zones": {
    name: "prod", ipv4Supernet: "10.40.0.0/16", ipv6Prefix: "2001:0DB8:0040:0000:0000:0000:0000:0000/48",
    zones: ["lpg1", "rma1", "lpg2"], nodeCount: 7, ingressCount: 3,
  },
  "provider /56 with /128 and /32 VIPs": {
    name: "aws-dev", ipv4Supernet: "10.0.0.0/16", ipv6Prefix: "2600:1f18:abcd:ef00::/56", ipv6PrefixSource: "provider",
    zones: ["a", "b"], nodeCount: 4, ingressCount: 2, vips: { ipv4: "10.0.0.7/32", ipv6: "2600:1f18:abcd:ef00::7/128" },
  },
  "compressed /60 with a VIP given with its /64": {
    name: "tiny", ipv4Supernet: "192.168.8.0/22", ipv6Prefix: "fd12:3456:789a:10::/60", zones: ["z"], nodeCount: 2,
    ingressCount: 2, tiers: { ingress: "edge", nodes: "edge" }, vips: { ipv6: "fd12:3456:789a:10::4/64" },
  },
};

const files = new ConfigFiles();
afterAll(() => files.cleanup());

describe.each(Object.entries(PLANS))("%s", (_title, input) => {
  const plan = planAddresses(input);
  let sandbox: KeepalivedSandbox;
  beforeAll(() => {
    sandbox = new KeepalivedSandbox(plan.ingress.hosts.flatMap((h) => [`${h.ipv4}/${h.ipv4PrefixLength}`, `${h.ipv6}/64`]));
  });
  afterAll(() => sandbox.remove());

  it("renders a HAProxy config that haproxy -c accepts without warnings", () => {
    const text = renderHaproxyConfig(haproxyArgsFromPlan(plan, DEFAULT_INGRESS_SETTINGS));
    expect(haproxyCheck(files, text)).toMatchObject({ status: 0 });
    for (const node of plan.nodes) {
      expect(text).toContain(`ipv4@${node.ipv4}:8080`);
      expect(text).toContain(`ipv6@[${node.ipv6}]:8080`);
    }
  });

  it.each(plan.ingress.hosts.map((h) => h.name))("renders a keepalived config for %s that keepalived -t accepts", (host) => {
    const text = renderKeepalivedConfig(
      keepalivedArgsFromPlan(plan, host, {
        interface: "eth0",
        advertIntervalSeconds: 0.1,
        haproxyMonitorPort: 8404,
        haproxyMonitorUri: "/haproxy-healthz",
      }),
    );
    const result = sandbox.check(files, text);
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    expect(text).toContain(`${plan.ingress.vips.ipv6}/`);
    expect(text).toContain(`${plan.ingress.vips.ipv4}/`);
  });

  it("gives every ingress host a distinct priority and the same router ids", () => {
    const args = plan.ingress.hosts.map((h) =>
      keepalivedArgsFromPlan(plan, h.name, { interface: "eth0", advertIntervalSeconds: 1, haproxyMonitorPort: 8404, haproxyMonitorUri: "/x" }),
    );
    expect(new Set(args.map((a) => a.priority)).size).toBe(args.length);
    expect(new Set(args.map((a) => JSON.stringify(a.virtualRouterIds))).size).toBe(1);
    for (const a of args) expect(a.unicast!.peersIpv6).toHaveLength(plan.ingress.hosts.length - 1);
  });
});

it("refuses a host that is not an ingress host of the plan", () => {
  const plan = planAddresses(PLANS["ULA /48 from the name, shared lab network"]);
  expect(() =>
    keepalivedArgsFromPlan(plan, "node-1", { interface: "eth0", advertIntervalSeconds: 1, haproxyMonitorPort: 1, haproxyMonitorUri: "/" }),
  ).toThrow(/"node-1" is not an ingress host of plan "lab" \(ingress-1, ingress-2\)/);
});
