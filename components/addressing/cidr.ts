// Typed CIDR values. Parsing and text formatting go through the `ip-address`
// library (canonical text: dotted quad for IPv4, RFC 5952 for IPv6); all
// arithmetic is BigInt on the address value, so /48 math never loses bits.
import { Address4, Address6 } from "ip-address";

/** The IP version number, as parsers, the kernel and cloud APIs (ip_version) write it. */
export type IpVersion = 4 | 6;

/** An address family, as the plan, configs and outputs name it (`vips.ipv4`, `vips.ipv6`). */
export type Family = "ipv4" | "ipv6";
export const FAMILIES: readonly Family[] = ["ipv4", "ipv6"];
export const IP_VERSION: Record<Family, IpVersion> = { ipv4: 4, ipv6: 6 };

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

export function familyName(family: IpVersion): string {
  return `IPv${family}`;
}

/** Canonical text of an address value: "10.40.0.1", "2001:db8::1". */
export function formatAddress(family: IpVersion, value: bigint): string {
  return family === 4 ? Address4.fromBigInt(value).correctForm() : Address6.fromBigInt(value).correctForm();
}

/** An aligned prefix: `network` has no bits set past `length`. Immutable. */
export class Cidr {
  private constructor(
    readonly family: IpVersion,
    /** The network address as a number. */
    readonly network: bigint,
    readonly length: number,
  ) {}

  /** Throws RangeError for a misaligned or out-of-range prefix: callers pass checked values. */
  static of(family: IpVersion, network: bigint, length: number): Cidr {
    const bits = BITS[family];
    if (!Number.isInteger(length) || length < 0 || length > bits) {
      throw new RangeError(`/${length} is not a valid ${familyName(family)} prefix length`);
    }
    if (network < 0n || network >> BigInt(bits) !== 0n || network % (1n << BigInt(bits - length)) !== 0n) {
      throw new RangeError(`${network} is not an aligned ${familyName(family)} /${length} network`);
    }
    return new Cidr(family, network, length);
  }

  /** The prefix of `length` that contains `address`, i.e. the address with its host bits cleared. */
  static containing(family: IpVersion, address: bigint, length: number): Cidr {
    const hostBits = BigInt(BITS[family] - length);
    return Cidr.of(family, (address >> hostBits) << hostBits, length);
  }

  /** Number of addresses in the range. */
  get size(): bigint {
    return 1n << BigInt(BITS[this.family] - this.length);
  }

  /** The range's last address (the IPv4 broadcast address). */
  get last(): bigint {
    return this.network + this.size - 1n;
  }

  /** How many prefixes of `length` this range holds (0 if `length` is shorter than ours). */
  subnetCount(length: number): bigint {
    return length < this.length ? 0n : 1n << BigInt(length - this.length);
  }

  /** The `index`-th (0-based) prefix of `length` inside this range. */
  subnet(length: number, index: number | bigint): Cidr {
    const i = BigInt(index);
    if (i < 0n || i >= this.subnetCount(length)) {
      throw new RangeError(`${this} has no /${length} number ${i}`);
    }
    return Cidr.of(this.family, this.network + i * (1n << BigInt(BITS[this.family] - length)), length);
  }

  /** The address `offset` positions into the range (offset 1 is the gateway by convention). */
  at(offset: number | bigint): bigint {
    const o = BigInt(offset);
    if (o < 0n || o >= this.size) throw new RangeError(`${this} has no address at offset ${o}`);
    return this.network + o;
  }

  /** Canonical text of the address `offset` positions into the range. */
  addressAt(offset: number | bigint): string {
    return formatAddress(this.family, this.at(offset));
  }

  /** Whether an address value, or a whole range, lies inside this range. */
  contains(other: Cidr | bigint): boolean {
    if (typeof other === "bigint") return other >= this.network && other <= this.last;
    return other.family === this.family && other.network >= this.network && other.last <= this.last;
  }

  /** Prefixes either nest or are disjoint, so overlap means one contains the other. */
  overlaps(other: Cidr): boolean {
    return this.contains(other) || other.contains(this);
  }

  toString(): string {
    return `${formatAddress(this.family, this.network)}/${this.length}`;
  }
}

/** Result of parsing operator text: either a value or why it is not one. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string; fix?: string };

export interface ParsedAddress {
  family: IpVersion;
  value: bigint;
  /** The "/length" suffix, if one was written. */
  length?: number;
}

/** Parses an address of `family`, optionally with a "/length" suffix, in any textual form the library accepts. */
export function parseAddress(text: unknown, family: IpVersion): Parsed<ParsedAddress> {
  if (typeof text !== "string") return { ok: false, problem: "is not a string" };
  const parsed = tryParse(text, family);
  if (parsed) {
    if (parsed.leadingZeros) {
      // "010.1.2.3" is 8.1.2.3 to inet_aton (octal) but 10.1.2.3 to others; refuse to guess.
      return { ok: false, problem: "has leading zeros in an octet (octal or decimal?)", fix: "write it without them" };
    }
    if (parsed.zone) return { ok: false, problem: `has a zone index (${parsed.zone})`, fix: "drop the %zone" };
    return { ok: true, value: { family, value: parsed.value, length: text.includes("/") ? parsed.length : undefined } };
  }
  const other: IpVersion = family === 4 ? 6 : 4;
  if (tryParse(text, other)) {
    return { ok: false, problem: `is ${familyName(other)} but ${familyName(family)} is expected (mixed families)` };
  }
  return { ok: false, problem: `is not an ${familyName(family)} address` };
}

/** Parses "address/length" of `family` into an aligned Cidr; host bits set are an error with the fix. */
export function parseCidr(text: unknown, family: IpVersion): Parsed<Cidr> {
  const parsed = parseAddress(text, family);
  if (!parsed.ok) return parsed;
  const { value, length } = parsed.value;
  if (length === undefined) return { ok: false, problem: "has no prefix length", fix: "write it as address/length" };
  const cidr = Cidr.containing(family, value, length);
  if (cidr.network !== value) return { ok: false, problem: "has host bits set", fix: `use "${cidr}"` };
  return { ok: true, value: cidr };
}

interface RawParse {
  value: bigint;
  length: number;
  zone: string;
  leadingZeros: boolean;
}

function tryParse(text: string, family: IpVersion): RawParse | undefined {
  try {
    const address = family === 4 ? new Address4(text) : new Address6(text);
    return {
      // bigInt() also catches text the constructor lets through but cannot
      // represent, e.g. "fd00::/8/8" (ip-address 10.1.0 turns it into a NaN group).
      value: address.bigInt(),
      length: address.subnetMask,
      zone: address instanceof Address6 ? address.zone : "",
      leadingZeros: address instanceof Address4 && address.parsedAddress.some((octet) => /^0\d/.test(octet)),
    };
  } catch {
    return undefined;
  }
}
