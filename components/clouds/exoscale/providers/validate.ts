// Small input checks shared by the providers' check().
import { isIP } from "node:net";
import { failure, Failure } from "./common";
import { ZONES } from "../zones";

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
