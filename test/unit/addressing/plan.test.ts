// Example plans. Expected addresses are worked out by hand from the layout
// rules at the top of components/addressing/plan/index.ts, not copied from output.
import { AddressPlan, PlanInput, planAddresses, ulaPrefixFor } from "../../../components/addressing";
import { expectedUla, rfc5952 } from "./oracle";
import { EXAMPLE_INPUT } from "./example-input";

const base: PlanInput = EXAMPLE_INPUT;

function host(plan: AddressPlan, name: string) {
  const found = [...plan.ingress.hosts, ...plan.nodes].find((h) => h.name === name);
  if (!found) throw new Error(`no host ${name}`);
  return found;
}

describe("operator prefix 2001:db8::/48, two zones, two tiers", () => {
  const plan = planAddresses(base);

  it("puts one /64 per zone and tier in the first quarter, zone-major", () => {
    expect(plan.ipv6Prefix).toBe("2001:db8::/48");
    expect(plan.ipv6PrefixSource).toBe("operator");
    expect(plan.networks.map((n) => [n.name, n.ipv4Cidr, n.ipv6Cidr])).toEqual([
      ["ingress-lpg1", "10.40.0.0/24", "2001:db8::/64"],
      ["nodes-lpg1", "10.40.1.0/24", "2001:db8:0:1::/64"],
      ["ingress-rma1", "10.40.2.0/24", "2001:db8:0:2::/64"],
      ["nodes-rma1", "10.40.3.0/24", "2001:db8:0:3::/64"],
    ]);
    expect(plan.networks[1]).toMatchObject({ ipv4Gateway: "10.40.1.1", ipv6Gateway: "2001:db8:0:1::1" });
  });

  it("gives hosts the same last number in both families, from offset 10", () => {
    expect(host(plan, "ingress-1")).toMatchObject({ network: "ingress-lpg1", ipv4: "10.40.0.10", ipv6: "2001:db8::a" });
    expect(host(plan, "ingress-2")).toMatchObject({ ipv4: "10.40.0.11", ipv6: "2001:db8::b" });
    expect(host(plan, "node-1")).toMatchObject({ zone: "lpg1", ipv4: "10.40.1.10", ipv6: "2001:db8:0:1::a" });
    expect(host(plan, "node-2")).toMatchObject({ zone: "rma1", ipv4: "10.40.3.10", ipv6: "2001:db8:0:3::a" });
    expect(host(plan, "node-3")).toMatchObject({ zone: "lpg1", ipv4: "10.40.1.11", ipv6: "2001:db8:0:1::b" });
    expect(host(plan, "node-3")).toMatchObject({ ipv4PrefixLength: 24, ipv6PrefixLength: 64 });
  });

  it("puts the VIPs at offset 4 of the first ingress network", () => {
    expect(plan.ingress.network).toBe("ingress-lpg1");
    expect(plan.ingress.vips).toEqual({ ipv4: "10.40.0.4", ipv6: "2001:db8::4" });
  });

  it("carves pods from Q1, services from Q2, Docker from Q3", () => {
    expect(plan.kubernetes).toEqual({
      clusterCidrV4: "10.42.0.0/16",
      clusterCidrV6: "2001:db8:0:4000::/56",
      serviceCidrV4: "10.43.0.0/16",
      serviceCidrV6: "2001:db8:0:8000::/112",
      nodeCidrMaskSizeV4: 24,
      nodeCidrMaskSizeV6: 64,
      podRangeIsUla: false,
    });
    expect(plan.nodes[2]).toMatchObject({ podCidrV4: "10.42.2.0/24", podCidrV6: "2001:db8:0:4002::/64" });
    expect(plan.nodes[1].docker).toEqual({
      ipv6Cidr: "2001:db8:0:c001::/64",
      fixedCidrV6: "2001:db8:0:c001::/80",
      addressPoolV6: { base: "2001:db8:0:c001:8000::/65", size: 80 },
      // 172.16.0.0/12 is free in this plan: Docker's IPv4 pool stays where Docker puts it.
      addressPoolV4: { base: "172.16.0.0/12", size: 24 },
    });
  });

  it("is deterministic", () => {
    expect(planAddresses(base)).toEqual(plan);
  });
});

describe("operator ULA fd12:3456:789a::/48, one zone, /26 networks", () => {
  const plan = planAddresses({
    ...base,
    name: "lab",
    ipv6Prefix: "fd12:3456:789a::/48",
    ipv4Supernet: "172.16.0.0/20",
    ipv4SubnetPrefixLength: 26,
    zones: ["lab"],
    nodeCount: 2,
  });

  it("places networks, hosts and ranges", () => {
    expect(plan.networks.map((n) => [n.name, n.ipv4Cidr, n.ipv6Cidr, n.ipv4Gateway])).toEqual([
      ["ingress-lab", "172.16.0.0/26", "fd12:3456:789a::/64", "172.16.0.1"],
      ["nodes-lab", "172.16.0.64/26", "fd12:3456:789a:1::/64", "172.16.0.65"],
    ]);
    expect(host(plan, "node-2")).toMatchObject({ ipv4: "172.16.0.75", ipv6: "fd12:3456:789a:1::b" });
    expect(host(plan, "node-2").ipv4PrefixLength).toBe(26);
    expect(plan.ingress.vips).toEqual({ ipv4: "172.16.0.4", ipv6: "fd12:3456:789a::4" });
    expect(plan.nodes[1].podCidrV6).toBe("fd12:3456:789a:4001::/64");
    expect(plan.nodes[1].docker.addressPoolV6.base).toBe("fd12:3456:789a:c001:8000::/65");
    expect(plan.kubernetes).toMatchObject({ serviceCidrV6: "fd12:3456:789a:8000::/112", podRangeIsUla: true });
    expect(plan.ipv6PrefixSource).toBe("operator");
  });
});

describe("derived ULA prefix", () => {
  it("is fd00::/8 + the low 40 bits of SHA-1(name), as a /48", () => {
    expect(ulaPrefixFor("prod").toString()).toBe(`${rfc5952(expectedUla("prod"))}/48`);
    expect(ulaPrefixFor("prod").toString()).toMatch(/^fd[0-9a-f]{2}:/);
  });

  it("is the same for the same name and differs between names", () => {
    expect(ulaPrefixFor("staging").toString()).toBe(ulaPrefixFor("staging").toString());
    const names = ["prod", "staging", "dev", "lab", "prod-2"];
    expect(new Set(names.map((n) => ulaPrefixFor(n).toString())).size).toBe(names.length);
  });

  it("is used, with source 'ula', when no prefix is given", () => {
    const plan = planAddresses({ ...base, ipv6Prefix: undefined });
    const ula = expectedUla("prod");
    expect(plan.ipv6Prefix).toBe(`${rfc5952(ula)}/48`);
    expect(plan.ipv6PrefixSource).toBe("ula");
    expect(plan.networks[1].ipv6Cidr).toBe(`${rfc5952(ula + (1n << 64n))}/64`);
    expect(plan.kubernetes.clusterCidrV6).toBe(`${rfc5952(ula + (0x4000n << 64n))}/56`);
    expect(plan.kubernetes.podRangeIsUla).toBe(true);
  });
});

describe("provider /56", () => {
  const plan = planAddresses({ ...base, ipv6Prefix: "2001:db8:1234:5600::/56", ipv6PrefixSource: "provider" });

  it("splits the /56 into /58 quarters", () => {
    expect(plan.ipv6PrefixSource).toBe("provider");
    expect(plan.networks.map((n) => n.ipv6Cidr)).toEqual([
      "2001:db8:1234:5600::/64",
      "2001:db8:1234:5601::/64",
      "2001:db8:1234:5602::/64",
      "2001:db8:1234:5603::/64",
    ]);
    expect(plan.kubernetes.serviceCidrV6).toBe("2001:db8:1234:5680::/112");
    expect(plan.nodes[0].docker.ipv6Cidr).toBe("2001:db8:1234:56c0::/64");
  });

  it("falls back to the name's ULA for the /56 pod range, which a /58 cannot hold", () => {
    expect(plan.kubernetes.clusterCidrV6).toBe(`${rfc5952(expectedUla("prod") + (0x4000n << 64n))}/56`);
    expect(plan.kubernetes.podRangeIsUla).toBe(true);
    expect(plan.nodes[1].podCidrV6).toBe(`${rfc5952(expectedUla("prod") + (0x4001n << 64n))}/64`);
  });
});

describe("tiers and zones", () => {
  it("makes one network per zone when both tiers share a name, ingress hosts first", () => {
    const plan = planAddresses({ ...base, zones: ["a", "b"], tiers: { ingress: "main", nodes: "main" } });
    expect(plan.networks.map((n) => [n.name, n.ipv4Cidr, n.ipv6Cidr])).toEqual([
      ["main-a", "10.40.0.0/24", "2001:db8::/64"],
      ["main-b", "10.40.1.0/24", "2001:db8:0:1::/64"],
    ]);
    expect(host(plan, "ingress-2")).toMatchObject({ network: "main-a", ipv4: "10.40.0.11", ipv6: "2001:db8::b" });
    expect(host(plan, "node-1")).toMatchObject({ network: "main-a", ipv4: "10.40.0.12", ipv6: "2001:db8::c" });
    expect(host(plan, "node-2")).toMatchObject({ network: "main-b", ipv4: "10.40.1.10", ipv6: "2001:db8:0:1::a" });
    expect(host(plan, "node-3")).toMatchObject({ network: "main-a", ipv4: "10.40.0.13", ipv6: "2001:db8::d" });
  });

  it("starts the nodes of a shared network after ingressMaxCount ingress addresses", () => {
    const shared = { ...base, zones: ["a"], tiers: { ingress: "main", nodes: "main" }, ingressMaxCount: 4 };
    // Offsets 10..13 are kept for four ingress hosts, so node-1 is at 14 whatever ingressCount is.
    const plans = [2, 3, 4].map((ingressCount) => planAddresses({ ...shared, ingressCount }));
    for (const plan of plans) {
      expect(plan.nodes.map((n) => [n.name, n.ipv4, n.ipv6])).toEqual([
        ["node-1", "10.40.0.14", "2001:db8::e"],
        ["node-2", "10.40.0.15", "2001:db8::f"],
        ["node-3", "10.40.0.16", "2001:db8::10"],
      ]);
    }
    expect(plans[2].ingress.hosts.map((h) => [h.name, h.ipv4, h.vrrpPriority])).toEqual([
      ["ingress-1", "10.40.0.10", 200],
      ["ingress-2", "10.40.0.11", 150],
      ["ingress-3", "10.40.0.12", 100],
      ["ingress-4", "10.40.0.13", 50],
    ]);
    // The first ingress hosts keep address and priority as more join.
    expect(plans[0].ingress.hosts).toEqual(plans[2].ingress.hosts.slice(0, 2));
    // Unset, it is ingressCount: the layout of plans made before the key existed.
    expect(planAddresses({ ...shared, ingressMaxCount: undefined, ingressCount: 2 }).nodes[0].ipv4).toBe("10.40.0.12");
  });

  it("spreads nodes round-robin over three zones", () => {
    const plan = planAddresses({ ...base, zones: ["a", "b", "c"], nodeCount: 7 });
    expect(plan.nodes.map((n) => [n.name, n.zone, n.ipv4, n.ipv6])).toEqual([
      ["node-1", "a", "10.40.1.10", "2001:db8:0:1::a"],
      ["node-2", "b", "10.40.3.10", "2001:db8:0:3::a"],
      ["node-3", "c", "10.40.5.10", "2001:db8:0:5::a"],
      ["node-4", "a", "10.40.1.11", "2001:db8:0:1::b"],
      ["node-5", "b", "10.40.3.11", "2001:db8:0:3::b"],
      ["node-6", "c", "10.40.5.11", "2001:db8:0:5::b"],
      ["node-7", "a", "10.40.1.12", "2001:db8:0:1::c"],
    ]);
    expect(plan.ingress.hosts.every((h) => h.zone === "a" && h.network === "ingress-a")).toBe(true);
  });

  it("plans a /62 with one zone, one tier and one node", () => {
    const tiers = { ingress: "x", nodes: "x" };
    const plan = planAddresses({ ...base, ipv6Prefix: "2001:db8:0:4::/62", zones: ["a"], tiers, nodeCount: 1 });
    expect(plan.networks[0].ipv6Cidr).toBe("2001:db8:0:4::/64");
    expect(plan.nodes[0].docker.ipv6Cidr).toBe("2001:db8:0:7::/64");
    expect(plan.kubernetes.serviceCidrV6).toBe("2001:db8:0:6::/112");
  });
});

describe("input forms", () => {
  it("accepts uppercase, uncompressed IPv6 with leading zeros and outputs canonical text", () => {
    const plan = planAddresses({
      ...base,
      ipv6Prefix: "2001:0DB8:0000:0000:0000:0000:0000:0000/48",
      vips: { ipv4: "10.40.0.5/32", ipv6: "2001:0DB8:0:0:0:0:0:0005/64" },
    });
    const canonical = planAddresses(base);
    // Identical to the plan from canonical input, except for the VIPs given here.
    expect({ ...plan, ingress: { ...plan.ingress, vips: canonical.ingress.vips } }).toEqual(canonical);
    expect(plan.ipv6Prefix).toBe("2001:db8::/48");
    expect(plan.ingress.vips).toEqual({ ipv4: "10.40.0.5", ipv6: "2001:db8::5" });
  });

  it("uses explicit IPv6 pod and service ranges inside their quarter or outside the prefix", () => {
    const plan = planAddresses({
      ...base,
      kubernetes: { clusterCidrV6: "2001:db8:0:4100::/56", serviceCidrV6: "fd00:43::/108" },
    });
    expect(plan.kubernetes).toMatchObject({
      clusterCidrV6: "2001:db8:0:4100::/56",
      serviceCidrV6: "fd00:43::/108",
      podRangeIsUla: false,
    });
    expect(plan.nodes[0].podCidrV6).toBe("2001:db8:0:4100::/64");
  });

  it("honours custom IPv6 pod and service prefix lengths", () => {
    const plan = planAddresses({ ...base, kubernetes: { clusterPrefixLengthV6: 50, servicePrefixLengthV6: 108 } });
    expect(plan.kubernetes.clusterCidrV6).toBe("2001:db8:0:4000::/50");
    expect(plan.kubernetes.serviceCidrV6).toBe("2001:db8:0:8000::/108");
    // A provider /56 has /58 quarters: a /52 of pods comes from the ULA.
    const kubernetes = { clusterPrefixLengthV6: 52 };
    const provider = planAddresses({ ...base, ipv6Prefix: "2001:db8:1234:5600::/56", kubernetes });
    expect(provider.kubernetes.clusterCidrV6).toBe(`${rfc5952(expectedUla("prod") + (0x4000n << 64n))}/52`);
  });
});

describe("VRRP", () => {
  it("gives ingress hosts 200, 150, 100, 50 and closer steps beyond four", () => {
    const priorities = (ingressCount: number) =>
      planAddresses({ ...base, ingressCount }).ingress.hosts.map((h) => h.vrrpPriority);
    expect(priorities(2)).toEqual([200, 150]);
    expect(priorities(4)).toEqual([200, 150, 100, 50]);
    expect(priorities(8)).toEqual([200, 175, 150, 125, 100, 75, 50, 25]);
  });

  it("derives distinct router ids per family from the name only", () => {
    const { vrrp } = planAddresses(base).ingress;
    expect(vrrp.routerIdV4).not.toBe(vrrp.routerIdV6);
    const elsewhere = planAddresses({ ...base, ipv4Supernet: "192.168.0.0/16", ipv6Prefix: undefined });
    expect(elsewhere.ingress.vrrp).toEqual(vrrp);
  });
});
