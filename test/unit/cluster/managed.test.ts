// ManagedKubernetesCluster's wiring, with an adapter that records what it is
// asked (Pulumi mocks: the composition is under test, not a cloud): the
// network, the cloud's cluster and the ingress come from the adapter under
// their components, in that order, each given what the one before made; a
// preflight problem stops it before anything is registered.
import * as pulumi from "@pulumi/pulumi";
import { planAddresses, type AddressPlan } from "../../../components/addressing";
import { ConfigError, ManagedKubernetesCluster, type ManagedAdapter, type ManagedEndpoints, type ManagedTypes } from "../../../components";
import { recordRegistrations } from "./registrations";

interface RecordingTypes extends ManagedTypes {
  network: { net: string };
  cluster: { cluster: string; nodes: number };
}

class RecordingManagedAdapter implements ManagedAdapter<RecordingTypes> {
  readonly cloud = "recording";
  readonly calls: string[] = [];
  readonly parents = new Map<string, pulumi.Resource>();

  constructor(private readonly problems: { key: string; value: unknown; message: string }[] = []) {}

  preflight(_plan: AddressPlan, nodeCount: number) {
    this.calls.push(`preflight ${nodeCount}`);
    return this.problems;
  }
  network(prefix: string, _plan: AddressPlan, parent: pulumi.Resource) {
    this.calls.push(`network ${prefix}`);
    this.parents.set("network", parent);
    return { net: `${prefix}-net` };
  }
  cluster(prefix: string, _plan: AddressPlan, network: { net: string }, nodeCount: number, parent: pulumi.Resource) {
    this.calls.push(`cluster ${prefix} in ${network.net}`);
    this.parents.set("cluster", parent);
    return { cluster: `${prefix}-k8s`, nodes: nodeCount };
  }
  ingress(prefix: string, _plan: AddressPlan, network: { net: string }, cluster: { cluster: string }, parent: pulumi.Resource): ManagedEndpoints {
    this.calls.push(`ingress ${prefix} on ${cluster.cluster} in ${network.net}`);
    this.parents.set("ingress", parent);
    return { ipv4: pulumi.output("http://192.0.2.8/"), ipv6: pulumi.output("http://[2001:db8::8]/") };
  }
}

const plan = planAddresses({ name: "managed", ipv4Supernet: "10.71.0.0/16", zones: ["z1"], nodeCount: 3, ingressCount: 2 });
const registered = recordRegistrations();

describe("ManagedKubernetesCluster over a managed adapter", () => {
  const adapter = new RecordingManagedAdapter();
  let cluster: ManagedKubernetesCluster<RecordingTypes>;
  beforeAll(() => {
    cluster = new ManagedKubernetesCluster("k", { plan, adapter, nodeCount: 3 });
  });

  it("asks for the network, the cluster in it and the ingress on it, once each, in order", () => {
    expect(adapter.calls).toEqual(["preflight 3", "network k", "cluster k in k-net", "ingress k on k-k8s in k-net"]);
  });

  it("puts each part under its component, and the components under the cluster", () => {
    expect(adapter.parents.get("network")).toBe(cluster.network);
    expect(adapter.parents.get("cluster")).toBe(cluster.nodes);
    expect(adapter.parents.get("ingress")).toBe(cluster.ingress);
    expect(registered).toEqual(
      expect.arrayContaining([
        "dualstack:cluster:ManagedKubernetesCluster::k",
        "dualstack:cluster:DualStackNetwork::k-network",
        "dualstack:cluster:ManagedNodePool::k-nodes",
        "dualstack:cluster:ManagedIngress::k-ingress",
      ]),
    );
    expect(cluster.nodes.made).toEqual({ cluster: "k-k8s", nodes: 3 });
  });

  it("reports the ingress's URLs as the endpoints", async () => {
    const endpoints = await new Promise((resolve) => pulumi.all([cluster.endpoints.ipv4, cluster.endpoints.ipv6]).apply(resolve));
    expect(endpoints).toEqual(["http://192.0.2.8/", "http://[2001:db8::8]/"]);
  });
});

describe("a managed preflight problem", () => {
  it("throws one ConfigError naming the key, before any resource is registered", () => {
    const before = registered.length;
    const adapter = new RecordingManagedAdapter([{ key: "dualstack:nodes.count", value: 300, message: "does not fit the node subnet" }]);
    expect(() => new ManagedKubernetesCluster("bad", { plan, adapter, nodeCount: 300 })).toThrow(ConfigError);
    expect(() => new ManagedKubernetesCluster("bad", { plan, adapter, nodeCount: 300 })).toThrow(/dualstack:nodes\.count: 300 does not fit the node subnet/);
    expect(adapter.calls).toEqual(["preflight 300", "preflight 300"]);
    expect(registered.length).toBe(before);
  });
});
