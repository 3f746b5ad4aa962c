// Property tests: random valid inputs must give plans whose ranges nest and do
// not collide, in canonical text; bad or oversized inputs must give PlanErrors.
// Containment and canonical form are checked with ip-address and a hand-written
// RFC 5952 formatter (./oracle), not with the planner's own Cidr type.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { Address6 } from "ip-address";
import { AddressPlan, InputError, PlanInput, PlannedHost, planAddresses } from "../../../components/addressing";
import { isSpecial } from "./iana-oracle";
import { inside, isCanonical, overlapping, parse, rfc5952, span } from "./oracle";

const RUNS = { numRuns: 200 };

/** Smallest b with 2^b >= n. */
const bitsFor = (n: number) => Math.ceil(Math.log2(n));

/** A valid input whose node and ingress counts stay within every capacity of the layout. */
const validInput: fc.Arbitrary<PlanInput> = fc
  .record({
    name: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
    zones: fc.shuffledSubarray(["lpg", "rma", "gva", "zrh", "east", "west"], { minLength: 1, maxLength: 3 }),
    tiers: fc.constantFrom(undefined, { ingress: "main", nodes: "main" }, { ingress: "edge", nodes: "workers" }),
    v4FirstOctet: fc.integer({ min: 11, max: 223 }), // never 10: keeps clear of the k3s pod/service defaults
    v4Rest: fc.integer({ min: 0, max: 2 ** 24 - 1 }),
    v4Length: fc.integer({ min: 8, max: 24 }),
    v6FirstGroup: fc.constantFrom(0x2001n, 0x2a0an, 0xfd00n),
    v6Bits: fc.bigInt({ min: 0n, max: (1n << 46n) - 1n }),
    withPrefix: fc.boolean(),
    source: fc.constantFrom(undefined, "operator" as const, "provider" as const),
    prefixForm: fc.constantFrom("canonical", "upper", "expanded"),
    clusterPrefixLengthV6: fc.option(fc.integer({ min: 50, max: 56 }), { nil: undefined }),
    servicePrefixLengthV6: fc.option(fc.integer({ min: 108, max: 120 }), { nil: undefined }),
    seed: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat()),
    vipOffset: fc.option(fc.integer({ min: 4, max: 9 }), { nil: undefined }),
  })
  .map((r): PlanInput => {
    const tierCount = r.tiers?.ingress === r.tiers?.nodes && r.tiers ? 1 : 2;
    const networks = r.zones.length * tierCount;
    const [a, b, c, d, e] = r.seed;
    // IPv6: /48.. /62 with room for the networks in the first quarter.
    const v6Length = 48 + (a % (62 - bitsFor(networks) - 48 + 1));
    // The first group fixed, random bits after it up to /L, zeros past /L.
    const v6Bits = r.v6Bits & ((1n << BigInt(v6Length - 16)) - 1n);
    const prefixValue = (r.v6FirstGroup << 112n) | (v6Bits << BigInt(128 - v6Length));
    // IPv4: subnets long enough for the networks to fit, at most /28.
    const subnetLength = r.v4Length + bitsFor(networks) + (b % (28 - r.v4Length - bitsFor(networks) + 1));
    const v4Network = (((r.v4FirstOctet << 24) | r.v4Rest) >>> (32 - r.v4Length)) * 2 ** (32 - r.v4Length);
    const room = 2 ** (32 - subnetLength) - 11;
    const shared = tierCount === 1;
    const ingressCount = 2 + (c % (Math.min(8, shared ? room - 1 : room) - 1));
    const perZone = shared ? room - ingressCount : room;
    const maxNodes = Math.min(r.zones.length * perZone, 2 ** (62 - v6Length), 12);
    const prefixText = {
      canonical: rfc5952(prefixValue),
      upper: rfc5952(prefixValue).toUpperCase(),
      expanded: Address6.fromBigInt(prefixValue).canonicalForm().toUpperCase(), // 2001:0DB8:0000:...
    }[r.prefixForm];
    return {
      name: r.name,
      ipv4Supernet: `${v4Text(v4Network)}/${r.v4Length}`,
      ipv6Prefix: r.withPrefix ? `${prefixText}/${v6Length}` : undefined,
      ipv6PrefixSource: r.withPrefix ? r.source : undefined,
      zones: r.zones,
      tiers: r.tiers,
      ipv4SubnetPrefixLength: subnetLength,
      nodeCount: 1 + (d % maxNodes),
      ingressCount,
      // Fixed VIPs at a free offset (4..9) of the first network, which is where the ingress network goes.
      vips:
        r.vipOffset !== undefined && r.withPrefix
          ? { ipv4: v4Text(v4Network + r.vipOffset), ipv6: rfc5952(prefixValue + BigInt(r.vipOffset)) }
          : undefined,
      kubernetes: {
        clusterPrefixLengthV6: r.clusterPrefixLengthV6,
        servicePrefixLengthV6: e % 2 ? r.servicePrefixLengthV6 : undefined,
      },
    };
  })
  // Loopback, multicast, 2001::/23 and the like are refused (see "special-purpose ranges" below).
  .filter((input) => !isSpecial(input.ipv4Supernet, true) && !(input.ipv6Prefix && isSpecial(input.ipv6Prefix, true)));

function v4Text(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join(".");
}

function hostsOf(plan: AddressPlan): PlannedHost[] {
  return [...plan.ingress.hosts, ...plan.nodes];
}

/** The four quarters of the environment prefix, computed here from the plan's prefix text. */
function quarters(plan: AddressPlan): string[] {
  const { value, length } = parse(plan.ipv6Prefix);
  return [0n, 1n, 2n, 3n].map((i) => `${rfc5952(value + (i << BigInt(128 - length - 2)))}/${length + 2}`);
}

/** Each [child, parent] pair where the child is not inside the parent. */
function notInside(pairs: [string, string][]): string[] {
  return pairs.filter(([child, parent]) => !inside(child, parent)).map((pair) => pair.join(" not in "));
}

function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(allStrings);
  return [];
}

describe("planAddresses on random valid inputs", () => {
  it("nests every range in its parent", () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const plan = planAddresses(input);
        const [q0, q1, q2, q3] = quarters(plan);
        const network = new Map(plan.networks.map((n) => [n.name, n]));
        const ingress = plan.networks[0];
        const k = plan.kubernetes;
        expect(plan.ingress.network).toBe(ingress.name);
        expect(
          notInside([
            ...plan.networks.flatMap((n): [string, string][] => [
              [n.ipv6Cidr, q0],
              [n.ipv4Cidr, plan.ipv4Supernet],
              [n.ipv4Gateway, n.ipv4Cidr],
              [n.ipv6Gateway, n.ipv6Cidr],
            ]),
            ...hostsOf(plan).flatMap((h): [string, string][] => [
              [h.ipv4, network.get(h.network)?.ipv4Cidr ?? "0.0.0.0/32"],
              [h.ipv6, network.get(h.network)?.ipv6Cidr ?? "::/128"],
            ]),
            ...plan.nodes.flatMap((n): [string, string][] => [
              [n.podCidrV6, k.clusterCidrV6],
              [n.podCidrV4, k.clusterCidrV4],
              [n.docker.ipv6Cidr, q3],
              [n.docker.fixedCidrV6, n.docker.ipv6Cidr],
              [n.docker.addressPoolV6.base, n.docker.ipv6Cidr],
            ]),
            [plan.ingress.vips.ipv4, ingress.ipv4Cidr],
            [plan.ingress.vips.ipv6, ingress.ipv6Cidr],
            [k.serviceCidrV6, q2],
            [k.clusterCidrV6, k.podRangeIsUla && !inside(k.clusterCidrV6, q1) ? "fd00::/8" : q1],
          ]),
        ).toEqual([]);
      }),
      RUNS,
    );
  });

  it("never lets siblings overlap, keeps the broadcast free, and shares a host's last number across families", () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const plan = planAddresses(input);
        const [q0, , , q3] = quarters(plan);
        const k = plan.kubernetes;
        for (const family of ["ipv4", "ipv6"] as const) {
          const addresses = [...hostsOf(plan).map((h) => h[family]), plan.ingress.vips[family]];
          const gateways = plan.networks.map((n) => (family === "ipv4" ? n.ipv4Gateway : n.ipv6Gateway));
          expect(overlapping([...addresses, ...gateways])).toEqual([]);
        }
        for (const ranges of [
          plan.networks.map((n) => n.ipv4Cidr),
          plan.networks.map((n) => n.ipv6Cidr),
          plan.nodes.map((n) => n.podCidrV6),
          plan.nodes.map((n) => n.podCidrV4),
          plan.nodes.flatMap((n) => [n.docker.ipv6Cidr]),
          plan.nodes.flatMap((n) => [n.docker.fixedCidrV6, n.docker.addressPoolV6.base]),
          [q0, k.clusterCidrV6, k.serviceCidrV6, q3],
          [plan.ipv4Supernet, k.clusterCidrV4, k.serviceCidrV4, ...new Set(plan.nodes.map((n) => n.docker.addressPoolV4.base))],
        ]) {
          expect(overlapping(ranges)).toEqual([]);
        }
        const network = new Map(plan.networks.map((n) => [n.name, n]));
        const offsets = hostsOf(plan).map((h) => {
          const n = network.get(h.network);
          const v4 = span(n?.ipv4Cidr ?? "0.0.0.0/0");
          const offset4 = parse(h.ipv4).value - v4.first;
          const offset6 = parse(h.ipv6).value - span(n?.ipv6Cidr ?? "::/0").first;
          const beforeBroadcast = parse(h.ipv4).value < v4.last;
          return { host: h.name, sameOffset: offset4 === offset6, fromTen: offset4 >= 10n, beforeBroadcast };
        });
        expect(offsets.filter((o) => !(o.sameOffset && o.fromTen && o.beforeBroadcast))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("writes every address and range canonically, both families for every host and network", () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const plan = planAddresses(input);
        const addresses = allStrings(plan).filter((s) => /^[0-9a-fA-F:.]+(\/\d+)?$/.test(s) && /[:.]/.test(s));
        expect(addresses.filter((text) => !isCanonical(text))).toEqual([]);
        const dualStack = [
          ...hostsOf(plan).map((h) => [h.ipv4, h.ipv6]),
          ...plan.networks.map((n) => [n.ipv4Cidr, n.ipv6Cidr]),
        ];
        expect(dualStack.filter(([v4, v6]) => !(span(v4).family === 4 && span(v6).family === 6))).toEqual([]);
        if (input.ipv6Prefix) expect(span(plan.ipv6Prefix)).toEqual(span(input.ipv6Prefix));
        if (input.vips?.ipv6) expect(plan.ingress.vips.ipv6).toBe(input.vips.ipv6);
      }),
      RUNS,
    );
  });

  it("is deterministic, counts and spreads hosts as asked, and sets VRRP right", () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const plan = planAddresses(input);
        // isDeepStrictEqual: same answer as toEqual here, at a fraction of the cost over 200 runs.
        expect(isDeepStrictEqual(planAddresses(structuredClone(input)), plan)).toBe(true);
        expect(plan.nodes.map((n) => n.zone)).toEqual(plan.nodes.map((_, i) => input.zones[i % input.zones.length]));
        expect(plan.ingress.hosts).toHaveLength(input.ingressCount);
        const priorities = plan.ingress.hosts.map((h) => h.vrrpPriority);
        expect(priorities.every((p, i) => p >= 1 && p <= 254 && (i === 0 || p < priorities[i - 1]))).toBe(true);
        const { routerIdV4, routerIdV6 } = plan.ingress.vrrp;
        expect([routerIdV4, routerIdV6].every((id) => Number.isInteger(id) && id >= 1 && id <= 255)).toBe(true);
        expect(routerIdV4).not.toBe(routerIdV6);
      }),
      RUNS,
    );
  });
});

describe("planAddresses on inputs it cannot plan", () => {
  it("names the exact node capacity: the reported maximum plans, one more does not", () => {
    fc.assert(
      fc.property(validInput, fc.integer({ min: 1000, max: 10 ** 6 }), (input, nodeCount) => {
        const error = planError({ ...input, nodeCount });
        expect(error.key).toBe("nodeCount");
        const max = Number(/use 1\.\.(\d+)/.exec(error.message)?.[1]);
        expect(planAddresses({ ...input, nodeCount: max }).nodes).toHaveLength(max);
        expect(planError({ ...input, nodeCount: max + 1 }).key).toBe("nodeCount");
      }),
      { numRuns: 30 }, // plans up to 256 nodes twice per run
    );
  });

  it("throws InputError, nothing else, for arbitrary address text", () => {
    const addressish = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:./%"), maxLength: 45 });
    const field = fc.constantFrom("ipv4Supernet", "ipv6Prefix", "vips.ipv4", "vips.ipv6", "kubernetes.clusterCidrV6");
    fc.assert(
      fc.property(validInput, field, fc.oneof(addressish, fc.ipV6(), fc.ipV4()), (input, key, text) => {
        const [outer, inner] = key.split(".");
        const patched: Record<string, unknown> = { ...input };
        patched[outer] = inner ? { ...(input[outer as keyof PlanInput] as object), [inner]: text } : text;
        try {
          planAddresses(patched as unknown as PlanInput);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      RUNS,
    );
  });
});

function planError(input: PlanInput): InputError {
  try {
    planAddresses(input);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error("expected an InputError");
}
