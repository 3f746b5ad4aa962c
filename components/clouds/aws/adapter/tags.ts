// Tags every AWS resource of the stack carries: a Name for the console and
// the environment (the plan's DNS-safe stack name) to find them all.

export function tagsFor(prefix: string, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Name: `${prefix}-${name}`, "dualstack:environment": prefix, ...extra };
}

/** A cluster's two names: the Pulumi prefix of its resources, and the environment its tags name (the plan's DNS-safe name). */
export interface Names {
  pulumi: string;
  env: string;
}

/** Pulumi names of a cluster's resources: `<prefix>-<name>`, or bare without a prefix (the EKS stack's root). */
export function prefixed(prefix: string): (name: string) => string {
  return (name) => (prefix ? `${prefix}-${name}` : name);
}
