import type * as pulumi from "@pulumi/pulumi";

/**
 * Compares the keys a resource cares about. Keys in `replaceKeys` force a
 * replacement (e.g. a namespace name); other listed keys update in place.
 * Comparison is on JSON text, which is exact for the plain data we store.
 */
export function diffKeys(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: { replace: readonly string[]; update: readonly string[] },
): pulumi.dynamic.DiffResult {
  const changed = (k: string) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null);
  const replaces = keys.replace.filter(changed);
  const updates = keys.update.filter(changed);
  return {
    changes: replaces.length + updates.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0,
  };
}

/** What a dynamic read returns for a resource that no longer exists. */
export const GONE: pulumi.dynamic.ReadResult = { id: "", props: {} };
