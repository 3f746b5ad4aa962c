// Kubernetes Services: the case table, plus exceptions through annotations.
import { K8S } from "../../policies/lib/types";
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

  it("exempts by a configured label value", async () => {
    const config = { exceptions: { tags: { "example.com/family": "ipv4" } } };
    const props = { metadata: { labels: { "example.com/family": "ipv4" } }, spec };
    expect(await runResource("k8s-service-dual-stack", { type: K8S.service, props, config })).toEqual([]);
  });
});
