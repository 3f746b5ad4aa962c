// One test per kind of bad input: an InputError naming the key, echoing the
// value, and saying what would be valid.
import { InputError, PlanInput, planAddresses } from "../../../components/addressing";
import { EXAMPLE_INPUT } from "./example-input";

const base: PlanInput = EXAMPLE_INPUT;

/** Plans `base` changed by `patch`, expecting an InputError for `key` whose message contains every fragment. */
function rejects(patch: Partial<PlanInput>, key: string, ...fragments: string[]): InputError {
  let caught: unknown;
  try {
    planAddresses({ ...base, ...patch });
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InputError);
  const error = caught as InputError;
  expect(error.key).toBe(key);
  expect(error.message.startsWith(`${key}: `)).toBe(true);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}

describe("message format", () => {
  it("is `<key>: <value as JSON> <what is wrong>; <what would be valid>`", () => {
    const error = rejects({ ipv6Prefix: "2001:db8::1/48" }, "ipv6Prefix");
    expect(error.message).toBe('ipv6Prefix: "2001:db8::1/48" has host bits set; use "2001:db8::/48"');
    expect(error).toMatchObject({ value: "2001:db8::1/48", expected: 'use "2001:db8::/48"' });
    expect(error.detail).toBe('has host bits set; use "2001:db8::/48"');
    expect(error.name).toBe("InputError");
  });
});

describe("name", () => {
  it("must not be empty", () => {
    rejects({ name: "" }, "name", '""', "lowercase letters, digits");
  });
  it("must be [a-z0-9-]", () => {
    rejects({ name: "Prod_1" }, "name", '"Prod_1"', "a-z, 0-9", 'e.g. "prod-zrh"');
  });
});

describe("ipv4Supernet", () => {
  it("must be IPv4, not IPv6 (mixed families)", () => {
    rejects({ ipv4Supernet: "2001:db8::/48" }, "ipv4Supernet", '"2001:db8::/48"', "mixed families", "IPv4");
  });
  it("must have no host bits", () => {
    rejects({ ipv4Supernet: "10.40.0.1/16" }, "ipv4Supernet", "host bits", 'use "10.40.0.0/16"');
  });
  it("must be /8../28", () => {
    rejects({ ipv4Supernet: "10.40.0.0/30" }, "ipv4Supernet", "/30", "/8../28");
  });
  it("must be an address", () => {
    rejects({ ipv4Supernet: "10.40.0/16" }, "ipv4Supernet", "not an IPv4 address", '"10.40.0.0/16"');
  });
  it("must have a prefix length", () => {
    rejects({ ipv4Supernet: "10.40.0.0" }, "ipv4Supernet", "no prefix length");
  });
  it("must not have leading zeros (octal or decimal?)", () => {
    rejects({ ipv4Supernet: "010.40.0.0/16" }, "ipv4Supernet", "leading zeros");
  });
  it("must hold every network", () => {
    rejects({ ipv4Supernet: "10.40.0.0/23" }, "ipv4Supernet", "holds 2 /24 network(s)", "needs 4", "use a /22");
  });
});

describe("ipv4SubnetPrefixLength", () => {
  it("must not be shorter than the supernet", () => {
    rejects({ ipv4SubnetPrefixLength: 12 }, "ipv4SubnetPrefixLength", "12", "use 16..28");
  });
  it("must be /28 or shorter", () => {
    rejects({ ipv4SubnetPrefixLength: 29 }, "ipv4SubnetPrefixLength", "use 16..28");
  });
});

describe("ipv6Prefix", () => {
  it("must be IPv6", () => {
    rejects({ ipv6Prefix: "10.0.0.0/8" }, "ipv6Prefix", '"10.0.0.0/8"', "mixed families", "IPv6");
  });
  it("must not be a /64", () => {
    rejects(
      { ipv6Prefix: "2001:db8::/64" },
      "ipv6Prefix",
      '"2001:db8::/64"',
      "too small to carve networks, pods, services and Docker ranges",
      "use /48../62",
    );
  });
  it("must not be larger than /48", () => {
    rejects({ ipv6Prefix: "2001:db8::/40" }, "ipv6Prefix", "/40", 'e.g. "2001:db8::/48" out of it');
  });
  it("must be valid text (ip-address would turn 'fd00::/8/8' into NaN)", () => {
    rejects({ ipv6Prefix: "fd00::/8/8" }, "ipv6Prefix", "not an IPv6 address");
  });
  it("must not carry a zone index", () => {
    rejects({ ipv6Prefix: "fd00::/48%eth0" }, "ipv6Prefix", "zone index");
  });
  it("must hold every network in its first quarter", () => {
    const tiny = { ipv6Prefix: "2001:db8::/62", zones: ["a"], nodeCount: 1 };
    rejects(tiny, "ipv6Prefix", "holds 1 /64", "needs 2", "use a /61");
  });
  it("source needs a prefix", () => {
    rejects({ ipv6Prefix: undefined, ipv6PrefixSource: "provider" }, "ipv6PrefixSource", "ipv6Prefix is not");
  });
});

describe("zones and tiers", () => {
  it("zones must not be empty", () => {
    rejects({ zones: [] }, "zones", "[]", "at least one zone");
  });
  it("zones must not repeat", () => {
    rejects({ zones: ["a", "b", "a"] }, "zones", '"a" twice', "each zone once");
  });
  it("zone names must not be empty", () => {
    rejects({ zones: ["a", ""] }, "zones[1]", "empty");
  });
  it("tier names must be [a-z0-9-]", () => {
    rejects({ tiers: { ingress: "Edge", nodes: "nodes" } }, "tiers.ingress", '"Edge"');
  });
  it("tier and zone names must not make two networks of one name", () => {
    rejects({ zones: ["a-1", "1"], tiers: { ingress: "edge", nodes: "edge-a" } }, "tiers", '"edge-a-1"');
  });
});

describe("counts", () => {
  it("nodeCount must be at least 1", () => {
    rejects({ nodeCount: 0 }, "nodeCount", "0", "1 or more");
  });
  it("nodeCount must be an integer", () => {
    rejects({ nodeCount: 2.5 }, "nodeCount", "2.5", "not an integer");
  });
  it("nodeCount must fit the IPv4 networks, naming the maximum", () => {
    // A /28 holds offsets 10..14: 5 hosts per network, one nodes network per zone.
    rejects({ ipv4SubnetPrefixLength: 28, zones: ["a"], nodeCount: 6 }, "nodeCount", "6", "use 1..5");
    // Two zones: 10 nodes fit, 11 do not.
    expect(() => planAddresses({ ...base, ipv4SubnetPrefixLength: 28, nodeCount: 10 })).not.toThrow();
    rejects({ ipv4SubnetPrefixLength: 28, nodeCount: 11 }, "nodeCount", "use 1..10");
  });
  it("nodeCount must fit the networks shared with ingress hosts", () => {
    const shared = { ipv4SubnetPrefixLength: 28, zones: ["a"], tiers: { ingress: "all", nodes: "all" } };
    rejects({ ...shared, ingressCount: 3 }, "nodeCount", "use 1..2");
    rejects({ ...shared, ingressCount: 5, nodeCount: 1 }, "nodeCount", "use a shorter ipv4SubnetPrefixLength");
  });
  it("nodeCount must fit the Docker quarter of a small prefix", () => {
    rejects(
      { ipv6Prefix: "2001:db8::/62", zones: ["a"], tiers: { ingress: "x", nodes: "x" }, nodeCount: 2 },
      "nodeCount",
      "Docker quarter 2001:db8:0:3::/64",
      "use 1..1",
      "larger ipv6Prefix",
    );
  });
  it("nodeCount must fit the IPv4 pod range", () => {
    rejects({ kubernetes: { clusterCidrV4: "10.42.0.0/23" } }, "nodeCount", "holds 2 node /24s", "use 1..2");
  });
  it("ingressCount must be 2..8", () => {
    rejects({ ingressCount: 1 }, "ingressCount", "1", "use 2..8");
    rejects({ ingressCount: 9 }, "ingressCount", "9", "use 2..8");
  });
  it("ingressCount must fit the ingress network", () => {
    rejects({ ipv4SubnetPrefixLength: 28, ingressCount: 6 }, "ingressCount", "holds 5 hosts", "use 2..5");
  });
  it("ingressMaxCount must be ingressCount..8 and fit the ingress network", () => {
    rejects({ ingressCount: 3, ingressMaxCount: 2 }, "ingressMaxCount", "2", "use 3..8", "the 3 ingress hosts there are");
    rejects({ ingressMaxCount: 9 }, "ingressMaxCount", "9", "use 2..8");
    rejects({ ipv4SubnetPrefixLength: 28, ingressMaxCount: 6 }, "ingressMaxCount", "6", "holds 5 hosts", "use 2..5");
  });
  it("nodeCount must fit the shared network beside ingressMaxCount ingress hosts", () => {
    const shared = { ipv4SubnetPrefixLength: 28, zones: ["a"], tiers: { ingress: "all", nodes: "all" } };
    expect(() => planAddresses({ ...base, ...shared, nodeCount: 3 })).not.toThrow();
    rejects({ ...shared, nodeCount: 3, ingressMaxCount: 3 }, "nodeCount", "shared with 3 ingress hosts", "use 1..2");
  });
});

describe("kubernetes ranges", () => {
  it("default IPv4 pod range must not overlap the supernet", () => {
    const message = '"10.42.0.0/16" (the default) overlaps ipv4Supernet "10.0.0.0/8"';
    rejects({ ipv4Supernet: "10.0.0.0/8" }, "kubernetes.clusterCidrV4", message);
  });
  it("IPv4 service range must not overlap the pod range", () => {
    rejects(
      { kubernetes: { serviceCidrV4: "10.42.128.0/17" } },
      "kubernetes.serviceCidrV4",
      'overlaps kubernetes.clusterCidrV4 "10.42.0.0/16"',
    );
  });
  it("IPv4 pod range must give every node a /24", () => {
    rejects({ kubernetes: { clusterCidrV4: "10.42.0.0/25" } }, "kubernetes.clusterCidrV4", "/25", "gets a /24");
  });
  it("IPv6 service range must not be larger than /108", () => {
    rejects({ kubernetes: { serviceCidrV6: "fd00:43::/100" } }, "kubernetes.serviceCidrV6", "/100", "larger than /108");
    rejects({ kubernetes: { servicePrefixLengthV6: 104 } }, "kubernetes.servicePrefixLengthV6", "larger than /108");
  });
  it("carved IPv6 pod range must be /50../56", () => {
    const key = "kubernetes.clusterPrefixLengthV6";
    rejects({ kubernetes: { clusterPrefixLengthV6: 60 } }, key, "use 50..56");
    rejects({ kubernetes: { clusterPrefixLengthV6: 48 } }, key, "use 50..56", "clusterCidrV6 for a /48 or /49");
  });
  it("explicit IPv6 pod range must not overlap the networks", () => {
    rejects(
      { kubernetes: { clusterCidrV6: "2001:db8::/56" } },
      "kubernetes.clusterCidrV6",
      "overlaps the networks quarter 2001:db8::/50",
      "inside 2001:db8:0:4000::/50",
    );
  });
  it("explicit IPv6 ranges must not overlap each other", () => {
    rejects(
      { kubernetes: { clusterCidrV6: "fd00:42::/56", serviceCidrV6: "fd00:42::/112" } },
      "kubernetes.serviceCidrV6",
      "overlaps fd00:42::/56",
    );
  });
  it("explicit IPv6 pod range must have no host bits", () => {
    rejects({ kubernetes: { clusterCidrV6: "fd00:42::1/56" } }, "kubernetes.clusterCidrV6", 'use "fd00:42::/56"');
  });
  it("prefix length must agree with an explicit range", () => {
    rejects(
      { kubernetes: { clusterCidrV6: "fd00:42::/56", clusterPrefixLengthV6: 52 } },
      "kubernetes.clusterPrefixLengthV6",
      'contradicts kubernetes.clusterCidrV6 "fd00:42::/56"',
    );
  });
});

describe("vips", () => {
  it("must be inside the first zone's ingress network", () => {
    rejects({ vips: { ipv4: "10.40.1.4" } }, "vips.ipv4", '"10.40.1.4"', "outside", "10.40.0.0/24", '"10.40.0.4"');
    rejects({ vips: { ipv6: "2001:db8:0:1::4" } }, "vips.ipv6", "outside", "2001:db8::/64");
  });
  it("must not be the gateway or another reserved address", () => {
    rejects({ vips: { ipv6: "2001:db8::1" } }, "vips.ipv6", "reserved");
    rejects({ vips: { ipv4: "10.40.0.255" } }, "vips.ipv4", "reserved");
  });
  it("must not be a host's address", () => {
    rejects({ vips: { ipv4: "10.40.0.11" } }, "vips.ipv4", "a host's address");
  });
  it("must be of its family", () => {
    rejects({ vips: { ipv6: "10.40.0.4" } }, "vips.ipv6", "mixed families");
  });
  it("may carry only the host's or the network's prefix length", () => {
    rejects({ vips: { ipv6: "2001:db8::4/48" } }, "vips.ipv6", "/48", "/128 or /64");
  });
});

describe("untyped input (from YAML or JS)", () => {
  it("is an InputError, never a plain Error", () => {
    const loose = (patch: Record<string, unknown>) => patch as Partial<PlanInput>;
    rejects(loose({ ipv4Supernet: 42 }), "ipv4Supernet", "not a string");
    rejects(loose({ zones: "lpg1" }), "zones");
    rejects(loose({ nodeCount: "3" }), "nodeCount", "not an integer");
    rejects(loose({ ipv6PrefixSource: "aws" }), "ipv6PrefixSource", '"operator" or "provider"');
  });
});
