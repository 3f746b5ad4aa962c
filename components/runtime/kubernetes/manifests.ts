// The demo app on Kubernetes: Namespace, ConfigMap with the app's source,
// Deployment spread over the nodes, and a Service that requires both families
// (ipFamilyPolicy RequireDualStack: the API server refuses it on a
// single-stack cluster instead of quietly serving IPv4 only). Pure: plain
// objects plus their multi-document YAML, which k3s deploys from its
// manifests directory.
import { InputError, requireDnsLabel, requireInt } from "../checks";
import { checkDemoApp, DEMO_APP_DEFAULTS, DemoAppOptions } from "../demo-app";
import { toYamlStream } from "../yaml";

export type ServiceType = "LoadBalancer" | "ClusterIP" | "NodePort";

export interface DemoManifestArgs extends DemoAppOptions {
  namespace?: string;
  name?: string;
  /** LoadBalancer (k3s servicelb: every node's address, both families) or ClusterIP. Default LoadBalancer. */
  serviceType?: ServiceType;
  /** With serviceType NodePort: the port on every node (30000-32767); default: the API server picks one. */
  nodePort?: number;
  replicas?: number;
}

export const MANIFEST_DEFAULTS = {
  namespace: "dualstack-demo",
  name: "demo-app",
  serviceType: "LoadBalancer",
  replicas: 2,
  /** The `node` user of the official node images. */
  nodeImageUid: 1000,
  /** How long a stopping pod keeps serving before SIGTERM (endpoint removal takes about a second). */
  preStopSleepSeconds: 5,
} as const;

/** What every Service must carry: both families, or no Service at all. */
export const DUAL_STACK_SERVICE = {
  ipFamilyPolicy: "RequireDualStack",
  ipFamilies: ["IPv4", "IPv6"],
} as const;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export function demoManifests(args: DemoManifestArgs = {}): { objects: KubeObject[]; yaml: string } {
  const app = checkDemoApp(args, "manifests");
  const namespace = requireDnsLabel("manifests.namespace", args.namespace ?? MANIFEST_DEFAULTS.namespace);
  const name = requireDnsLabel("manifests.name", args.name ?? MANIFEST_DEFAULTS.name);
  const serviceType = args.serviceType ?? MANIFEST_DEFAULTS.serviceType;
  if (serviceType !== "LoadBalancer" && serviceType !== "ClusterIP" && serviceType !== "NodePort") {
    throw new InputError("manifests.serviceType", serviceType, "is not supported", 'use "LoadBalancer", "ClusterIP" or "NodePort"');
  }
  if (args.nodePort !== undefined && serviceType !== "NodePort") {
    throw new InputError("manifests.nodePort", args.nodePort, `is only for serviceType NodePort, not ${serviceType}`, "leave it out, or use serviceType NodePort");
  }
  const nodePort = args.nodePort === undefined ? undefined : requireInt("manifests.nodePort", args.nodePort, 30000, 32767);
  const replicas = requireInt("manifests.replicas", args.replicas ?? MANIFEST_DEFAULTS.replicas, 1, 100);
  const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "dualstack" };
  const meta = { name, namespace, labels };
  const sourceKey = "server.js";
  const mountDir = DEMO_APP_DEFAULTS.mountPath.slice(0, DEMO_APP_DEFAULTS.mountPath.lastIndexOf("/"));

  const objects: KubeObject[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { "app.kubernetes.io/part-of": "dualstack" } } },
    ...(app.source === undefined ? [] : [{ apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { [sourceKey]: app.source } }]),
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: {
        replicas,
        selector: { matchLabels: { "app.kubernetes.io/name": name } },
        template: {
          metadata: { labels },
          spec: {
            // One replica per node where possible, so the demo shows several node names.
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { "app.kubernetes.io/name": name } } },
            ],
            ...(app.source === undefined ? {} : { securityContext: { runAsNonRoot: true, runAsUser: MANIFEST_DEFAULTS.nodeImageUid } }),
            containers: [
              {
                name: "app",
                image: app.image,
                ...(app.command.length > 0 ? { args: app.command } : {}),
                env: [
                  // The app answers node=<node>/<pod>: which node, and which of its pods.
                  { name: "K8S_NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
                  { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                  { name: "NODE_NAME", value: "$(K8S_NODE)/$(POD_NAME)" },
                  { name: "PORT", value: String(app.containerPort) },
                  { name: "BIND", value: DEMO_APP_DEFAULTS.bind },
                ],
                ports: [{ name: "http", containerPort: app.containerPort, protocol: "TCP" }],
                readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 },
                // A pod being stopped (drain, rollout, scale-in) keeps serving until every
                // kube-proxy and load balancer has dropped it from its endpoints; only then
                // SIGTERM. The sleep action needs no binary in the image (Kubernetes 1.30+).
                lifecycle: { preStop: { sleep: { seconds: MANIFEST_DEFAULTS.preStopSleepSeconds } } },
                livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 },
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                ...(app.source === undefined ? {} : { volumeMounts: [{ name: "source", mountPath: mountDir, readOnly: true }] }),
              },
            ],
            ...(app.source === undefined ? {} : { volumes: [{ name: "source", configMap: { name } }] }),
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta,
      spec: {
        type: serviceType,
        ...DUAL_STACK_SERVICE,
        ipFamilies: [...DUAL_STACK_SERVICE.ipFamilies],
        selector: { "app.kubernetes.io/name": name },
        ports: [{ name: "http", port: app.publicPort, targetPort: "http", protocol: "TCP", ...(nodePort === undefined ? {} : { nodePort }) }],
      },
    },
  ];
  return { objects, yaml: toYamlStream(objects) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Whether a Service spec requires both families: ipFamilyPolicy
 * RequireDualStack and ipFamilies exactly IPv4 and IPv6. PreferDualStack does
 * not count (it degrades to one family without a word); ExternalName Services
 * have no addresses and never count.
 */
export function isDualStackServiceSpec(spec: unknown): boolean {
  if (!isRecord(spec) || spec.type === "ExternalName") return false;
  const families = spec.ipFamilies;
  return (
    spec.ipFamilyPolicy === DUAL_STACK_SERVICE.ipFamilyPolicy &&
    Array.isArray(families) &&
    families.length === 2 &&
    families.includes("IPv4") &&
    families.includes("IPv6")
  );
}

/** Whether an object is a Service (kind "Service") that requires both families. */
export function isDualStackService(obj: unknown): boolean {
  return isRecord(obj) && obj.kind === "Service" && isDualStackServiceSpec(obj.spec);
}
