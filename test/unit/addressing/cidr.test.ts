import { Cidr, formatAddress, parseAddress, parseCidr } from "../../../components/addressing";

function cidr(text: string, family: 4 | 6): Cidr {
  const parsed = parseCidr(text, family);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.value;
}

describe("parseCidr", () => {
  it("canonicalises any valid IPv6 text to RFC 5952", () => {
    expect(cidr("2001:0DB8:0000:0000:0000:0000:0000:0000/48", 6).toString()).toBe("2001:db8::/48");
    expect(cidr("FD12:3456:789A:0:0:0:0:0/048", 6).toString()).toBe("fd12:3456:789a::/48");
    // The longest zero run is compressed, not the first one.
    expect(cidr("2001:db8::1:0:0:0/80", 6).toString()).toBe("2001:db8:0:0:1::/80");
  });

  it("reports host bits with the corrected CIDR", () => {
    const hostBits = { ok: false, problem: "has host bits set" };
    expect(parseCidr("2001:db8::1/48", 6)).toEqual({ ...hostBits, fix: 'use "2001:db8::/48"' });
    expect(parseCidr("10.40.7.0/16", 4)).toEqual({ ...hostBits, fix: 'use "10.40.0.0/16"' });
  });

  it("names the other family when given one", () => {
    expect(parseCidr("2001:db8::/48", 4)).toMatchObject({ problem: expect.stringContaining("IPv6 but IPv4") });
    expect(parseCidr("10.0.0.0/8", 6)).toMatchObject({ problem: expect.stringContaining("(mixed families)") });
  });

  it.each([
    ["fd00::/8/8", 6], // ip-address 10.1.0 accepts this and yields a NaN group
    ["fe80::/64%eth0", 6],
    ["2001:db8::/129", 6],
    ["10.0.0.0/33", 4],
    ["010.0.0.0/8", 4],
    ["10.0.0/8", 4],
    ["10.0.0.0", 4],
    ["", 6],
  ] as const)("rejects %p", (text, family) => {
    expect(parseCidr(text, family).ok).toBe(false);
  });
});

describe("parseAddress", () => {
  it("keeps an optional prefix length apart from the address", () => {
    const vip6 = { family: 6, value: (0xfd00n << 112n) + 4n, length: 64 };
    expect(parseAddress("fd00::4/64", 6)).toEqual({ ok: true, value: vip6 });
    expect(parseAddress("10.0.0.4", 4)).toEqual({ ok: true, value: { family: 4, value: 0x0a000004n } });
  });
});

describe("Cidr arithmetic", () => {
  const p = cidr("2001:db8::/48", 6);

  it("finds the n-th subnet and n-th address with BigInt math", () => {
    expect(p.subnet(50, 3).toString()).toBe("2001:db8:0:c000::/50");
    expect(p.subnet(64, 65535).toString()).toBe("2001:db8:0:ffff::/64");
    expect(p.subnet(64, 1).addressAt(10)).toBe("2001:db8:0:1::a");
    expect(cidr("10.40.0.0/16", 4).subnet(24, 255).addressAt(255)).toBe("10.40.255.255");
  });

  it("refuses subnets and offsets outside the range", () => {
    expect(() => p.subnet(64, 65536)).toThrow(RangeError);
    expect(() => p.subnet(40, 0)).toThrow(RangeError);
    expect(() => cidr("10.0.0.0/24", 4).at(256)).toThrow(RangeError);
  });

  it("tells containment and overlap", () => {
    const q1 = p.subnet(50, 1);
    expect(p.contains(q1)).toBe(true);
    expect(q1.contains(p)).toBe(false);
    expect(q1.overlaps(p)).toBe(true);
    expect(q1.overlaps(p.subnet(50, 2))).toBe(false);
    expect(p.contains(cidr("10.0.0.0/8", 4))).toBe(false);
    expect(p.last).toBe(p.network + (1n << 80n) - 1n);
  });

  it("formats addresses canonically", () => {
    expect(formatAddress(6, 0n)).toBe("::");
    expect(formatAddress(6, (0x2001n << 112n) | (1n << 64n) | 1n)).toBe("2001:0:0:1::1");
    // Equal runs: the first one is compressed; a single zero group never is.
    expect(formatAddress(6, (0x2001n << 112n) | (0xdb8n << 96n) | (1n << 48n) | 1n)).toBe("2001:db8::1:0:0:1");
    expect(formatAddress(6, (0x2001n << 112n) | (0xdb8n << 96n) | (1n << 64n) | 1n)).toBe("2001:db8:0:1::1");
    expect(formatAddress(4, 0x0a280001n)).toBe("10.40.0.1");
  });
});
