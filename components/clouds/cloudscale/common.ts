// Small pieces every cloudscale provider uses.
import type * as pulumi from "@pulumi/pulumi";

export { configure } from "./config";
export { clean, pick } from "../../dynamic";

/** Inputs every cloudscale resource has: the stable id tag (set by the resource class) and user tags. */
export interface Tagged {
  /** "<project>/<stack>/<name>": tagged as dualstack-id, used to adopt a create whose response was lost. */
  idTag: string;
  tags?: Record<string, string>;
}

/** Objects as the API returns them: every one has a uuid and tags. */
export interface ApiObject {
  uuid: string;
  href?: string;
  tags?: Record<string, string>;
}

export interface Stub {
  uuid: string;
  href?: string;
  name?: string;
  slug?: string;
}


/** Same members, order ignored (the API may list uuids in another order). */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export type Provider = pulumi.dynamic.ResourceProvider;
