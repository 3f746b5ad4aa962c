// Every adapter's preflight renders all the user data `up` will render and
// reports a renderer's refusal as a problem naming the config key, before
// DualStackCluster registers anything. The plans here are the planner's,
// then broken on purpose the way no planner change can hide: the renderers'
// own checks must hold on their own.
import { planAddresses, type AddressPlan } from "../../../components/addressing";
import { AwsAdapter, type AwsAdapterArgs } from "../../../components/clouds/aws/adapter";
import { AzureAdapter, type AzureAdapterArgs } from "../../../components/clouds/azure/adapter";
import { CloudscaleAdapter } from "../../../components/clouds/cloudscale/adapter";
import { ExoscaleAdapter } from "../../../components/clouds/exoscale/adapter";
import type { CloudAdapter } from "../../../components/cluster";
import type { NodeRuntime } from "../../../components/runtime";

const DOCKER: NodeRuntime = { kind: "docker" };
const K3S: NodeRuntime = { kind: "k3s", token: "k3s-unit-token-0123456789abcdef" };

function plan(shared: boolean): AddressPlan {
  const tiers = shared ? { ingress: "private", nodes: "private" } : { ingress: "ingress", nodes: "nodes" };
  return planAddresses({ name: "pf", ipv4Supernet: "10.64.0.0/16", zones: ["z1"], tiers, nodeCount: 5, ingressCount: 2 });
}

const ADAPTERS: [string, () => CloudAdapter, boolean][] = [
  ["cloudscale", () => new CloudscaleAdapter({ zone: "lpg1", failoverToken: "t" }), true],
  ["Exoscale", () => new ExoscaleAdapter({ zone: "ch-gva-2" }), true],
  ["AWS", () => new AwsAdapter({} as AwsAdapterArgs), false],
  ["Azure", () => new AzureAdapter({} as AzureAdapterArgs), false],
];

describe.each(ADAPTERS)("%s adapter preflight", (_cloud, adapter, shared) => {
  it("finds nothing wrong with the planner's own plan, for either runtime", () => {
    expect(adapter().preflight(plan(shared), DOCKER)).toEqual([]);
    expect(adapter().preflight(plan(shared), K3S)).toEqual([]);
  });

  it("reports the Docker renderer's refusal of node-2 (not one of the nodes it measures) as a problem, not a throw", () => {
    const bad = plan(shared);
    bad.nodes[1].docker.fixedCidrV6 = bad.nodes[0].docker.fixedCidrV6;
    const problems = adapter().preflight(bad, DOCKER);
    expect(problems).toEqual([
      expect.objectContaining({ key: "dualstack:network.ipv6Prefix", value: bad.ipv6Prefix, message: expect.stringMatching(/^makes the nodes' user data invalid: node\.docker\.fixedCidrV6: .* is outside the node's Docker range/) }),
    ]);
  });
});

describe.each(ADAPTERS.filter(([, , shared]) => shared))("%s ingress hosts at preflight", (_cloud, adapter) => {
  it("renders every ingress host's HAProxy config: a node address no backend may have is a problem naming the supernet", () => {
    const bad = plan(true);
    bad.nodes[4].ipv4 = "224.10.0.14";
    const problems = adapter().preflight(bad, DOCKER);
    expect(problems[0]).toEqual({
      key: "dualstack:network.ipv4Supernet",
      value: "10.64.0.0/16",
      message: 'makes the ingress hosts\' user data invalid: servers[4].ipv4: "224.10.0.14" is not a unicast address; use a dotted-quad IPv4 address such as "192.0.2.10"',
    });
  });
});

describe("cloudscale ingress hosts at preflight", () => {
  it("renders keepalived for the second ingress host too: its link-local unicast source is a problem naming the IPv6 prefix", () => {
    const bad = plan(true);
    bad.ingress.hosts[1].ipv6 = "fe80::b";
    const problems = new CloudscaleAdapter({ zone: "lpg1", failoverToken: "t" }).preflight(bad, DOCKER);
    expect(problems).toEqual([expect.objectContaining({ key: "dualstack:network.ipv6Prefix", message: expect.stringContaining('"fe80::b" is link-local (fe80::/10)') })]);
  });

  it("names dualstack:cloudscale.privateInterface for an interface name the stack's settings allow but netplan and sysctl do not", () => {
    const problems = new CloudscaleAdapter({ zone: "lpg1", failoverToken: "t", privateInterface: "ens4.100" }).preflight(plan(true), K3S);
    expect(problems).toEqual([
      { key: "dualstack:cloudscale.privateInterface", value: "ens4.100", message: expect.stringMatching(/^makes the ingress hosts' user data invalid: privateInterface: "ens4\.100" is not valid; use an interface name such as "ens4"/) },
    ]);
  });

  it("renders the /56 floating IPv6 form too", () => {
    expect(new CloudscaleAdapter({ zone: "lpg1", failoverToken: "t", floatingIpv6PrefixLength: 56 }).preflight(plan(true), DOCKER)).toEqual([]);
  });
});
