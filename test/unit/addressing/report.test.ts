import { PlanInput, formatPlanTable, planAddresses, planToMermaid } from "../../../components/addressing";

const input: PlanInput = {
  name: "prod",
  ipv4Supernet: "10.40.0.0/16",
  ipv6Prefix: "2001:db8:1234:5600::/56",
  ipv6PrefixSource: "provider",
  zones: ["a", "b"],
  nodeCount: 3,
  ingressCount: 2,
};
const plan = planAddresses(input);

describe("formatPlanTable", () => {
  const table = formatPlanTable(plan);
  const lines = table.split("\n");

  it("lists every host on one line with both addresses", () => {
    for (const h of [...plan.ingress.hosts, ...plan.nodes]) {
      const line = lines.find((l) => l.trim().startsWith(`${h.name} `));
      expect(line).toContain(`${h.ipv4}/24`);
      expect(line).toContain(`${h.ipv6}/64`);
    }
  });

  it("shows networks, VIPs with VRRP ids and priorities, Kubernetes and Docker ranges", () => {
    for (const n of plan.networks) expect(table).toContain(n.ipv6Cidr);
    expect(table).toContain(`VIPs ${plan.ingress.vips.ipv4}, ${plan.ingress.vips.ipv6}`);
    expect(table).toContain(`IPv4 ${plan.ingress.vrrp.routerIdV4}, IPv6 ${plan.ingress.vrrp.routerIdV6}`);
    expect(lines.some((l) => /^\s+ingress-2\s+150$/.test(l))).toBe(true);
    expect(table).toContain(plan.kubernetes.clusterCidrV6);
    expect(table).toContain("IPv6 pod range is ULA: masquerade it");
    expect(table).toContain(plan.nodes[2].docker.addressPoolV6.base);
    expect(table).toContain(`${plan.nodes[2].docker.addressPoolV4.base} as /24s`);
  });

  it("aligns columns and leaves no trailing spaces", () => {
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
    const header = lines.find((l) => l.includes("NAME") && l.includes("ROLE")) ?? "";
    const node1 = lines.find((l) => l.trim().startsWith("node-1 ")) ?? "";
    expect(node1.indexOf(plan.nodes[0].ipv4)).toBe(header.indexOf("IPV4"));
  });
});

describe("planToMermaid", () => {
  const chart = planToMermaid(plan);

  it("is a fenced Mermaid flowchart", () => {
    expect(chart.startsWith("```mermaid\nflowchart")).toBe(true);
    expect(chart.trimEnd().endsWith("```")).toBe(true);
  });

  it("mentions the prefix, every network and host, and the VIPs", () => {
    expect(chart).toContain(plan.ipv6Prefix);
    for (const n of plan.networks) expect(chart).toContain(`["${n.name}<br/>${n.ipv4Cidr}<br/>${n.ipv6Cidr}"]`);
    for (const h of [...plan.ingress.hosts, ...plan.nodes]) expect(chart).toContain(h.name);
    expect(chart).toMatch(new RegExp(`net0 -\\.- vip\\(\\["VIP<br/>${plan.ingress.vips.ipv4}`));
  });

  it("escapes quotes in names (the planner refuses them in zones; a plan from elsewhere may have them)", () => {
    const odd = planToMermaid({ ...planAddresses(input), name: 'a"b' });
    expect(odd).toContain("a#quot;b");
    expect(odd).not.toContain('a"b');
  });
});
