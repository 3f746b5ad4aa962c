// What `pulumi preview --json` (3.248) and the engine's event log hold, and
// parsers for both. The JSON digest has the steps (with each resource's new
// inputs) and diagnostics, but no policy results: 3.248's JSON display drops
// policy events, so those come from `--event-log` (one engine event per line,
// `policyEvent` among them).

export interface ResourceState {
  urn: string;
  type: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  propertyDependencies?: Record<string, string[]>;
}

export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: ResourceState;
  newState?: ResourceState;
  diffReasons?: string[];
  replaceReasons?: string[];
}

export interface PreviewDiagnostic {
  urn?: string;
  prefix?: string;
  message?: string;
  severity?: string;
}

export interface PreviewDigest {
  config?: Record<string, string>;
  steps?: PreviewStep[];
  diagnostics?: PreviewDiagnostic[];
  duration?: number;
  changeSummary?: Record<string, number>;
}

export interface PolicyViolation {
  policyPack: string;
  rule: string;
  level: string;
  urn?: string;
  message: string;
}

/** Parses the `--json` digest. The engine may print warnings before it; the digest is the last top-level JSON object. */
export function parsePreviewJson(text: string): PreviewDigest {
  const start = text.indexOf("{\n");
  const body = start >= 0 ? text.slice(start) : text;
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("preview JSON is not an object");
  return parsed as PreviewDigest;
}

interface PolicyEventJson {
  resourceUrn?: string;
  message?: string;
  policyName?: string;
  policyPackName?: string;
  enforcementLevel?: string;
}

/** Policy violations from an engine event log (JSON lines); the message drops the rule's description (its first line). */
export function parsePolicyEvents(eventLog: string): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const seen = new Set<string>();
  for (const line of eventLog.split("\n")) {
    if (!line.includes('"policyEvent"')) continue;
    let ev: { policyEvent?: PolicyEventJson };
    try {
      ev = JSON.parse(line) as { policyEvent?: PolicyEventJson };
    } catch {
      continue; // a torn last line while the engine was killed
    }
    const p = ev.policyEvent;
    if (!p?.policyName) continue;
    const text = (p.message ?? "").trim();
    const nl = text.indexOf("\n");
    const v: PolicyViolation = {
      policyPack: p.policyPackName ?? "",
      rule: p.policyName,
      level: p.enforcementLevel ?? "mandatory",
      urn: p.resourceUrn || undefined,
      message: (nl >= 0 ? text.slice(nl + 1) : text).trim(),
    };
    const key = JSON.stringify(v);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
  }
  return out;
}
