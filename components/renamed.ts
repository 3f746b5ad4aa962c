// Components whose type token changed keep their resources: the old token
// becomes an alias (the engine moves their children along with them).
import type * as pulumi from "@pulumi/pulumi";

/** Each renamed component's token, and the one it had before it matched the class name. */
export const FORMER_TYPES: Readonly<Record<string, string>> = {
  "dualstack:managed:EksIpv6Cluster": "dualstack:managed:EksCluster",
  "dualstack:managed:AksDualStackCluster": "dualstack:managed:AksCluster",
  "dualstack:managed:SksDualStackCluster": "dualstack:managed:SksCluster",
  "dualstack:managed:SksDualStackIngress": "dualstack:managed:SksIngress",
  "dualstack:managed:DualStackWorkloads": "dualstack:managed:Workloads",
};

/** `opts` with an alias to the component's former token, if it had one. */
export function formerType(type: string, opts: pulumi.ComponentResourceOptions = {}): pulumi.ComponentResourceOptions {
  const former = FORMER_TYPES[type];
  return former ? { ...opts, aliases: [...(opts.aliases ?? []), { type: former }] } : opts;
}
