// Input checks shared by the managed-cluster components. Each throws a
// InputError naming the key, the value and what would be valid, before any
// resource is registered, so a bad stack config fails the preview cleanly.
import { InputError, requireMatch } from "../checks";

export { InputError, requireCidr, requireInt, requireMatch } from "../checks";

type Version = readonly [number, number, number];

/**
 * A Kubernetes version "1.30" or "1.30.4" that is at least `min`; `why` says
 * what needs the minimum (shown in the error).
 */
export function requireKubernetesVersion(key: string, value: unknown, min: Version, why: string): string {
  const text = requireMatch(key, value, /^\d+\.\d+(\.\d+)?$/, 'use a version such as "1.33" or "1.33.2"');
  const parts = text.split(".").map(Number);
  const got: Version = [parts[0], parts[1], parts[2] ?? Number.MAX_SAFE_INTEGER];
  for (let i = 0; i < 3; i++) {
    if (got[i] > min[i]) return text;
    if (got[i] < min[i]) {
      throw new InputError(key, value, `is older than ${min.join(".")}, which ${why}`, `use ${min.join(".")} or newer`);
    }
  }
  return text;
}

/** A non-empty list of plain (or Output) items; only the count is checked here. */
export function requireCount<T>(key: string, value: readonly T[] | undefined, min: number, expected: string): readonly T[] {
  if (!Array.isArray(value) || value.length < min) {
    throw new InputError(key, Array.isArray(value) ? `(${value.length} items)` : value, `has fewer than ${min} items`, expected);
  }
  return value;
}
