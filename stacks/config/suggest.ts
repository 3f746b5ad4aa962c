// What a config error can tell beyond zod's issue: the keys a section has
// (read from the schema itself), the closest one to a misspelt key, and what
// a value of a given key looks like (a CIDR, an address, a list of zones).
import type { core } from "zod";

type Schema = core.$ZodType;

/** The schema at `path` inside `schema`, through optional, default, pipe and array wrappers. */
export function schemaAt(schema: Schema | undefined, path: readonly string[]): Schema | undefined {
  let cursor = schema;
  for (const part of path) {
    const object = unwrap(cursor);
    if (object?._zod.def.type === "object") {
      cursor = (object._zod.def as core.$ZodObjectDef).shape[part];
    } else if (object?._zod.def.type === "array" && /^\d+$/.test(part)) {
      cursor = (object._zod.def as core.$ZodArrayDef).element;
    } else {
      return undefined;
    }
  }
  return cursor;
}

/** The keys of the section (object schema) at `path`, or [] when it is not one. */
export function keysAt(schema: Schema | undefined, path: readonly string[]): string[] {
  const object = unwrap(schemaAt(schema, path));
  return object?._zod.def.type === "object" ? Object.keys((object._zod.def as core.$ZodObjectDef).shape) : [];
}

/** Both bounds of a number schema (through coerce, optional, default), when it has both. */
export function numberRange(schema: Schema | undefined): { min: number; max: number } | undefined {
  const number = unwrap(schema) as { minValue?: number | null; maxValue?: number | null } | undefined;
  const { minValue: min, maxValue: max } = number ?? {};
  // z.int() alone bounds to the safe integers: that is no range worth showing.
  const shown = (n: unknown): n is number => typeof n === "number" && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  return shown(min) && shown(max) ? { min, max } : undefined;
}

function unwrap(schema: Schema | undefined): Schema | undefined {
  let cursor = schema;
  for (let i = 0; cursor && i < 10; i++) {
    const def = cursor._zod.def as { type: string; innerType?: Schema; in?: Schema };
    if (def.innerType) cursor = def.innerType;
    else if (def.type === "pipe" && def.in) cursor = def.in;
    else break;
  }
  return cursor;
}

/** The known key closest to `given` (case-insensitive edit distance), if it is close enough to be a typo. */
export function closestKey(given: string, known: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(lower, key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  // One edit for short keys, about a third of the letters for longer ones.
  return best && best.distance <= Math.max(1, Math.floor(given.length / 3)) ? best.key : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** What a string value of these keys looks like (keys relative to the namespace; `*` is any list index). */
const STRING_HINTS: Record<string, string> = {
  "network.ipv4Supernet": 'an IPv4 CIDR such as "10.77.0.0/16"',
  "network.ipv6Prefix": 'an IPv6 prefix /48../62 such as "fd12:3456:789a::/48"',
  "network.zones.*": 'a zone name such as "lpg1"',
  "ingress.vips.ipv4": 'an IPv4 address such as "10.77.0.4"',
  "ingress.vips.ipv6": 'an IPv6 address such as "fd12:3456:789a::4"',
  "kubernetes.clusterCidrV4": 'an IPv4 CIDR such as "10.42.0.0/16"',
  "kubernetes.serviceCidrV4": 'an IPv4 CIDR such as "10.43.0.0/16"',
  "kubernetes.clusterCidrV6": 'an IPv6 CIDR such as "fd00:42::/56"',
  "kubernetes.serviceCidrV6": 'an IPv6 CIDR such as "fd00:43::/112"',
  "docker.ipv4Pool": 'a private IPv4 CIDR such as "192.168.0.0/16"',
};

export function stringHint(path: readonly string[]): string | undefined {
  return STRING_HINTS[path.map((p) => (/^\d+$/.test(p) ? "*" : p)).join(".")];
}
