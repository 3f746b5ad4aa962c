// Where managed-Kubernetes stacks made before the cluster component had
// their resources: at the stack root, the managed components under their
// former tokens. The transformation must alias each resource the cluster's
// components hold directly to exactly that URN (the engine derives their
// children's aliases from it), and nothing else. Under Pulumi mocks: the
// alias URNs are what is checked; test/integration/layout proves the same
// transformation on the real engine for the lab and the Swiss clouds.
import * as pulumi from "@pulumi/pulumi";
import { adoptLegacyLayout, MANAGED_LAYOUT } from "../../../stacks/legacy-layout";

beforeAll(() => pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "dualstack", "eks-dev", false));

/** The aliases the transformation gives a resource of `type` named `name` under a parent of `parentType`. */
function aliasesOf(type: string, name: string, parentType: string | undefined, custom: boolean): unknown[] {
  const parent = parentType ? new pulumi.ComponentResource(parentType, `p-${name}`) : undefined;
  const resource = (custom ? Object.create(pulumi.CustomResource.prototype) : Object.create(pulumi.ComponentResource.prototype)) as pulumi.Resource;
  const result = adoptLegacyLayout("cluster", MANAGED_LAYOUT)({ resource, type, name, props: {}, opts: { parent } });
  return (result?.opts.aliases as unknown[] | undefined) ?? [];
}

describe("MANAGED_LAYOUT", () => {
  it("aliases a renamed managed component to its former token at the root, without the cluster's prefix", () => {
    expect(aliasesOf("dualstack:managed:DualStackWorkloads", "cluster-app", "dualstack:cluster:ManagedIngress", false)).toEqual([
      "urn:pulumi:eks-dev::dualstack::dualstack:managed:Workloads::app",
    ]);
    expect(aliasesOf("dualstack:managed:EksIpv6Cluster", "cluster-edge-eks", "dualstack:cluster:ManagedNodePool", false)).toEqual([
      "urn:pulumi:eks-dev::dualstack::dualstack:managed:EksCluster::edge-eks",
    ]);
  });

  it("aliases a resource the network holds to the same type and name at the root", () => {
    expect(aliasesOf("aws:ec2/vpc:Vpc", "cluster-vpc", "dualstack:cluster:DualStackNetwork", true)).toEqual(["urn:pulumi:eks-dev::dualstack::aws:ec2/vpc:Vpc::vpc"]);
  });

  it("leaves the cluster's own components and the managed components' children alone", () => {
    expect(aliasesOf("dualstack:cluster:ManagedIngress", "cluster-ingress", "dualstack:cluster:ManagedKubernetesCluster", false)).toEqual([]);
    expect(aliasesOf("kubernetes:core/v1:Service", "cluster-app-service", "dualstack:managed:DualStackWorkloads", true)).toEqual([]);
    expect(aliasesOf("dualstack:cluster:ManagedKubernetesCluster", "cluster", undefined, false)).toEqual([]);
  });
});
