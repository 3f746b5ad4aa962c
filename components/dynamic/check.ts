// How check() reports bad inputs, for every dynamic provider: a list of
// Pulumi CheckFailure {property, reason}, each naming the key, the value and
// what would be valid. Values the engine does not know yet during a preview
// (another resource's future id) are not checked.
import type * as pulumi from "@pulumi/pulumi";

export type Failure = pulumi.dynamic.CheckFailure;

/** The engine's placeholder for a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** `property: <value as JSON> is not valid; <valid>`. */
export function failure(property: string, value: unknown, valid: string): Failure {
  return { property, reason: `${property}: ${JSON.stringify(value)} is not valid; ${valid}` };
}
