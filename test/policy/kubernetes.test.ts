// Kubernetes Services: the case table, plus exceptions through annotations.
import { K8S } from "../../policies/lib/types";
import { managedWorkloadObjects } from "../../components/runtime/managed/workloads";
import { describeResourceCases } from "./cases";
import { kubernetesResourceCases } from "./cases/kubernetes";
import { runResource } from "./harness";

describeResourceCases(kubernetesResourceCases);

describe("Kubernetes exceptions", () => {
  const spec = { type: "LoadBalancer" };

  it("exempts a Service annotated dualstack/ipv4-only-reason (':' is not allowed in Kubernetes keys)", async () => {
    const props = { metadata: { name: "legacy", annotations: { "dualstack/ipv4-only-reason": "vendor appliance, IPv4 only" } }, spec };
    expect(await runResource("k8s-service-dual-stack", { type: K8S.service, props })).toEqual([]);
  });

  it("exempts the EKS Service exactly as the managed workloads render it (IPv6-only pods, reason annotated)", async () => {
    const service = managedWorkloadObjects({ family: "ipv6-only", ingress: "aws-nlb", app: { image: "ghcr.io/example/demo-app:1.0.0" } }).find((o) => o.kind === "Service")!;
    const props = JSON.parse(JSON.stringify(service));
    expect(await runResource("k8s-service-dual-stack", { type: K8S.service, props })).toEqual([]);
    // Without its reason the same Service is a violation.
    delete props.metadata.annotations["dualstack/single-stack-reason"];
    expect(await runResource("k8s-service-dual-stack", { type: K8S.service, props })).toHaveLength(1);
  });

  it("exempts by a configured label value", async () => {
    const config = { exceptions: { tags: { "example.com/family": "ipv4" } } };
    const props = { metadata: { labels: { "example.com/family": "ipv4" } }, spec };
    expect(await runResource("k8s-service-dual-stack", { type: K8S.service, props, config })).toEqual([]);
  });
});
