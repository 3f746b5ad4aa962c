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
