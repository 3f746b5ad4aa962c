// The errors for bad values, each naming the key, the value and what would be
// valid: an InputError for one input of a renderer, the planner or a
// component (its key is the input's own, e.g. "vips.ipv6"), and a ConfigError
// for a stack or cluster, carrying every problem at once (keys are config
// keys, e.g. "dualstack:network.ipv6Prefix"), so a preview fails once,
// listing them all. Stacks map InputErrors to config keys.

export interface ConfigProblem {
  /** Full config key, e.g. "dualstack:network.ipv4Supernet". */
  key: string;
  value: unknown;
  /** What is wrong and what would be valid. */
  message: string;
}

/**
 * The Pulumi SDK's duck-typed RunError marker (`RunError.isInstance` checks
 * it): wherever one of these errors escapes a program (its top level, an
 * apply, a component's constructor), the engine prints the message alone,
 * never a JavaScript stack trace. Just a property: this file stays free of Pulumi.
 */
const PRINT_MESSAGE_ONLY = "__pulumiRunError";

export class ConfigError extends Error {
  readonly [PRINT_MESSAGE_ONLY] = true;

  constructor(
    readonly stack: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `invalid configuration for stack "${stack}":\n` +
        problems.map((p) => `  ${p.key}: ${describeValue(p.value)} ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export function describeValue(value: unknown): string {
  return value === undefined ? "(not set)" : JSON.stringify(value);
}

/** One input that cannot be used: names the input, its value and what would be valid. */
export class InputError extends Error {
  readonly [PRINT_MESSAGE_ONLY] = true;

  /**
   * Everything after the value: `<what is wrong>; <what would be valid>`.
   * Callers that render the value themselves (stack config errors) use this.
   */
  readonly detail: string;

  constructor(
    /** Dotted input key, e.g. "ipv6Prefix", "vips.ipv6", "servers[2].name". */
    readonly key: string,
    /** The offending value as given (or as defaulted, when a default does not fit). */
    readonly value: unknown,
    /** What is wrong, e.g. `is not an IPv6 address`. */
    readonly problem: string,
    /** What would be valid, e.g. `use an IPv6 address such as "fd00::10"`. */
    readonly expected: string,
  ) {
    const detail = `${problem}; ${expected}`;
    super(`${key}: ${describeValue(value)} ${detail}`);
    this.name = "InputError";
    this.detail = detail;
  }
}
