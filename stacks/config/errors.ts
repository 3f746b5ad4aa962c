// Stack config problems: zod issues phrased for an operator editing YAML, as
// the one ConfigError (components/problems.ts) carries them.
import type { core } from "zod";

export { ConfigError, describeValue, type ConfigProblem } from "../../components/problems";
import type { ConfigProblem } from "../../components/problems";

/** Turns a zod issue into a problem phrased for an operator editing YAML. */
export function problemFromIssue(
  issue: core.$ZodIssue,
  raw: Record<string, unknown>,
  namespace = "dualstack",
): ConfigProblem {
  const path = issue.path.map(String);
  const key = path.length === 0 ? namespace : `${namespace}:${path.join(".")}`;
  const value = valueAt(raw, path);
  switch (issue.code) {
    case "invalid_value": {
      const choices = issue.values.map(String).join(", ");
      return value === undefined
        ? { key, value, message: `is required; one of: ${choices}` }
        : { key, value, message: `is not valid; expected one of: ${choices}` };
    }
    case "unrecognized_keys":
      return {
        key,
        value: issue.keys,
        message: `unknown key(s) ${issue.keys.join(", ")}; check the spelling against README's config reference`,
      };
    case "invalid_type":
      return value === undefined
        ? { key, value, message: `is required (${issue.expected})` }
        : { key, value, message: `must be a ${issue.expected}` };
    case "too_small":
    case "too_big":
      return { key, value, message: `is out of range: ${issue.message.replace(/^Too (small|big): /, "")}` };
    default:
      return { key, value, message: issue.message };
  }
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
export function sectionProblems(name: string, issues: readonly core.$ZodIssue[], section: unknown): ConfigProblem[] {
  return issues.map((i) => problemFromIssue({ ...i, path: [name, ...i.path] }, { [name]: section }));
}
