// One error type for every bad value an operator or a calling program gave:
// each problem names the key, the value and what would be valid, and a
// ConfigError carries all of them, so a preview fails once, listing them all.

export interface ConfigProblem {
  /** Full config key, e.g. "dualstack:network.ipv4Supernet". */
  key: string;
  value: unknown;
  /** What is wrong and what would be valid. */
  message: string;
}

export class ConfigError extends Error {
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
