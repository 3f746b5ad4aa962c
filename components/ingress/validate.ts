// Input checks shared by the config renderers (ingress, failover). Each check
// returns the value in canonical form or throws an InputError that names the
// field, the value and what would be valid, so an operator can fix the stack
// config without reading the renderer.
import { Address4, Address6 } from "ip-address";
import { InputError } from "../problems";

export { InputError };

const IPV4_EXAMPLE = `use a dotted-quad IPv4 address such as "192.0.2.10"`;
const IPV6_EXAMPLE = `use an IPv6 address such as "fd00::10"`;
// ip-address accepts "/len" and "%zone" suffixes; config files need bare addresses.
const SUFFIX = /[/%]/;

/** A bare unicast IPv4 address, returned in canonical dotted-quad form. */
export function requireIpv4(key: string, value: unknown): string {
  if (typeof value !== "string" || SUFFIX.test(value) || !Address4.isValid(value)) {
    throw new InputError(key, value, "is not an IPv4 address", IPV4_EXAMPLE);
  }
  const canonical = new Address4(value).correctForm();
  // ip-address drops leading zeros, which other parsers read as octal: refuse instead of guessing.
  if (canonical !== value) throw new InputError(key, value, "is not in canonical form", `write it as "${canonical}"`);
  const first = Number(canonical.split(".")[0]);
  if (canonical === "0.0.0.0" || first >= 224) {
    throw new InputError(key, value, "is not a unicast address", IPV4_EXAMPLE);
  }
  return canonical;
}

/** A bare unicast IPv6 address, returned in RFC 5952 form (lowercase, compressed). */
export function requireIpv6(key: string, value: unknown): string {
  if (typeof value !== "string" || SUFFIX.test(value) || !Address6.isValid(value)) {
    throw new InputError(key, value, "is not an IPv6 address", IPV6_EXAMPLE);
  }
  const address = new Address6(value);
  // An IPv4-mapped address would silently turn the IPv6 path back into IPv4.
  if (address.is4()) throw new InputError(key, value, "is an IPv4-mapped address", IPV6_EXAMPLE);
  if (address.isMulticast() || address.correctForm() === "::") {
    throw new InputError(key, value, "is not a unicast address", IPV6_EXAMPLE);
  }
  return address.correctForm();
}

const LINK_LOCAL = new Address6("fe80::/10");

/** True for fe80::/10 (expects an address that passed requireIpv6). */
export function isIpv6LinkLocal(address: string): boolean {
  return new Address6(address).isInSubnet(LINK_LOCAL);
}

/** An integer in [min, max]. */
export function requireInt(key: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(key, value, "is out of range", `use an integer ${min}..${max}`);
  }
  return value;
}

/** A string matching `pattern`; `expected` says what that means in words. */
export function requireMatch(key: string, value: unknown, pattern: RegExp, expected: string): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new InputError(key, value, "is not valid", expected);
  }
  return value;
}

/** An absolute path without whitespace, quotes or '#' (config files split on those). */
export function requireAbsolutePath(key: string, value: unknown): string {
  return requireMatch(key, value, /^\/[^\s"'#\\]*$/, "use an absolute path without spaces, quotes, '#' or '\\'");
}

/** Throws when `values` has duplicates; `keyOf(i)` names the i-th input. */
export function requireUnique(values: readonly string[], keyOf: (index: number) => string, what: string): void {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(value);
    if (first !== undefined) {
      throw new InputError(keyOf(index), value, `duplicates ${keyOf(first)}`, `give every ${what} a different value`);
    }
    seen.set(value, index);
  });
}
