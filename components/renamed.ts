// A component whose type token changed keeps its resources: the old token
// becomes an alias (the engine moves its children along with it).
import type * as pulumi from "@pulumi/pulumi";

export function formerType(type: string, opts: pulumi.ComponentResourceOptions = {}): pulumi.ComponentResourceOptions {
  return { ...opts, aliases: [...(opts.aliases ?? []), { type }] };
}
