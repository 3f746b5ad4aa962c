// Tags every AWS resource of the stack carries: a Name for the console and
// the environment (the plan's DNS-safe stack name) to find them all.

export function tagsFor(prefix: string, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Name: `${prefix}-${name}`, "dualstack:environment": prefix, ...extra };
}

