// Plain, typed access to the resource properties a policy sees.
//
// Policies read INPUTS. During a preview, an input computed from another
// resource's output (a VPC id, an Amazon-assigned IPv6 block) is unknown:
// @pulumi/policy wraps props in a proxy that throws when such a value is read,
// and the engine would then turn the whole policy into an advisory "can't run
// during preview". Instead we copy props once into plain data with UNKNOWN in
// those places, so rules are pure functions over plain objects and can treat
// UNKNOWN as "may well be fine" (never a violation) while still judging the
// known parts of the same resource.

export const UNKNOWN: unique symbol = Symbol.for("dualstack.policy.unknown");
export type Unknown = typeof UNKNOWN;

export type Value = string | number | boolean | null | Unknown | Value[] | Props;
export interface Props {
  [key: string]: Value;
}

// The engine's unknown markers, as @pulumi/policy deserializes them (its proxy
// normally throws before we see one; a test pins them to the SDK's values).
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also the wire format's generic unknown)
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

const MAX_DEPTH = 32;

/** Reads one property; the SDK's proxy throws for unknowns, a plain object never throws. */
function read(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return UNKNOWN;
  }
}

/** Copies props (possibly behind the SDK's unknown-checking proxy) into plain data. */
export function unwrap(raw: unknown, depth = 0): Value {
  if (raw === UNKNOWN) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string") return UNKNOWN_SENTINELS.has(raw) ? UNKNOWN : raw;
  if (typeof raw === "number" || typeof raw === "boolean") return raw;
  if (typeof raw !== "object" || depth > MAX_DEPTH) return null;
  if (Array.isArray(raw)) {
    const out: Value[] = [];
    const length = read(raw, "length");
    if (typeof length !== "number") return UNKNOWN;
    for (let i = 0; i < length; i++) out.push(unwrap(read(raw, String(i)), depth + 1));
    return out;
  }
  const out: Props = {};
  for (const key of Object.keys(raw)) {
    const v = read(raw, key);
    // Like @pulumi/policy: an undefined property does not exist.
    if (v !== undefined) out[key] = unwrap(v, depth + 1);
  }
  return out;
}

/** unwrap() for a whole props object: never UNKNOWN at the top. */
export function unwrapProps(raw: unknown): Props {
  const v = unwrap(raw);
  return isProps(v) ? v : {};
}

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

export function isProps(v: unknown): v is Props {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A string, UNKNOWN, or undefined when absent or of another type. */
export function str(v: Value | undefined): string | Unknown | undefined {
  return typeof v === "string" || v === UNKNOWN ? v : undefined;
}

export function num(v: Value | undefined): number | Unknown | undefined {
  if (typeof v === "number" || v === UNKNOWN) return v;
  // Some providers take numbers as strings (ports "22", protocol "6").
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function bool(v: Value | undefined): boolean | Unknown | undefined {
  return typeof v === "boolean" || v === UNKNOWN ? v : undefined;
}

export function list(v: Value | undefined): Value[] | Unknown | undefined {
  return Array.isArray(v) || v === UNKNOWN ? v : undefined;
}

export function obj(v: Value | undefined): Props | Unknown | undefined {
  return isProps(v) || v === UNKNOWN ? v : undefined;
}

/** Follows a path of keys; UNKNOWN as soon as any step is unknown. */
export function at(v: Value | undefined, ...path: string[]): Value | undefined {
  let cur: Value | undefined = v;
  for (const key of path) {
    if (cur === UNKNOWN) return UNKNOWN;
    if (!isProps(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** The known strings of a string list (UNKNOWN elements are skipped; see hasUnknown). */
export function strings(v: Value | undefined): string[] {
  const l = list(v);
  if (!Array.isArray(l)) return typeof v === "string" ? [v] : [];
  return l.filter((e): e is string => typeof e === "string");
}

/** True when v or any element/property below it is unknown. */
export function hasUnknown(v: Value | undefined): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isProps(v)) return Object.values(v).some(hasUnknown);
  return false;
}
