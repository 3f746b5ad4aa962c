// The planner refuses special-purpose ranges wherever they are given, and the
// ranges it chooses itself (pod range fallback, Docker IPv4 pool) never
// overlap another range. Checked against independent oracles: the IANA
// registries as written in ./iana-oracle (Node's net.BlockList) and the
// range arithmetic of ./oracle (ip-address), not the planner's Cidr.
import fc from "fast-check";
import { Address4 } from "ip-address";
import { AddressPlan, InputError, PlanInput, planAddresses } from "../../../components/addressing";
import { IANA_IPV4, IANA_IPV6, isSpecial } from "./iana-oracle";
import { expectedUla, inside, overlapping, rfc5952, span } from "./oracle";

const BASE: PlanInput = { name: "ranges", ipv4Supernet: "10.60.0.0/16", zones: ["z1"], nodeCount: 2, ingressCount: 2 };

function outcome(input: PlanInput): AddressPlan | InputError {
  try {
    return planAddresses(input);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

/** A random aligned CIDR of the family, biased towards the special blocks (a random block, narrowed or widened). */
function cidrArb(family: 4 | 6, lengths: { min: number; max: number }): fc.Arbitrary<string> {
  const bits = family === 4 ? 32 : 128;
  const blocks = (family === 4 ? IANA_IPV4 : IANA_IPV6).map(([b]) => b);
  const near = fc.tuple(fc.constantFrom(...blocks), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })).map(([b, r]) => span(b).first + (r % (1n << BigInt(bits))) % (span(b).last - span(b).first + 1n));
  const anywhere = fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
  return fc.tuple(fc.oneof(near, anywhere), fc.integer(lengths)).map(([value, length]) => {
    const host = BigInt(bits - length);
    const network = (value >> host) << host;
    const text = family === 4 ? Address4.fromBigInt(network).correctForm() : rfc5952(network);
    return `${text}/${length}`;
  });
}

// Each given range, with lengths the planner accepts, so only the address decides.
const KEYS: { key: string; family: 4 | 6; lengths: { min: number; max: number }; set: (cidr: string) => Partial<PlanInput> }[] = [
  { key: "ipv4Supernet", family: 4, lengths: { min: 8, max: 24 }, set: (c) => ({ ipv4Supernet: c }) },
  { key: "ipv6Prefix", family: 6, lengths: { min: 48, max: 60 }, set: (c) => ({ ipv6Prefix: c }) },
  { key: "kubernetes.clusterCidrV4", family: 4, lengths: { min: 8, max: 24 }, set: (c) => ({ kubernetes: { clusterCidrV4: c } }) },
  { key: "kubernetes.serviceCidrV4", family: 4, lengths: { min: 12, max: 28 }, set: (c) => ({ kubernetes: { serviceCidrV4: c } }) },
  { key: "kubernetes.clusterCidrV6", family: 6, lengths: { min: 48, max: 56 }, set: (c) => ({ kubernetes: { clusterCidrV6: c } }) },
  { key: "kubernetes.serviceCidrV6", family: 6, lengths: { min: 108, max: 120 }, set: (c) => ({ kubernetes: { serviceCidrV6: c } }) },
  { key: "docker.ipv4Pool", family: 4, lengths: { min: 8, max: 24 }, set: (c) => ({ docker: { ipv4Pool: c } }) },
];

describe("special-purpose ranges", () => {
  const given = fc.constantFrom(...KEYS).chain((k) => fc.tuple(fc.constant(k), cidrArb(k.family, k.lengths), fc.boolean()));

  it("are refused in every given range exactly when the IANA registries list them, naming the key and what fits", () => {
    fc.assert(
      fc.property(given, ([k, cidr, refuseDocs]) => {
        const result = outcome({ ...BASE, ...k.set(cidr), documentationRanges: refuseDocs ? "refuse" : "allow" });
        const special = isSpecial(cidr, !refuseDocs);
        const refused = result instanceof InputError && /which no IPv[46] network may use/.test(result.message);
        expect({ cidr, refused }).toEqual({ cidr, refused: special });
        if (refused) {
          expect(result.key).toBe(k.key);
          expect(result.value).toBe(cidr);
          expect(result.message).toMatch(k.family === 4 ? /use private space \(RFC 1918/ : /unique local prefix in fd00::\/8/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ["ipv4Supernet", { ipv4Supernet: "127.0.0.0/8" }, /is loopback \(127\.0\.0\.0\/8, RFC 1122\)/],
    ["ipv4Supernet", { ipv4Supernet: "0.0.0.0/8" }, /is "this network" \(0\.0\.0\.0\/8, RFC 791\)/],
    ["ipv4Supernet", { ipv4Supernet: "169.254.0.0/16" }, /is link-local \(169\.254\.0\.0\/16, RFC 3927\)/],
    ["ipv4Supernet", { ipv4Supernet: "224.0.0.0/8" }, /is multicast \(224\.0\.0\.0\/4, RFC 5771\)/],
    ["ipv4Supernet", { ipv4Supernet: "198.18.0.0/16" }, /is for benchmarking \(198\.18\.0\.0\/15, RFC 2544\)/],
    ["ipv4Supernet", { ipv4Supernet: "255.255.255.0/24" }, /overlaps 255\.255\.255\.255\/32, limited broadcast/],
    ["ipv6Prefix", { ipv6Prefix: "::/48" }, /overlaps ::\/128, the unspecified address \(RFC 4291\)/],
    ["ipv6Prefix", { ipv6Prefix: "fe80::/48" }, /is link-local \(fe80::\/10, RFC 4291\)/],
    ["ipv6Prefix", { ipv6Prefix: "ff00::/48" }, /is multicast \(ff00::\/8/],
    ["ipv6Prefix", { ipv6Prefix: "2002:c000:204::/48" }, /is 6to4 tunnelling \(2002::\/16, RFC 3056\)/],
    ["kubernetes.serviceCidrV6", { kubernetes: { serviceCidrV6: "ff05::/112" } }, /is multicast/],
    ["kubernetes.serviceCidrV6", { kubernetes: { serviceCidrV6: "::ffff:0:0/112" } }, /is IPv4-mapped \(::ffff:0:0\/96/],
    ["kubernetes.clusterCidrV6", { kubernetes: { clusterCidrV6: "64:ff9b:1::/48" } }, /is local IPv4\/IPv6 translation/],
    ["kubernetes.clusterCidrV4", { kubernetes: { clusterCidrV4: "224.0.0.0/16" } }, /is multicast \(224\.0\.0\.0\/4/],
    ["docker.ipv4Pool", { docker: { ipv4Pool: "169.254.0.0/16" } }, /is link-local/],
    ["ipv6Prefix", { ipv6Prefix: "2001:db8::/48", documentationRanges: "refuse" as const }, /is documentation-only \(2001:db8::\/32, RFC 3849\)/],
    ["ipv4Supernet", { ipv4Supernet: "203.0.113.0/24", documentationRanges: "refuse" as const }, /is documentation-only \(TEST-NET-3\)/],
  ])("%s %j: says which kind of range it is", (key, patch, kind) => {
    const result = outcome({ ...BASE, ...patch });
    expect(result).toBeInstanceOf(InputError);
    expect((result as InputError).key).toBe(key);
    expect((result as InputError).message).toMatch(kind);
  });

  it("keeps shared address space (100.64.0.0/10), public ranges, ULA and, by default, documentation ranges usable", () => {
    for (const patch of [{ ipv4Supernet: "100.64.0.0/16" }, { ipv4Supernet: "85.195.0.0/16" }, { ipv6Prefix: "2a0a:e5c0:1::/48" }, { ipv6Prefix: "fd12:3456:789a::/48" }, { ipv6Prefix: "2001:db8:40::/48" }]) {
      expect(outcome({ ...BASE, ...patch })).not.toBeInstanceOf(InputError);
    }
  });

  it("lets a provider's prefix be a documentation stand-in even when documentation ranges are refused (AWS preview)", () => {
    const plan = outcome({ ...BASE, ipv6Prefix: "2001:db8:ffff:ff00::/56", ipv6PrefixSource: "provider", documentationRanges: "refuse" });
    expect(plan).not.toBeInstanceOf(InputError);
    expect(outcome({ ...BASE, ipv6Prefix: "fe80::/56", ipv6PrefixSource: "provider" })).toBeInstanceOf(InputError);
  });
});

/** Every range of a plan that must be disjoint from the others by design (children nest in these). */
function topLevelRanges(plan: AddressPlan): string[][] {
  const { value, length } = { value: span(plan.ipv6Prefix).first, length: Number(plan.ipv6Prefix.split("/")[1]) };
  const quarter = (i: bigint) => `${rfc5952(value + (i << BigInt(128 - length - 2)))}/${length + 2}`;
  const k = plan.kubernetes;
  const pools = [...new Set(plan.nodes.map((n) => n.docker.addressPoolV4.base))];
  return [
    [quarter(0n), quarter(3n), k.clusterCidrV6, k.serviceCidrV6],
    [plan.ipv4Supernet, k.clusterCidrV4, k.serviceCidrV4, ...pools],
  ];
}

describe("ranges the planner chooses itself", () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);

  it("never overlap, also for an operator prefix inside the stack's own ULA /48 (pod range fallback)", () => {
    const input = fc.record({ name, length: fc.integer({ min: 49, max: 62 }), bits: fc.bigInt({ min: 0n, max: (1n << 14n) - 1n }), nodes: fc.integer({ min: 1, max: 3 }), pods: fc.option(fc.integer({ min: 50, max: 56 }), { nil: undefined }) });
    fc.assert(
      fc.property(input, ({ name, length, bits, nodes, pods }) => {
        const sub = (bits >> BigInt(14 - (length - 48))) << BigInt(128 - length);
        const prefix = `${rfc5952(expectedUla(name) | sub)}/${length}`;
        const result = outcome({ ...BASE, name, ipv6Prefix: prefix, nodeCount: nodes, kubernetes: { clusterPrefixLengthV6: pods } });
        if (result instanceof InputError) {
          // Only capacity may stop such a plan, never an overlap blamed on a key nobody set.
          expect(result.key).toMatch(/^(nodeCount|ipv6Prefix)$/);
          expect(result.message).not.toMatch(/overlap/);
          return;
        }
        for (const ranges of topLevelRanges(result)) expect(overlapping(ranges)).toEqual([]);
        expect(result.nodes.every((n) => inside(n.podCidrV6, result.kubernetes.clusterCidrV6))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("plans the issue's example: stack edge, fd45:ed45:4331:4000::/55, pods outside it", () => {
    const plan = planAddresses({ ...BASE, name: "edge", ipv6Prefix: "fd45:ed45:4331:4000::/55" });
    expect(overlapping([plan.ipv6Prefix, plan.kubernetes.clusterCidrV6])).toEqual([]);
    expect(plan.nodes.some((n) => plan.networks.some((net) => inside(net.ipv6Cidr, n.podCidrV6) || inside(n.podCidrV6, net.ipv6Cidr)))).toBe(false);
    expect(inside(plan.kubernetes.clusterCidrV6, "fd45:ed45:4331::/48")).toBe(true);
    // A /56 there used to fail, blaming kubernetes.clusterCidrV6, which nobody had set.
    const nearby = planAddresses({ ...BASE, name: "edge", ipv6Prefix: "fd45:ed45:4331:4000::/56" });
    expect(overlapping([nearby.ipv6Prefix, nearby.kubernetes.clusterCidrV6])).toEqual([]);
  });

  it("choose the Docker IPv4 pool clear of every IPv4 range, the same for every node, deterministically", () => {
    const v4 = fc.record({ supernet: cidrArb(4, { min: 8, max: 22 }), service: fc.option(cidrArb(4, { min: 12, max: 24 }), { nil: undefined }) });
    fc.assert(
      fc.property(v4, ({ supernet, service }) => {
        const input: PlanInput = { ...BASE, ipv4Supernet: supernet, kubernetes: { serviceCidrV4: service } };
        const result = outcome(input);
        if (result instanceof InputError) return; // special-purpose or overlapping inputs: covered above
        const pools = new Set(result.nodes.map((n) => JSON.stringify(n.docker.addressPoolV4)));
        expect(pools.size).toBe(1);
        const pool = result.nodes[0].docker.addressPoolV4;
        expect(pool.size).toBe(24);
        expect(["172.16.0.0/12", "192.168.0.0/16", "10.0.0.0/8", "100.64.0.0/10"].some((space) => inside(pool.base, space))).toBe(true);
        expect(overlapping([result.ipv4Supernet, result.kubernetes.clusterCidrV4, result.kubernetes.serviceCidrV4, pool.base])).toEqual([]);
        expect((planAddresses(input) as AddressPlan).nodes[0].docker.addressPoolV4).toEqual(pool);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["10.60.0.0/16", undefined, "172.16.0.0/12"],
    ["172.28.0.0/15", undefined, "172.16.0.0/13"],
    ["10.60.0.0/16", "172.25.240.0/22", "172.16.0.0/13"],
    ["172.16.0.0/12", "192.168.0.0/16", "10.0.0.0/12"],
  ])("supernet %s, service range %s: Docker pool %s", (supernet, service, pool) => {
    const plan = planAddresses({ ...BASE, ipv4Supernet: supernet, kubernetes: { serviceCidrV4: service } });
    expect(plan.nodes[0].docker.addressPoolV4).toEqual({ base: pool, size: 24 });
  });

  it("takes the operator's docker.ipv4Pool, and names that key when it clashes or is not private", () => {
    expect(planAddresses({ ...BASE, docker: { ipv4Pool: "192.168.64.0/18" } }).nodes[0].docker.addressPoolV4.base).toBe("192.168.64.0/18");
    const clash = outcome({ ...BASE, ipv4Supernet: "192.168.0.0/16", docker: { ipv4Pool: "192.168.64.0/18" } }) as InputError;
    expect(clash.message).toBe('docker.ipv4Pool: "192.168.64.0/18" overlaps ipv4Supernet 192.168.0.0/16; use ranges that do not overlap');
    const pub = outcome({ ...BASE, docker: { ipv4Pool: "85.195.0.0/16" } }) as InputError;
    expect(pub.key).toBe("docker.ipv4Pool");
    expect(pub.message).toMatch(/is not private address space .*use a range inside 172\.16\.0\.0\/12, 192\.168\.0\.0\/16, 10\.0\.0\.0\/8, 100\.64\.0\.0\/10/);
  });
});
