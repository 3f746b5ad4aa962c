// Input checks for the runtime renderers, on top of the ones the ingress and
// failover renderers share (../ingress/validate). Each returns the value in
// canonical form or throws an InputError naming the field, the value and what
// would be valid.
import { Cidr, IpVersion, parseCidr } from "../addressing";
import { InputError, requireMatch } from "../ingress/validate";

export { InputError, requireInt, requireIpv4, requireIpv6, requireMatch } from "../ingress/validate";

/** An aligned CIDR of `family`, in canonical text. */
export function requireCidr(key: string, value: unknown, family: IpVersion): Cidr {
  const parsed = parseCidr(value, family);
  if (!parsed.ok) {
    const example = family === 4 ? `"172.16.0.0/12"` : `"fd00:d0c::/56"`;
    throw new InputError(key, value, parsed.problem, parsed.fix ?? `use an IPv${family} CIDR such as ${example}`);
  }
  return parsed.value;
}

/**
 * A Linux interface name usable in sysctl keys and netplan: at most 15
 * characters (IFNAMSIZ - 1), no '.' or '/' (sysctl.d would read them as
 * separators), e.g. "ens4", "eth1".
 */
export function requireInterfaceName(key: string, value: unknown): string {
  return requireMatch(key, value, /^[A-Za-z0-9_-]{1,15}$/, 'use an interface name such as "ens4": 1..15 letters, digits, "_" or "-"');
}

/** A DNS label (RFC 1123), as node and Kubernetes object names must be. */
export function requireDnsLabel(key: string, value: unknown): string {
  return requireMatch(key, value, /^(?=.{1,63}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "use 1..63 lowercase letters, digits and '-', starting and ending with a letter or digit");
}

// [registry[:port]/]path[:tag][@sha256:digest], lowercase path (the Docker reference grammar, simplified).
const IMAGE = /^(?:[a-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** A container image reference such as "docker.io/library/node:22-alpine". */
export function requireImage(key: string, value: unknown): string {
  return requireMatch(key, value, IMAGE, 'use an image reference such as "docker.io/library/node:22-alpine"');
}

/**
 * A shared secret (the k3s token). The error never shows the value, only its
 * length, so a bad token cannot leak into logs or a Pulumi preview.
 */
export function requireSecret(key: string, value: unknown, minLength: number): string {
  const redacted = typeof value === "string" ? `(secret, ${value.length} characters)` : value;
  if (typeof value !== "string" || value.length < minLength) {
    throw new InputError(key, redacted, "is too short", `use a random secret of at least ${minLength} characters`);
  }
  // Printable ASCII without whitespace: it is written into YAML and passed on command lines.
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new InputError(key, redacted, "has whitespace or non-printable characters", "use printable ASCII without spaces");
  }
  return value;
}

/** The first range of `ranges` that overlaps `cidr`, if any (families are compared like with like). */
export function firstOverlap(cidr: Cidr, ranges: readonly NamedRange[]): NamedRange | undefined {
  return ranges.find((range) => range.cidr.family === cidr.family && range.cidr.overlaps(cidr));
}

/** A range some other part of the environment uses, with the name an error shows for it. */
export interface NamedRange {
  name: string;
  cidr: Cidr;
}
