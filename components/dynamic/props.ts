// Small pieces every dynamic provider needs, in one place for the lab and
// both Swiss clouds.
import * as pulumi from "@pulumi/pulumi";

/** Drops undefined fields: protobuf structs cannot carry them. */
export function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** `keys` of `o`, without undefined ones: the inputs part of a read. */
export function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return clean(Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>);
}

/**
 * "<project>/<stack>/<name>": a resource's id that survives a lost create
 * response. Dynamic providers do not get the URN in create(), so the
 * resource class tags (cloudscale) or labels (Exoscale) the object with it
 * and a retried create finds the object again.
 */
export function stableId(name: string): string {
  return `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
}

/** Same members, order ignored (an API may list ids in another order). */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
