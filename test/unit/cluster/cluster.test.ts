// DualStackCluster's wiring, with an adapter that records what it is asked
// (Pulumi mocks: the composition is what is under test, not a cloud): every
// part comes from the adapter under the right component, the entry point is
// attached once to all ingress hosts, and a preflight problem stops the
// cluster before anything is registered.
import * as pulumi from "@pulumi/pulumi";
import { planAddresses, type AddressPlan } from "../../../components/addressing";
import { ConfigError, DualStackCluster, type AdapterTypes, type CloudAdapter, type EntryAddresses, type HostRequest } from "../../../components";
import { recordRegistrations } from "./registrations";

interface Made {
  name: string;
  role: string;
  index: number;
  parent: pulumi.Resource;
  software: string;
  publicIpv4: undefined;
  publicIpv6: undefined;
}

interface RecordingTypes extends AdapterTypes {
  network: { made: string };
  placement: string;
  software: string;
  entry: EntryAddresses & { id: string };
  host: Made;
}

class RecordingAdapter implements CloudAdapter<RecordingTypes> {
  readonly cloud = "recording";
  readonly calls: string[] = [];
  readonly hosts: Made[] = [];
  readonly parents = new Map<string, pulumi.Resource>();
  attached: Made[] | undefined;

  constructor(private readonly problems: { key: string; value: unknown; message: string }[] = []) {}

  preflight(plan: AddressPlan) {
    this.calls.push(`preflight ${plan.name}`);
    return this.problems;
  }
  network(prefix: string, _plan: AddressPlan, parent: pulumi.Resource) {
    this.calls.push(`network ${prefix}`);
    this.parents.set("network", parent);
    return { made: `${prefix}-net` };
  }
  placement(prefix: string, _plan: AddressPlan, role: string, parent: pulumi.Resource) {
    this.calls.push(`placement ${prefix} ${role}`);
    this.parents.set(`placement ${role}`, parent);
    return `${role}-groups`;
  }
  nodeSoftware(_plan: AddressPlan, node: { name: string }, runtime: { kind: string }) {
    return `${runtime.kind} on ${node.name}`;
  }
  entryPoint(prefix: string, _plan: AddressPlan, parent: pulumi.Resource) {
    this.calls.push(`entry ${prefix}`);
    this.parents.set("entry", parent);
    return { id: "entry-1", ipv4: pulumi.output("192.0.2.4"), ipv6: pulumi.output("2001:db8::4") };
  }
  ingressSoftware(_plan: AddressPlan, host: { name: string }, entry: { id: string }) {
    return `haproxy on ${host.name} behind ${entry.id}`;
  }
  host(r: HostRequest<RecordingTypes>, parent: pulumi.Resource): Made {
    expect(r.network).toEqual({ made: `${r.name.split("-")[0]}-net` });
    expect(r.entry.id).toBe("entry-1");
    expect(r.placement).toBe(`${r.role}-groups`);
    const made = { name: r.name, role: r.role, index: r.index, parent, software: r.software, publicIpv4: undefined, publicIpv6: undefined };
    this.hosts.push(made);
    return made;
  }
  attachEntryPoint(prefix: string, entry: { id: string }, hosts: Made[], parent: pulumi.Resource) {
    this.calls.push(`attach ${prefix} ${entry.id}`);
    this.parents.set("attach", parent);
    this.attached = hosts;
  }
}

const plan = planAddresses({ name: "wiring", ipv4Supernet: "10.70.0.0/16", zones: ["z1"], tiers: { ingress: "lan", nodes: "lan" }, nodeCount: 3, ingressCount: 2 });
const registered = recordRegistrations();

describe("DualStackCluster over an adapter", () => {
  const adapter = new RecordingAdapter();
  let cluster: DualStackCluster<RecordingTypes>;
  beforeAll(() => {
    cluster = new DualStackCluster("edge", { plan, adapter, runtime: { kind: "docker" } });
  });

  it("asks the adapter for each part once, in order (the entry point before the hosts), with the cluster's name as prefix", () => {
    expect(adapter.calls).toEqual(["preflight wiring", "network edge", "entry edge", "placement edge nodes", "placement edge ingress", "attach edge entry-1"]);
  });

  it("makes every planned host a DualStackHost of its role, named after the cluster, with its role's software", () => {
    expect(adapter.hosts.map((h) => [h.name, h.role, h.index, h.software])).toEqual([
      ["edge-node-1", "nodes", 0, "docker on node-1"],
      ["edge-node-2", "nodes", 1, "docker on node-2"],
      ["edge-node-3", "nodes", 2, "docker on node-3"],
      ["edge-ingress-1", "ingress", 0, "haproxy on ingress-1 behind entry-1"],
      ["edge-ingress-2", "ingress", 1, "haproxy on ingress-2 behind entry-1"],
    ]);
    // Each host's resources go under its DualStackHost, which sits in the pool or the ingress.
    const hosts = [...cluster.nodes.hosts, ...cluster.ingress.hosts];
    expect(adapter.hosts.map((h) => h.parent)).toEqual(hosts);
    expect(hosts.map((h) => h.planned.name)).toEqual([...plan.nodes, ...plan.ingress.hosts].map((h) => h.name));
  });

  it("registers the cluster and its parts as components", () => {
    for (const c of ["DualStackCluster::edge", "DualStackNetwork::edge-network", "NodePool::edge-nodes", "IpFailover::edge-failover", "DualStackIngress::edge-ingress", "DualStackHost::edge-node-1"]) {
      expect(registered).toContain(`dualstack:cluster:${c}`);
    }
  });

  it("puts each adapter part under its component", () => {
    expect(adapter.parents.get("network")).toBe(cluster.network);
    expect(adapter.parents.get("placement nodes")).toBe(cluster.nodes);
    expect(adapter.parents.get("placement ingress")).toBe(cluster.ingress);
    expect(adapter.parents.get("entry")).toBe(cluster.failover);
    expect(adapter.parents.get("attach")).toBe(cluster.failover);
  });

  it("attaches the entry point to all ingress hosts, and the endpoints are its addresses", async () => {
    expect(adapter.attached?.map((h) => h.name)).toEqual(["edge-ingress-1", "edge-ingress-2"]);
    const endpoints = await new Promise((resolve) => pulumi.all([cluster.endpoints.ipv4, cluster.endpoints.ipv6]).apply(resolve));
    expect(endpoints).toEqual(["http://192.0.2.4/", "http://[2001:db8::4]/"]);
  });

  it("lists each host's planned addresses in its summary", () => {
    expect(cluster.nodes.summaries[0]).toMatchObject({ name: "node-1", privateIpv4: plan.nodes[0].ipv4, privateIpv6: plan.nodes[0].ipv6, network: plan.nodes[0].network });
  });
});

/** A cloud whose load balancer is the ingress, and which assigns the IPv6 prefix itself (as AWS does). */
class LoadBalancerAdapter extends RecordingAdapter {
  readonly ingress = "load-balancer";
  static readonly ASSIGNED = planAddresses({ name: "wiring", ipv4Supernet: "10.70.0.0/16", ipv6Prefix: "2001:db8:aa00::/56", zones: ["z1"], tiers: { ingress: "lan", nodes: "lan" }, nodeCount: 3, ingressCount: 2 });
  assignedPlan() {
    return pulumi.output(LoadBalancerAdapter.ASSIGNED);
  }
  entryPoint(prefix: string, plan: AddressPlan, parent: pulumi.Resource) {
    return { ...super.entryPoint(prefix, plan, parent), urls: { ipv4: pulumi.output("http://lb.example/"), ipv6: pulumi.output("http://lb.example/") } };
  }
}

describe("a load-balancer ingress", () => {
  const adapter = new LoadBalancerAdapter();
  let cluster: DualStackCluster<RecordingTypes>;
  beforeAll(() => {
    cluster = new DualStackCluster("lb", { plan, adapter, runtime: { kind: "docker" } });
  });

  it("builds no ingress hosts and attaches the entry point to the nodes, under the ingress", () => {
    expect(adapter.hosts.map((h) => h.role)).toEqual(["nodes", "nodes", "nodes"]);
    expect(adapter.attached?.map((h) => h.name)).toEqual(["lb-node-1", "lb-node-2", "lb-node-3"]);
    expect(adapter.parents.get("attach")).toBe(cluster.ingress);
    expect(cluster.ingress.kind).toBe("load-balancer");
    expect(cluster.ingress.summaries).toEqual([]);
  });

  it("uses the entry point's own URLs", async () => {
    const endpoints = await new Promise((resolve) => pulumi.all([cluster.endpoints.ipv4, cluster.endpoints.ipv6]).apply(resolve));
    expect(endpoints).toEqual(["http://lb.example/", "http://lb.example/"]);
  });

  it("reports the addresses the cloud assigned, not the plan's stand-ins", async () => {
    const assigned = LoadBalancerAdapter.ASSIGNED.nodes[0].ipv6;
    expect(assigned).not.toBe(plan.nodes[0].ipv6);
    const summary = await new Promise((resolve) => pulumi.output(cluster.nodes.summaries[0].privateIpv6).apply(resolve));
    expect(summary).toBe(assigned);
    const cidrs = await new Promise((resolve) => cluster.network.ipv6Cidrs.apply(resolve));
    expect(cidrs).toEqual(LoadBalancerAdapter.ASSIGNED.networks.map((n) => n.ipv6Cidr));
  });
});

describe("a preflight problem", () => {
  it("throws one ConfigError naming the key, before any resource is registered", () => {
    const before = registered.length;
    const adapter = new RecordingAdapter([{ key: "dualstack:nodes.count", value: 3, message: "is too many here" }]);
    expect(() => new DualStackCluster("bad", { plan, adapter, runtime: { kind: "docker" } })).toThrow(ConfigError);
    expect(() => new DualStackCluster("bad", { plan, adapter, runtime: { kind: "docker" } })).toThrow(/dualstack:nodes\.count: 3 is too many here/);
    expect(adapter.calls).toEqual(["preflight wiring", "preflight wiring"]);
    expect(registered.length).toBe(before);
  });
});
