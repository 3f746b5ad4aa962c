// The demo app on a managed cluster, from the same manifests k3s applies
// (../kubernetes/manifests.ts), as @pulumi/kubernetes resources. The Service
// is a LoadBalancer that requires both families, except on EKS: its pods and
// services are IPv6-only, so the Service is SingleStack IPv6 and the AWS Load
// Balancer Controller puts a dual-stack NLB in front, keeping the INGRESS
// dual-stack. That exception is written on the Service as an annotation.
// On Exoscale SKS a LoadBalancer Service would become an IPv4-only NLB, so
// there the Service is a dual-stack ClusterIP behind our own HAProxy
// DaemonSet on managed elastic IPs (sks-ingress.ts).
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { loadDemoAppSource } from "../demo-app-source";
import { DemoManifestArgs, demoManifests, DUAL_STACK_SERVICE, KubeObject } from "../kubernetes/manifests";
import { InputError } from "./checks";
import { formerType } from "../../renamed";

export type WorkloadFamily = "dual" | "ipv6-only";
/** node-port: the Service's NodePort on every node's two addresses, behind the project's own HAProxy pair (the lab). */
export type WorkloadIngress = "aws-nlb" | "azure-lb" | "exoscale-eip" | "generic" | "node-port";
const INGRESSES: readonly WorkloadIngress[] = ["aws-nlb", "azure-lb", "exoscale-eip", "generic", "node-port"];

/** Why a Service is single-stack; a policy pack can exempt Services that carry it. */
export const SINGLE_STACK_REASON_KEY = "dualstack/single-stack-reason";
export const EKS_SINGLE_STACK_REASON = "EKS pods are IPv6-only";

/** AWS Load Balancer Controller annotations for an internet-facing dual-stack NLB straight to pod IPs. */
export const AWS_DUAL_STACK_NLB = {
  "service.beta.kubernetes.io/aws-load-balancer-type": "external",
  // IPv6 pods can only be ip targets (instance targets would be IPv4 node ports).
  "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
  "service.beta.kubernetes.io/aws-load-balancer-ip-address-type": "dualstack",
} as const;

export interface WorkloadObjectsArgs {
  family: WorkloadFamily;
  ingress: WorkloadIngress;
  /** Demo app options; the Service type follows from the ingress. */
  app?: Omit<DemoManifestArgs, "serviceType">;
}

/** The demo objects with the Service shaped for the cluster and its load balancer. Pure. */
export function managedWorkloadObjects(args: WorkloadObjectsArgs): KubeObject[] {
  checkCombination(args.family, args.ingress);
  // The elastic IPs reach the app through HAProxy on the nodes, never through a cloud LB.
  const serviceType = args.ingress === "exoscale-eip" ? "ClusterIP" : args.ingress === "node-port" ? "NodePort" : "LoadBalancer";
  const { objects } = demoManifests({ ...args.app, serviceType });
  return objects.map((o) => (o.kind === "Service" ? shapeService(o, args.family, args.ingress) : o));
}

function checkCombination(family: WorkloadFamily, ingress: WorkloadIngress): void {
  if (family !== "dual" && family !== "ipv6-only") throw new InputError("family", family, "is not a workload family", 'use "dual" or "ipv6-only" (EKS)');
  if (!INGRESSES.includes(ingress)) throw new InputError("ingress", ingress, "is not an ingress kind", `use one of ${INGRESSES.map((i) => `"${i}"`).join(", ")}`);
  // Only the NLB turns IPv6-only pods into a dual-stack ingress.
  if (family === "ipv6-only" && ingress !== "aws-nlb") {
    throw new InputError("ingress", ingress, "would leave an IPv6-only cluster with an IPv6-only ingress", 'use "aws-nlb" (a dual-stack NLB) with family "ipv6-only"');
  }
}

function shapeService(service: KubeObject, family: WorkloadFamily, ingress: WorkloadIngress): KubeObject {
  const spec = { ...(service.spec as Record<string, unknown>) };
  const annotations: Record<string, string> = ingress === "aws-nlb" ? { ...AWS_DUAL_STACK_NLB } : {};
  if (family === "ipv6-only") {
    Object.assign(spec, { ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6"] });
    annotations[SINGLE_STACK_REASON_KEY] = EKS_SINGLE_STACK_REASON;
  } else {
    Object.assign(spec, { ipFamilyPolicy: DUAL_STACK_SERVICE.ipFamilyPolicy, ipFamilies: [...DUAL_STACK_SERVICE.ipFamilies] });
  }
  // Azure LB probes IPv6 from a link-local address that cannot reach pods; with
  // Local, kube-proxy answers the probe on the node (MS Learn, azure-cni-overlay).
  if (ingress === "azure-lb") spec.externalTrafficPolicy = "Local";
  const metadata = { ...service.metadata, ...(Object.keys(annotations).length ? { annotations } : {}) };
  return { ...service, metadata, spec };
}

export interface LoadBalancerIngress {
  hostnames: string[];
  ips: string[];
}

/** Hostnames (AWS NLB) and IPs (Azure LB, both families) from a Service's status. Pure. */
export function loadBalancerIngress(status: { loadBalancer?: { ingress?: readonly { hostname?: string; ip?: string }[] } } | undefined): LoadBalancerIngress {
  const entries = status?.loadBalancer?.ingress ?? [];
  return {
    hostnames: entries.flatMap((e) => (e.hostname ? [e.hostname] : [])),
    ips: entries.flatMap((e) => (e.ip ? [e.ip] : [])),
  };
}

export interface DualStackWorkloadsArgs extends WorkloadObjectsArgs {
  kubeconfig: pulumi.Input<string>;
  /** A provider for the cluster already made (the lab's); default: one of this component's own for `kubeconfig`. */
  provider?: Provider;
  /**
   * Resources the app's objects wait for, e.g. the AWS Load Balancer
   * Controller, whose webhook must be up when the Service is created.
   * (dependsOn on the component itself does not reach its children.)
   */
  dependsOn?: pulumi.Resource[];
}

export class DualStackWorkloads extends pulumi.ComponentResource {
  readonly provider: Provider;
  readonly service: corev1.Service;
  /** The Service's cluster IPs, one per family (what an in-cluster proxy targets). */
  readonly clusterIps: pulumi.Output<string[]>;
  /** The load balancer's addresses: hostnames (NLB) and IPs. */
  readonly ingress: pulumi.Output<LoadBalancerIngress>;

  constructor(name: string, args: DualStackWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
    const objects = managedWorkloadObjects({ ...args, app: args.app ?? { source: loadDemoAppSource() } });
    super("dualstack:managed:DualStackWorkloads", name, {}, formerType("dualstack:managed:DualStackWorkloads", opts));
    this.provider = args.provider ?? new Provider(`${name}-k8s`, { kubeconfig: args.kubeconfig }, { parent: this });
    const within = { parent: this, provider: this.provider, dependsOn: args.dependsOn ?? [] };

    let namespace: corev1.Namespace | undefined;
    let service: corev1.Service | undefined;
    for (const obj of objects) {
      // The renderer's objects are plain, tested manifests; apiVersion/kind come from the resource class.
      const { apiVersion: _apiVersion, kind, ...body } = obj;
      const id = `${name}-${kind.toLowerCase()}`;
      const after = { ...within, dependsOn: [...within.dependsOn, ...(namespace ? [namespace] : [])] };
      switch (kind) {
        case "Namespace":
          namespace = new corev1.Namespace(id, body as corev1.NamespaceArgs, within);
          break;
        case "ConfigMap":
          new corev1.ConfigMap(id, body as corev1.ConfigMapArgs, after);
          break;
        case "Deployment":
          new appsv1.Deployment(id, body as unknown as appsv1.DeploymentArgs, after);
          break;
        case "Service":
          service = new corev1.Service(id, body as corev1.ServiceArgs, after);
          break;
        default:
          throw new Error(`demoManifests rendered an unexpected ${kind}`);
      }
    }
    if (!service) throw new Error("demoManifests rendered no Service");
    this.service = service;
    this.clusterIps = service.spec.apply((spec) => spec?.clusterIPs ?? []);
    this.ingress = service.status.apply(loadBalancerIngress);
    this.registerOutputs({ ingress: this.ingress });
  }
}
