// SksDualStackIngress: the DaemonSet of objects.ts on an SKS cluster, through
// a @pulumi/kubernetes Provider. The haproxy config needs the app Service's
// cluster IPs, which the API server assigns, so the objects are rendered once
// those are known (unknown during a first preview).
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import type { Provider } from "@pulumi/kubernetes/provider";
import type * as input from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import { canonicalEips } from "./eip-routes";
import { FamilyPair, serviceIpPair, SKS_INGRESS_DEFAULTS, sksIngressMeta, sksIngressObjects } from "./objects";
import { formerType } from "../../../renamed";

export * from "./eip-routes";
export * from "./objects";

export interface SksDualStackIngressArgs {
  /** A Kubernetes provider for the SKS cluster. */
  provider: Provider;
  /** The elastic IPs attached to the nodepool's instance pool. */
  eips: { ipv4: pulumi.Input<string>; ipv6: pulumi.Input<string> };
  /** The app Service's cluster IPs (spec.clusterIPs). */
  serviceClusterIps: pulumi.Input<string[]>;
  servicePort: number;
  /** Resources to wait for, e.g. the app Service. */
  dependsOn?: pulumi.Resource[];
}

export class SksDualStackIngress extends pulumi.ComponentResource {
  readonly daemonSet: appsv1.DaemonSet;
  readonly namespace: corev1.Namespace;
  /** The entry points, one per family. */
  readonly eips: pulumi.Output<FamilyPair>;

  constructor(name: string, args: SksDualStackIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:managed:SksDualStackIngress", name, {}, formerType("dualstack:managed:SksDualStackIngress", opts));
    const within = { parent: this, provider: args.provider, dependsOn: args.dependsOn ?? [] };
    this.eips = pulumi.all([args.eips.ipv4, args.eips.ipv6]).apply(([ipv4, ipv6]) => canonicalEips({ ipv4, ipv6 }));
    const objects = pulumi
      .all([this.eips, args.serviceClusterIps])
      .apply(([eips, clusterIps]) => sksIngressObjects({ eips, serviceIps: serviceIpPair(clusterIps), servicePort: args.servicePort }));
    const field = <T>(kind: string, key: string) =>
      objects.apply((all) => {
        const found = all.find((o) => o.kind === kind);
        if (!found) throw new Error(`sksIngressObjects rendered no ${kind}`);
        return found[key] as T;
      });
    // Names are plain (readable previews); data and spec wait for the addresses.
    const meta = sksIngressMeta();
    this.namespace = new corev1.Namespace(`${name}-namespace`, { metadata: meta.namespace }, within);
    const after = { ...within, dependsOn: [...within.dependsOn, this.namespace] };
    const configMap = new corev1.ConfigMap(`${name}-config`, { metadata: meta.object, data: field<Record<string, string>>("ConfigMap", "data") }, after);
    this.daemonSet = new appsv1.DaemonSet(
      `${name}-daemonset`,
      { metadata: meta.object, spec: field<input.apps.v1.DaemonSetSpec>("DaemonSet", "spec") },
      { ...after, dependsOn: [...after.dependsOn, configMap] },
    );
    this.registerOutputs({ eips: this.eips, namespace: SKS_INGRESS_DEFAULTS.namespace });
  }
}
