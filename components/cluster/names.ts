// Names of a cluster's resources. Every adapter names its Pulumi resources
// `<prefix>-<name>` (two clusters can share a program), and the cloud's own
// names (tags, API names) after the plan's DNS-safe environment name.

/** A cluster's two names: the Pulumi prefix of its resources, and the name the cloud's API sees (the plan's). */
export interface Names {
  pulumi: string;
  api: string;
}

/** `<prefix>-<rest>`, or bare `rest` without a prefix (parts a stack keeps at its root). */
export function named(prefix: string, rest: string): string {
  return prefix ? `${prefix}-${rest}` : rest;
}
