// Input checks shared by the cloudscale providers, as the provider kit
// reports them (components/dynamic/check.ts): each failure names the property,
// the value and what is valid. Values the engine does not know yet during a
// preview (another resource's future uuid) are skipped.
import { type Failure, isUnknown } from "../../dynamic";

/** Collects one resource's check failures. */
export class Checker {
  readonly failures: Failure[] = [];

  /** Every cloudscale resource has the id tag the resource class sets. */
  constructor(private readonly inputs: Record<string, unknown>) {
    const idTag = inputs.idTag;
    if (!isUnknown(idTag) && (typeof idTag !== "string" || idTag === "")) {
      this.fail("idTag", "must be a non-empty string (set by the resource class)");
    }
  }

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  private value(property: string): unknown {
    return this.inputs[property];
  }

  /** A required (or, with optional, possibly absent) non-empty string, optionally matching a pattern. */
  string(property: string, opts: { optional?: boolean; pattern?: RegExp; what?: string } = {}): void {
    const v = this.value(property);
    if (isUnknown(v)) return;
    if (v === undefined || v === null) {
      if (!opts.optional) this.fail(property, `is required${opts.what ? `: ${opts.what}` : ""}`);
      return;
    }
    if (typeof v !== "string" || v === "") return this.fail(property, `must be a non-empty string${opts.what ? `: ${opts.what}` : ""}`);
    if (opts.pattern && !opts.pattern.test(v)) this.fail(property, `"${v}" is not valid; expected ${opts.what ?? String(opts.pattern)}`);
  }

  oneOf(property: string, allowed: readonly (string | number)[], optional = false): void {
    const v = this.value(property);
    if (isUnknown(v) || (optional && (v === undefined || v === null))) return;
    if (!allowed.includes(v as string | number)) {
      this.fail(property, `${JSON.stringify(v)} is not valid; one of: ${allowed.join(", ")}`);
    }
  }

  boolean(property: string): void {
    const v = this.value(property);
    if (isUnknown(v)) return;
    if (typeof v !== "boolean") this.fail(property, `must be true or false, got ${JSON.stringify(v)}`);
  }

  integer(property: string, opts: { min?: number; max?: number; optional?: boolean } = {}): void {
    const v = this.value(property);
    if (isUnknown(v) || (opts.optional && (v === undefined || v === null))) return;
    if (typeof v !== "number" || !Number.isInteger(v)) return this.fail(property, `must be an integer, got ${JSON.stringify(v)}`);
    if (opts.min !== undefined && v < opts.min) this.fail(property, `must be >= ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) this.fail(property, `must be <= ${opts.max}, got ${v}`);
  }

  stringList(property: string): void {
    const v = this.value(property);
    if (isUnknown(v) || v === undefined || v === null) return;
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string" && !isUnknown(s))) {
      this.fail(property, "must be a list of strings");
    }
  }

  tags(property = "tags"): void {
    const v = this.value(property);
    if (isUnknown(v) || v === undefined || v === null) return;
    if (typeof v !== "object" || Array.isArray(v) || Object.values(v).some((s) => typeof s !== "string" && !isUnknown(s))) {
      this.fail(property, "must be a map of string to string");
    } else if ("dualstack-id" in v) {
      this.fail(property, 'the tag "dualstack-id" is reserved (it identifies the resource for adoption)');
    }
  }
}

/** Server flavors look like flex-4-2 (<family>-<memory GB>-<vCPUs>); which ones exist cannot be known offline. */
export const SERVER_FLAVOR = /^[a-z][a-z0-9]*(-[0-9]+){2,3}$/;
export const SERVER_FLAVOR_WHAT = "a flavor slug like flex-4-2 (<family>-<memory GB>-<vCPUs>)";
export const SLUG = /^[a-z0-9][a-z0-9._:-]*$/;
export const CIDR_V4 = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
