// Kubernetes Services.
import { K8S } from "../../../policies/lib/types";
import type { ResourceCase } from "../cases";
import { type Props, UNKNOWN_VALUE } from "../harness";

const svc = (spec: Props, metadata: Props = { name: "web" }) => ({ apiVersion: "v1", kind: "Service", metadata, spec: { ports: [{ port: 80 }], ...spec } });

export const kubernetesResourceCases: ResourceCase[] = [
  { rule: "k8s-service-dual-stack", title: "LoadBalancer, PreferDualStack", type: K8S.service, props: svc({ type: "LoadBalancer", ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4", "IPv6"] }) },
  { rule: "k8s-service-dual-stack", title: "ClusterIP, RequireDualStack", type: K8S.service, props: svc({ ipFamilyPolicy: "RequireDualStack" }) },
  { rule: "k8s-service-dual-stack", title: "headless (clusterIP None) is exempt", type: K8S.service, props: svc({ clusterIP: "None" }) },
  { rule: "k8s-service-dual-stack", title: "ExternalName is exempt", type: K8S.service, props: svc({ type: "ExternalName", externalName: "db.example.com" }) },
  {
    rule: "k8s-service-dual-stack",
    title: "LoadBalancer without ipFamilyPolicy",
    type: K8S.service,
    props: svc({ type: "LoadBalancer" }),
    violations: [/Service "web" \(LoadBalancer\) is SingleStack \(default\): set spec\.ipFamilyPolicy: "PreferDualStack"/],
  },
  { rule: "k8s-service-dual-stack", title: "NodePort, SingleStack", type: K8S.service, props: svc({ type: "NodePort", ipFamilyPolicy: "SingleStack" }), violations: [/\(NodePort\) is SingleStack/] },
  { rule: "k8s-service-dual-stack", title: "ClusterIP by default, no metadata name", type: K8S.service, props: { spec: {} }, name: "svc-res", violations: [/Service "svc-res" \(ClusterIP\)/] },
  // previews: the decisive input is computed (unknown)

  { rule: "k8s-service-dual-stack", title: "ipFamilyPolicy computed", type: K8S.service, props: svc({ type: "LoadBalancer", ipFamilyPolicy: UNKNOWN_VALUE }), unknown: true },

  { rule: "k8s-node-dual-stack", title: "Node with a pod range of each family", type: K8S.node, props: { metadata: { name: "node-1" }, spec: { podCIDRs: ["10.42.0.0/24", "fd12:3456:789a:4000::/64"] } } },
  { rule: "k8s-node-dual-stack", title: "Node without pod ranges (the controller-manager allocates)", type: K8S.node, props: { metadata: { name: "node-1" }, spec: {} } },
  { rule: "k8s-node-dual-stack", title: "Node with an IPv4 pod range only", type: K8S.node, props: { metadata: { name: "node-1" }, spec: { podCIDRs: ["10.42.0.0/24"] } }, violations: [/Node "node-1" has podCIDRs \["10\.42\.0\.0\/24"\]: give it one IPv4 and one IPv6 range/] },
  { rule: "k8s-node-dual-stack", title: "pod ranges computed", type: K8S.node, props: { metadata: { name: "node-1" }, spec: { podCIDRs: UNKNOWN_VALUE } }, unknown: true },
];
