// Which resource a property points at, for stack rules that group resources
// (routes by route table, rules by security group, endpoints by scope).
// During a preview a new table's id is unknown, but the engine still tells
// which resource the value came from (property dependencies), so the URN is
// the reliable key; a literal id (an existing resource) is the fallback.
import type { PlainResource } from "./policy";
import { at, isProps, str, type Value } from "./props";

/** A stable key for what `prop` (or a nested path, e.g. "frontend.id") refers to; undefined if unknowable. */
export function refOf(r: PlainResource, prop: string, ...path: string[]): string | undefined {
  const deps = r.propertyDependencies[prop];
  if (deps && deps.length > 0) return deps[0];
  const v = str(at(r.props[prop], ...path));
  return typeof v === "string" && v !== "" ? `id:${v}` : undefined;
}

/** Groups resources by key, skipping those without one. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Short display name of a URN's resource. */
export function nameOfUrn(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i >= 0 ? urn.slice(i + 2) : urn;
}

/** The value's `id` if it is a `{ id }` reference object (Azure style), else the value. */
export function idOf(v: Value | undefined): Value | undefined {
  return isProps(v) ? v.id : v;
}
