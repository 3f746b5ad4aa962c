// `dualstack:nodes.oneAtATime` through stackCluster, under Pulumi mocks: left
// unset (or false), the nodes are not chained (the first deploy makes them all
// at once, as before) and the ingress hosts are, as the adapter says; set to
// true, each node depends on the node before it too. The evidence is what
// the engine would get: each host component's registered dependencies (the
// previous host's servers; its children register only after it).
import * as pulumi from "@pulumi/pulumi";
import { planAddresses, type AddressPlan } from "../../../components/addressing";
import type { AdapterTypes, CloudAdapter, EntryAddresses, HostRequest, Role } from "../../../components";
import { parseStackConfig } from "../../../stacks/config";
import { stackCluster } from "../../../stacks/cluster";
import { recordRegistrations, type Registration } from "../runtime/managed/mocks";

/** One custom resource per host: a component's dependsOn reaches the engine as its custom children's URNs. */
class Server extends pulumi.CustomResource {
  constructor(name: string, parent: pulumi.Resource) {
    super("recording:host:Server", name, {}, { parent });
  }
}

interface Types extends AdapterTypes {
  network: undefined;
  placement: undefined;
  software: undefined;
  entry: EntryAddresses;
  host: { publicIpv4: undefined; publicIpv6: undefined };
}

class ServerAdapter implements CloudAdapter<Types> {
  readonly cloud = "servers";
  constructor(readonly oneAtATime?: readonly Role[]) {}
  preflight() {
    return [];
  }
  network() {
    return undefined;
  }
  placement() {
    return undefined;
  }
  nodeSoftware() {
    return undefined;
  }
  ingressSoftware() {
    return undefined;
  }
  entryPoint() {
    return { ipv4: pulumi.output("192.0.2.4"), ipv6: pulumi.output("2001:db8::4") };
  }
  host(r: HostRequest<Types>, parent: pulumi.Resource) {
    new Server(r.name, parent);
    return { publicIpv4: undefined, publicIpv6: undefined };
  }
  attachEntryPoint() {}
}

const raw = (nodes: Record<string, unknown>) => ({ provider: "cloudscale", network: { ipv4Supernet: "10.71.0.0/16" }, nodes: { count: 3, ...nodes } });
const plan: AddressPlan = planAddresses({ name: "chain", ipv4Supernet: "10.71.0.0/16", zones: ["z1"], tiers: { ingress: "lan", nodes: "lan" }, nodeCount: 3, ingressCount: 2 });

let seen: Registration[];
beforeAll(() => {
  pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, "dualstack", "test", false);
  seen = recordRegistrations();
});

/** Waits until no new resource has been registered for a few ticks. */
async function registered(list: unknown[]): Promise<void> {
  for (let count = -1; count !== list.length; ) {
    count = list.length;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** For each host of the cluster: the host servers its component depends on. */
async function chainOf(nodes: Record<string, unknown>, adapter = new ServerAdapter()): Promise<Record<string, string[]>> {
  const config = parseStackConfig("chain", raw(nodes));
  const before = seen.length;
  stackCluster(plan, adapter, { kind: "docker" }, { nodesOneAtATime: config.nodes.oneAtATime });
  await registered(seen);
  const made = seen.slice(before);
  const serverOf = new Map(made.filter((r) => r.type === "recording:host:Server").map((s) => [s.urn, s.name]));
  const hosts = made.filter((r) => r.type === "dualstack:cluster:DualStackHost");
  return Object.fromEntries(hosts.map((h) => [h.name, h.dependencies.flatMap((d) => serverOf.get(d) ?? [])]));
}

const UNCHAINED_NODES = { "cluster-node-1": [], "cluster-node-2": [], "cluster-node-3": [] };
const CHAINED_INGRESS = { "cluster-ingress-1": [], "cluster-ingress-2": ["cluster-ingress-1"] };

describe("dualstack:nodes.oneAtATime", () => {
  it("is off by default: the nodes are not chained, the ingress hosts are (as before)", async () => {
    expect(await chainOf({})).toEqual({ ...UNCHAINED_NODES, ...CHAINED_INGRESS });
  });

  it("false (also as text, from plain `pulumi config set`) is the same", async () => {
    expect(await chainOf({ oneAtATime: false })).toEqual({ ...UNCHAINED_NODES, ...CHAINED_INGRESS });
    expect(await chainOf({ oneAtATime: "false" })).toEqual({ ...UNCHAINED_NODES, ...CHAINED_INGRESS });
  });

  it("true chains each node on the one before it, and the ingress hosts stay chained", async () => {
    const chained = { "cluster-node-1": [], "cluster-node-2": ["cluster-node-1"], "cluster-node-3": ["cluster-node-2"], ...CHAINED_INGRESS };
    expect(await chainOf({ oneAtATime: true })).toEqual(chained);
    expect(await chainOf({ oneAtATime: "true" })).toEqual(chained);
  });

  it("adds the nodes to an adapter's own roles, which stay as they are without the key", async () => {
    const none = new ServerAdapter([]);
    expect(await chainOf({}, none)).toEqual({ ...UNCHAINED_NODES, "cluster-ingress-1": [], "cluster-ingress-2": [] });
    expect(await chainOf({ oneAtATime: true }, none)).toMatchObject({ "cluster-node-3": ["cluster-node-2"], "cluster-ingress-2": [] });
  });

  it("refuses anything but a boolean", () => {
    expect(() => parseStackConfig("chain", raw({ oneAtATime: "yes" }))).toThrow(/dualstack:nodes\.oneAtATime/);
  });
});
