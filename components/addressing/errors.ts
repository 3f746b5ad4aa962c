// One error type for every bad planner input, so callers can map `key` back to
// their own config key and show the operator what to change.

/** A planner input that cannot be planned: names the input, its value and what would be valid. */
export class PlanError extends Error {
  /**
   * Everything after the value: `<what is wrong>; <what would be valid>`.
   * Callers that render the value themselves (stack config errors) use this.
   */
  readonly detail: string;

  constructor(
    /** Input key, dotted for nested inputs, e.g. "ipv6Prefix", "vips.ipv4", "kubernetes.serviceCidrV6". */
    readonly key: string,
    /** The offending value as given (or as defaulted, when a default does not fit). */
    readonly value: unknown,
    /** What is wrong, e.g. `has host bits set`. */
    readonly problem: string,
    /** What would be valid, e.g. `use "2001:db8::/48"`. */
    readonly expected: string,
  ) {
    const detail = `${problem}; ${expected}`;
    super(`${key}: ${describeValue(value)} ${detail}`);
    this.name = "PlanError";
    this.detail = detail;
  }
}

function describeValue(value: unknown): string {
  return value === undefined ? "(not set)" : JSON.stringify(value);
}
