// Per-rule exceptions. Every rule accepts, in the pack's config:
//
//   { "<rule>": { "enforcementLevel": "advisory",
//                 "exceptions": { "urns": ["urn:pulumi:..."],
//                                 "tags": { "dualstack:ipv4-only-reason": "*" } } } }
//
// A resource is exempt when its URN is listed or it carries one of the tags
// ("*": any non-empty value). By default the tags `dualstack:ipv4-only-reason`
// and `dualstack:single-stack-reason` (e.g. an EKS Service: EKS pods are
// IPv6-only) exempt a resource from every rule, so an exception is written
// down next to the resource, with its reason, where reviewers see it.
import type { PolicyConfigSchema } from "@pulumi/policy";
import { isProps, type Props, type Value } from "./props";

export const EXEMPT_TAG = "dualstack:ipv4-only-reason";
export const SINGLE_STACK_TAG = "dualstack:single-stack-reason";
export const DEFAULT_EXEMPT_TAGS: Readonly<Record<string, string>> = { [EXEMPT_TAG]: "*", [SINGLE_STACK_TAG]: "*" };

export interface Exceptions {
  urns: readonly string[];
  tags: Readonly<Record<string, string>>;
}

export const exceptionsSchema: PolicyConfigSchema = {
  properties: {
    exceptions: {
      type: "object",
      description:
        "Resources this rule does not apply to: `urns` (exact URNs) and `tags` (tag/label key -> value, '*' = any non-empty value; " +
        "on Kubernetes objects a key 'a:b' is matched as the annotation or label 'a/b').",
      properties: {
        urns: { type: "array", items: { type: "string" } },
        tags: { type: "object", additionalProperties: { type: "string" } },
      },
      additionalProperties: false,
      default: { urns: [], tags: { ...DEFAULT_EXEMPT_TAGS } },
    },
  },
};

/** Reads a rule's `exceptions` config; missing parts fall back to the defaults (the engine only defaults top-level keys). */
export function readExceptions(config: unknown): Exceptions {
  const ex = isRecord(config) && isRecord(config.exceptions) ? config.exceptions : {};
  const urns = Array.isArray(ex.urns) ? ex.urns.filter((u): u is string => typeof u === "string") : [];
  const tags = isRecord(ex.tags)
    ? Object.fromEntries(Object.entries(ex.tags).filter((e): e is [string, string] => typeof e[1] === "string"))
    : { ...DEFAULT_EXEMPT_TAGS };
  return { urns, tags };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The tag-like maps of a resource: AWS/Azure/cloudscale `tags`, Exoscale `labels`, Kubernetes metadata. */
function tagMaps(props: Props): Props[] {
  const maps: Props[] = [];
  for (const v of [props.tags, props.labels]) if (isProps(v)) maps.push(v);
  const meta = props.metadata;
  if (isProps(meta)) for (const v of [meta.annotations, meta.labels]) if (isProps(v)) maps.push(v);
  return maps;
}

function matches(value: Value | undefined, want: string): boolean {
  if (typeof value !== "string") return false; // an unknown tag value exempts nothing
  return want === "*" ? value.trim() !== "" : value === want;
}

/** Why a resource is exempt (for tests and messages), or undefined. */
export function exemption(urn: string, props: Props, ex: Exceptions): string | undefined {
  if (ex.urns.includes(urn)) return "urn listed in the rule's exceptions";
  const maps = tagMaps(props);
  for (const [key, want] of Object.entries(ex.tags)) {
    // Kubernetes keys cannot contain ':'; "dualstack:x" is written "dualstack/x" there.
    const keys = key.includes(":") ? [key, key.replace(":", "/")] : [key];
    for (const m of maps) for (const k of keys) if (matches(m[k], want)) return `tag ${k}`;
  }
  return undefined;
}
