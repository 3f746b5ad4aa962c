// Small input checks shared by the Exoscale providers' check(), as the
// provider kit reports them (components/dynamic/check.ts).
import { isIP } from "node:net";
import { failure, type Failure, UNKNOWN } from "../../dynamic";
import { ZONES } from "./zones";

export { failure, type Failure };

export function checkZone(zone: unknown, property = "zone"): Failure[] {
  return typeof zone === "string" && (ZONES as readonly string[]).includes(zone)
    ? []
    : [failure(property, zone, `valid zones: ${ZONES.join(", ")}`)];
}

export function checkOneOf(property: string, value: unknown, valid: readonly string[]): Failure[] {
  return typeof value === "string" && valid.includes(value) ? [] : [failure(property, value, `expected one of: ${valid.join(", ")}`)];
}

export function checkInt(property: string, value: unknown, min: number, max: number, required = true): Failure[] {
  if (value === undefined && !required) return [];
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
    ? []
    : [failure(property, value, `expected an integer in ${min}..${max}`)];
}

export function checkName(property: string, value: unknown, max = 255): Failure[] {
  return typeof value === "string" && value.length >= 1 && value.length <= max
    ? []
    : [failure(property, value, `expected a string of 1..${max} characters`)];
}

/** 4 or 6 for a valid CIDR ("::/0", "10.0.0.0/8"), else undefined. */
export function cidrFamily(cidr: unknown): 4 | 6 | undefined {
  if (typeof cidr !== "string") return undefined;
  const [addr, len, ...rest] = cidr.split("/");
  if (rest.length || len === undefined || !/^\d{1,3}$/.test(len)) return undefined;
  const family = isIP(addr);
  if (family === 4 && Number(len) <= 32) return 4;
  if (family === 6 && Number(len) <= 128) return 6;
  return undefined;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A list of `min`..`max` distinct UUIDs; placeholders for unknown ids are accepted. */
export function checkIdList(property: string, value: unknown, what: string, min: number, max?: number): Failure[] {
  if (value === UNKNOWN) return [];
  const range = max === undefined ? `${min} or more` : `${min}..${max}`;
  if (!Array.isArray(value) || value.length < min || (max !== undefined && value.length > max)) {
    return [failure(property, value, `expected a list of ${range} ${what} ids (UUIDs)`)];
  }
  const f = value.flatMap((x, i) => (typeof x === "string" && UUID_RE.test(x) ? [] : [failure(`${property}[${i}]`, x, `expected ${what} id (a UUID)`)]));
  const known = value.filter((x) => x !== UNKNOWN);
  const dup = known.find((x, i) => known.indexOf(x) !== i);
  if (dup !== undefined) f.push(failure(property, value, `expected each id once; ${String(dup)} is listed more than once`));
  return f;
}
