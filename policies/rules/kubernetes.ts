// Kubernetes Services. A Service without ipFamilyPolicy is SingleStack in the
// cluster's primary family even on a dual-stack cluster: it gets no IPv6
// ClusterIP and its load balancer no IPv6 address.
import type { ResourceRule } from "../lib/policy";
import { at, isUnknown, str } from "../lib/props";
import { K8S } from "../lib/types";

const DUAL = new Set(["RequireDualStack", "PreferDualStack"]);

export const k8sServiceDualStack: ResourceRule = {
  name: "k8s-service-dual-stack",
  description:
    "Every Kubernetes Service (ClusterIP, NodePort, LoadBalancer) sets spec.ipFamilyPolicy RequireDualStack or PreferDualStack: the default is SingleStack, which gives it no IPv6 address even on a dual-stack cluster. Headless and ExternalName services have no cluster IPs and are exempt.",
  types: [K8S.service],
  check(props, name) {
    const spec = at(props, "spec");
    if (isUnknown(spec)) return [];
    const type = str(at(spec, "type"));
    const clusterIP = str(at(spec, "clusterIP"));
    if (type === "ExternalName" || clusterIP === "None" || isUnknown(type) || isUnknown(clusterIP)) return [];
    const policy = str(at(spec, "ipFamilyPolicy"));
    if (isUnknown(policy) || (policy !== undefined && DUAL.has(policy))) return [];
    const metaName = str(at(props, "metadata", "name"));
    const shown = typeof metaName === "string" ? metaName : name;
    return [
      `Service "${shown}" (${type ?? "ClusterIP"}) is ${policy ?? "SingleStack (default)"}: set spec.ipFamilyPolicy: "PreferDualStack" ` +
        `(or "RequireDualStack") and spec.ipFamilies: ["IPv4", "IPv6"].`,
    ];
  },
};

export const k8sNodeDualStack: ResourceRule = {
  name: "k8s-node-dual-stack",
  description:
    "A Kubernetes Node registered with pod ranges (spec.podCIDRs) has one of each family: a node with only an IPv4 range gives its pods no IPv6 address, whatever the Services ask for.",
  types: [K8S.node],
  check(props, name) {
    const cidrs = at(props, "spec", "podCIDRs");
    if (isUnknown(cidrs) || cidrs === undefined) return [];
    const list = Array.isArray(cidrs) ? cidrs.map((c) => str(c)) : [];
    if (list.some(isUnknown)) return [];
    const families = new Set(list.map((c) => (typeof c === "string" ? (c.includes(":") ? 6 : 4) : 0)));
    const shown = str(at(props, "metadata", "name"));
    if (families.has(4) && families.has(6)) return [];
    return [`Node "${typeof shown === "string" ? shown : name}" has podCIDRs ${JSON.stringify(list)}: give it one IPv4 and one IPv6 range (the plan's podCidrV4 and podCidrV6).`];
  },
};
