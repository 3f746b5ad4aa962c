// The dual-stack ingress of an SKS cluster as plain Kubernetes objects. SKS
// turns LoadBalancer Services into Exoscale NLBs, which are IPv4 only, so the
// entry points are two managed elastic IPs (inet4, inet6) attached to the
// nodepool's instance pool, and every node runs this DaemonSet:
// - haproxy on the host network binds port 80 on every address of each
//   family and proxies each family to the app Service's cluster IP of the
//   same family (IPv6 clients stay IPv6 up to the pods);
// - a sidecar keeps local routes for both EIPs (eip-routes.ts), so the node
//   accepts their traffic.
// Exoscale's EIP healthcheck probes haproxy's monitor-uri on port 80, so a
// node whose haproxy is down stops receiving EIP traffic. Pure.
import { createHash } from "node:crypto";
import { HAPROXY_DEFAULTS, renderHaproxyConfig } from "../../../ingress/haproxy-config";
import { InputError, requireDnsLabel, requireInt } from "../../checks";
import type { KubeObject } from "../../kubernetes/manifests";
import { renderEipRoutesScript } from "./eip-routes";

export const SKS_INGRESS_DEFAULTS = {
  namespace: "dualstack-ingress",
  name: "dualstack-ingress",
  /** HAProxy 3.2 (LTS) on Alpine: its busybox has the `ip` the sidecar needs. */
  image: "docker.io/library/haproxy:3.2-alpine",
  port: 80,
  monitorUri: HAPROXY_DEFAULTS.monitorUri,
  configDir: "/usr/local/etc/haproxy",
} as const;

/** Where Exoscale's EIP healthcheck must probe: haproxy itself, on every node. */
export const SKS_EIP_HEALTHCHECK = {
  mode: "http",
  port: SKS_INGRESS_DEFAULTS.port,
  uri: SKS_INGRESS_DEFAULTS.monitorUri,
  interval: 10,
  timeout: 3,
  strikesOk: 2,
  strikesFail: 3,
} as const;

export interface FamilyPair {
  ipv4: string;
  ipv6: string;
}

export interface SksIngressObjectsArgs {
  /** The elastic IPs' addresses. */
  eips: FamilyPair;
  /** The app Service's cluster IPs, one per family. */
  serviceIps: FamilyPair;
  servicePort: number;
  namespace?: string;
  name?: string;
  image?: string;
  port?: number;
}

/** [IPv4, IPv6] cluster IPs (either order) as a pair; an error unless there is exactly one of each. Pure. */
export function serviceIpPair(clusterIps: readonly string[] | undefined): FamilyPair {
  const list = clusterIps ?? [];
  const v4 = list.filter((ip) => !ip.includes(":"));
  const v6 = list.filter((ip) => ip.includes(":"));
  if (v4.length !== 1 || v6.length !== 1) {
    throw new InputError(
      "service.spec.clusterIPs",
      list,
      "is not one IPv4 and one IPv6 address",
      "the app Service must be RequireDualStack with ipFamilies [IPv4, IPv6] on a dual-stack cluster",
    );
  }
  return { ipv4: v4[0], ipv6: v6[0] };
}

/** haproxy.cfg for the nodes: wildcard binds, one backend per family at the Service's cluster IP. Pure. */
export function renderSksHaproxyConfig(args: Pick<SksIngressObjectsArgs, "serviceIps" | "servicePort" | "port" | "name">): string {
  return renderHaproxyConfig({
    name: args.name ?? SKS_INGRESS_DEFAULTS.name,
    vips: "any",
    port: args.port ?? SKS_INGRESS_DEFAULTS.port,
    // One "server" per family: kube-proxy spreads its connections over the app's pods.
    servers: [{ name: "app-service", ipv4: args.serviceIps.ipv4, ipv6: args.serviceIps.ipv6, port: args.servicePort }],
    monitorUri: SKS_INGRESS_DEFAULTS.monitorUri,
  });
}

/** Names and labels, which do not depend on any address (known at preview). Pure. */
export function sksIngressMeta(args: Pick<SksIngressObjectsArgs, "namespace" | "name"> = {}) {
  const namespace = requireDnsLabel("namespace", args.namespace ?? SKS_INGRESS_DEFAULTS.namespace);
  const name = requireDnsLabel("name", args.name ?? SKS_INGRESS_DEFAULTS.name);
  const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "dualstack" };
  return {
    namespace: { name: namespace, labels: { "app.kubernetes.io/part-of": "dualstack", "pod-security.kubernetes.io/enforce": "privileged" } },
    object: { name, namespace, labels },
  };
}

export function sksIngressObjects(args: SksIngressObjectsArgs): KubeObject[] {
  const meta = sksIngressMeta(args);
  const { name, labels } = meta.object;
  const port = requireInt("port", args.port ?? SKS_INGRESS_DEFAULTS.port, 1, 65535);
  const image = args.image ?? SKS_INGRESS_DEFAULTS.image;
  if (typeof image !== "string" || !/^[a-z0-9][a-z0-9./_:@-]*$/.test(image)) {
    throw new InputError("image", image, "is not an image reference", 'use e.g. "docker.io/library/haproxy:3.2-alpine"');
  }
  const script = renderEipRoutesScript(args.eips);
  const haproxyCfg = renderSksHaproxyConfig({ serviceIps: args.serviceIps, servicePort: args.servicePort, port, name });
  // A config change must restart haproxy: the hash in the pod template rolls the DaemonSet.
  const configHash = createHash("sha256").update(haproxyCfg).update(script).digest("hex").slice(0, 16);
  const probe = { httpGet: { path: SKS_INGRESS_DEFAULTS.monitorUri, port }, periodSeconds: 5 };

  return [
    // Host network and NET_ADMIN are "privileged" under Pod Security Standards.
    { apiVersion: "v1", kind: "Namespace", metadata: meta.namespace },
    { apiVersion: "v1", kind: "ConfigMap", metadata: meta.object, data: { "haproxy.cfg": haproxyCfg, "eip-routes.sh": script } },
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: meta.object,
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: { labels, annotations: { "dualstack/config-hash": configHash } },
          spec: {
            hostNetwork: true,
            dnsPolicy: "ClusterFirstWithHostNet",
            priorityClassName: "system-node-critical",
            containers: [
              {
                name: "haproxy",
                image,
                command: ["haproxy", "-W", "-db", "-f", `${SKS_INGRESS_DEFAULTS.configDir}/haproxy.cfg`],
                ports: [{ name: "http", containerPort: port, hostPort: port, protocol: "TCP" }],
                readinessProbe: probe,
                livenessProbe: { ...probe, periodSeconds: 10 },
                // Root for port 80 on the host, with nothing but NET_BIND_SERVICE.
                securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } },
                volumeMounts: [{ name: "config", mountPath: `${SKS_INGRESS_DEFAULTS.configDir}/haproxy.cfg`, subPath: "haproxy.cfg", readOnly: true }],
              },
              {
                name: "eip-routes",
                image,
                command: ["/bin/sh", "/etc/dualstack/eip-routes.sh"],
                securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] } },
                volumeMounts: [{ name: "config", mountPath: "/etc/dualstack/eip-routes.sh", subPath: "eip-routes.sh", readOnly: true }],
              },
            ],
            volumes: [{ name: "config", configMap: { name } }],
          },
        },
      },
    },
  ];
}
