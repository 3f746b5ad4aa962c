// Stack config problems: zod issues phrased for an operator editing YAML, as
// the one ConfigError (components/problems.ts) carries them.
import { z, type core } from "zod";

export { ConfigError, describeValue, type ConfigProblem } from "../../components/problems";
import type { ConfigProblem } from "../../components/problems";
import { closestKey, keysAt, numberRange, schemaAt, stringHint } from "./suggest";

/** Turns a zod issue into a problem phrased for an operator editing YAML; `schema` (the one that raised it) names keys that fit. */
export function problemFromIssue(
  issue: core.$ZodIssue,
  raw: Record<string, unknown>,
  namespace = "dualstack",
  schema?: core.$ZodType,
): ConfigProblem {
  const path = issue.path.map(String);
  // List items as YAML users count them: network.zones[1].
  const key = path.length === 0 ? namespace : `${namespace}:${path.join(".").replace(/\.(\d+)(?=\.|$)/g, "[$1]")}`;
  const value = valueAt(raw, path);
  switch (issue.code) {
    case "invalid_value": {
      const choices = issue.values.map(String).join(", ");
      return value === undefined
        ? { key, value, message: `is required; one of: ${choices}` }
        : { key, value, message: `is not valid; expected one of: ${choices}` };
    }
    case "unrecognized_keys":
      return { key, value: issue.keys, message: unknownKeys(issue.keys, path, namespace, schema) };
    case "invalid_type": {
      const expected = expectedType(issue.expected, path, schema);
      return value === undefined ? { key, value, message: `is required: ${expected}` } : { key, value, message: `must be ${expected}` };
    }
    case "too_small":
    case "too_big":
      return { key, value, message: `is out of range: ${bound(issue, schemaAt(schema, path))}` };
    default:
      return { key, value, message: issue.message };
  }
}

/** `unknown key(s) ipv6prefix (did you mean dualstack:network.ipv6Prefix?); keys here: ...` */
function unknownKeys(keys: readonly string[], path: string[], namespace: string, schema?: core.$ZodType): string {
  const known = keysAt(schema, path);
  const named = keys.map((k) => {
    const match = closestKey(k, known);
    return match ? `${k} (did you mean ${namespace}:${[...path, match].join(".")}?)` : k;
  });
  const fits = known.length ? `keys here: ${known.join(", ")}` : "check the spelling against README's config reference";
  return `unknown key(s) ${named.join(", ")}; ${fits}`;
}

/** What a value of the key must be, in YAML terms: a whole number, a section with its keys, a CIDR string. */
function expectedType(expected: string, path: string[], schema?: core.$ZodType): string {
  switch (expected) {
    case "int":
      return "a whole number";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list, e.g. [a, b]";
    case "string": {
      const hint = stringHint(path);
      return hint ? `a string: ${hint}` : "a string";
    }
    case "object": {
      const keys = keysAt(schema, path);
      return keys.length ? `a section (a YAML map) with the keys ${keys.join(", ")}` : "a section (a YAML map)";
    }
    default:
      return `a ${expected}`;
  }
}

function bound(issue: core.$ZodIssueTooSmall | core.$ZodIssueTooBig, schema?: core.$ZodType): string {
  const range = numberRange(schema);
  if (range && (issue.origin === "number" || issue.origin === "int")) return `use ${range.min}..${range.max}`;
  const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  const words = issue.code === "too_small" ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than";
  if (issue.origin === "array" || issue.origin === "set") return `must list ${words} ${limit} item(s)`;
  if (issue.origin === "string") return `must have ${words} ${limit} character(s)`;
  return `must be ${words} ${limit}`;
}

function valueAt(raw: Record<string, unknown>, path: string[]): unknown {
  let cursor: unknown = raw;
  for (const part of path) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<string, unknown>)[part];
  }
  return cursor;
}

/** Problems of a provider section (`dualstack:<name>`) from the issues of its own schema, which are relative to the section. */
export function sectionProblems(name: string, issues: readonly core.$ZodIssue[], section: unknown, schema?: core.$ZodType): ConfigProblem[] {
  const wrapped = schema && z.object({ [name]: schema });
  return issues.map((i) => problemFromIssue({ ...i, path: [name, ...i.path] }, { [name]: section }, "dualstack", wrapped));
}
