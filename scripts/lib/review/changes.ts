// Resource changes of a preview, grouped the way reviewers read them.
import type { PreviewStep } from "./preview";

export type ChangeKind = "create" | "update" | "replace" | "delete" | "same" | "other";

export interface Change {
  kind: ChangeKind;
  urn: string;
  type: string;
  name: string;
  /** Properties that cause the update/replacement. */
  reasons: string[];
}

const KIND: Record<string, ChangeKind> = {
  create: "create",
  import: "create",
  update: "update",
  delete: "delete",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  "import-replacement": "replace",
  same: "same",
};

/** urn -> type and name: `urn:pulumi:<stack>::<project>::<parent types$>type::name`. */
export function splitUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const name = parts.length >= 4 ? parts.slice(3).join("::") : urn;
  const types = parts[2] ?? "";
  return { type: types.slice(types.lastIndexOf("$") + 1), name };
}

/** One change per resource (a replacement's create/delete steps collapse into one "replace"). */
export function changesOf(steps: readonly PreviewStep[]): Change[] {
  const byUrn = new Map<string, Change>();
  for (const s of steps) {
    const kind = KIND[s.op] ?? "other";
    const prev = byUrn.get(s.urn);
    const reasons = [...(s.replaceReasons ?? []), ...(s.diffReasons ?? [])];
    if (prev) {
      if (kind === "replace") prev.kind = "replace";
      for (const r of reasons) if (!prev.reasons.includes(r)) prev.reasons.push(r);
      continue;
    }
    const { type, name } = splitUrn(s.urn);
    byUrn.set(s.urn, { kind, urn: s.urn, type: s.newState?.type ?? s.oldState?.type ?? type, name, reasons: [...new Set(reasons)] });
  }
  return [...byUrn.values()];
}
