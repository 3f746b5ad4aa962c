// The check every lab provider makes of its inputs: a valid namespace name,
// and absolute paths for the directories it owns (delete removes them).
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { validateNamespaceName } from "../linux";

/** `names`: further properties to validate (checked after the namespace, before the paths), each by a function that throws. */
export function labCheckFailures<T extends { namespace: string }>(
  news: T,
  paths: readonly (keyof T & string)[],
  names: Partial<Record<keyof T & string, () => void>> = {},
): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const [property, validate] of [["namespace", () => validateNamespaceName(news.namespace)] as const, ...Object.entries(names)]) {
    try {
      (validate as () => void)();
    } catch (err) {
      failures.push({ property, reason: (err as Error).message });
    }
  }
  for (const key of paths) {
    const value = news[key];
    if (typeof value !== "string" || !path.isAbsolute(value)) failures.push({ property: key, reason: `must be an absolute path, got ${JSON.stringify(value)}` });
  }
  return failures;
}
