// runtime kubernetes + kubernetes.mode managed on Exoscale: an SKS cluster
// with dual-stack networking, its nodepool in a security group that admits
// web traffic in both families and cluster traffic among members, two
// managed EIPs (inet4, inet6) on the nodepool's instance pool, the demo app
// behind a dual-stack ClusterIP Service, and the haproxy DaemonSet serving
// both EIPs. No LoadBalancer Service (SKS would make it an IPv4-only NLB).
// Under Pulumi mocks: the Kubernetes plugin is not reachable here (the
// Exoscale resources themselves are tested against the fake API).
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";
import { SKS_EIP_HEALTHCHECK } from "../../../../components/runtime/managed";
import { parseStackConfig, ConfigError } from "../../../../stacks/config";
import { withoutStackTraces } from "../../pulumi-program";
import { EIP_HEALTHCHECK, SKS_CLUSTER_RULES } from "../../../../components/clouds/exoscale/adapter";
// Imported here, not in the hook: compiling and loading it counts against no test's timeout.
import { exoscaleStack } from "../../../../stacks/exoscale";

// A whole run of the stack program under Pulumi mocks costs seconds of CPU
// (each dynamic resource's provider is serialized, and the SDK takes a stack
// trace for each of its promises); on a busy 2-core machine that exceeds
// jest's default 5 s.
jest.setTimeout(60_000);

const EIP = { inet4: "194.182.161.77", inet6: "2a04:c43:e00:6b2e::77" };
const CLUSTER_IPS = ["10.96.23.45", "fd8e:2b9c:1d4f:c000::2d"];
const dyn = (type: string) => `pulumi-nodejs:dynamic/exoscale:${type}`;

function outputsFor(args: MockResourceArgs): Record<string, unknown> {
  switch (args.type) {
    case dyn("SksCluster"):
      return { endpoint: `https://${args.name}-id.sks-ch-gva-2.exo.io:443` };
    case dyn("SksNodepool"):
      return { instancePoolId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" };
    case dyn("SksKubeconfig"):
      return { kubeconfig: "apiVersion: v1\nkind: Config\n" };
    case dyn("ElasticIp"):
      return { ip: EIP[args.inputs.addressFamily as "inet4" | "inet6"] };
    case "kubernetes:core/v1:Service":
      return { spec: { ...args.inputs.spec, clusterIPs: CLUSTER_IPS } };
    default:
      return {};
  }
}

const CONFIG = {
  provider: "exoscale",
  network: { ipv4Supernet: "10.80.0.0/16" },
  nodes: { count: 3 },
  runtime: "kubernetes",
  kubernetes: { mode: "managed" },
  exoscale: { zone: "ch-gva-2", sks: { version: "1.33.1" } },
};

async function runStack(raw: Record<string, unknown>, stack = "sks-test") {
  return exoscaleStack({ project: "dualstack", stack, config: parseStackConfig(stack, raw) });
}

const resolved = <T>(value: T): Promise<pulumi.Unwrap<T>> => new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as pulumi.Unwrap<T>)));

describe("Exoscale stack with managed SKS (mocks: no Kubernetes plugin here)", () => {
  const created: MockResourceArgs[] = [];
  let outputs: Record<string, unknown>;
  const of = (type: string) => created.filter((r) => r.type === type);
  const one = (type: string) => {
    const found = of(type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0];
  };

  beforeAll(async () => {
    jest.spyOn(pulumi.log, "info").mockResolvedValue();
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          created.push(args);
          return { id: `${args.name}-id`, state: { ...args.inputs, ...outputsFor(args) } };
        },
        call: () => ({}),
      },
      "dualstack",
      "sks-test",
      false,
    );
    pulumi.runtime.setAllConfig({ "dualstack:exoscaleApiKey": "EXO-test", "dualstack:exoscaleApiSecret": "test-secret" }, ["dualstack:exoscaleApiKey", "dualstack:exoscaleApiSecret"]);
    outputs = await withoutStackTraces(async () => {
      const result = await runStack(CONFIG);
      // Let every apply register its resources.
      for (let seen = -1; seen !== created.length; ) {
        seen = created.length;
        await new Promise((r) => setTimeout(r, 50));
      }
      return result;
    });
  });

  it("builds SKS with dual-stack networking from the plan and a dual nodepool of nodes.count, and no instances of its own (mocks)", () => {
    const cluster = one(dyn("SksCluster")).inputs;
    expect(cluster).toMatchObject({ version: "1.33.1", cni: "cilium", level: "pro" });
    expect(cluster.networking.clusterCidr).toMatch(/^10\.[\d.]+\/\d+,[0-9a-f:]+\/\d+$/);
    expect(cluster.networking.serviceClusterIpRange).toMatch(/^10\.[\d.]+\/\d+,[0-9a-f:]+\/1(0[89]|1\d|20)$/);
    const pool = one(dyn("SksNodepool")).inputs;
    expect(pool).toMatchObject({ size: 3, publicIpAssignment: "dual", securityGroups: ["cluster-sg-sks-nodes-id"], antiAffinityGroups: ["cluster-aag-sks-nodes-1-id"] });
    expect(of(dyn("Instance"))).toHaveLength(0);
    expect(of(dyn("PrivateNetwork"))).toHaveLength(0);
  });

  it("puts a managed inet4 and inet6 EIP on the nodepool's instance pool, probed at haproxy's monitor URI (mocks)", () => {
    const eips = of(dyn("ElasticIp"));
    expect(eips.map((e) => e.inputs.addressFamily).sort()).toEqual(["inet4", "inet6"]);
    for (const e of eips) expect(e.inputs.healthcheck).toEqual(SKS_EIP_HEALTHCHECK);
    expect(EIP_HEALTHCHECK).toEqual(SKS_EIP_HEALTHCHECK);
    const attach = one(dyn("InstancePoolElasticIps")).inputs;
    expect(attach).toMatchObject({ instancePool: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", elasticIps: ["cluster-eip-inet4-id", "cluster-eip-inet6-id"] });
  });

  it("opens web ports in both families and the CNI's cluster ports among members only (mocks)", () => {
    const rules = of(dyn("SecurityGroupRule")).filter((r) => r.name.startsWith("cluster-sg-sks-nodes-"));
    const web = rules.filter((r) => r.inputs.startPort === 80);
    expect(web.map((r) => r.inputs.network).sort()).toEqual(["0.0.0.0/0", "::/0"]);
    expect(rules.some((r) => r.inputs.protocol === "icmpv6" && r.inputs.icmp.type === 2)).toBe(true);
    const members = rules.filter((r) => r.inputs.sourceSecurityGroup !== undefined);
    expect(members.map((r) => r.name).sort()).toEqual([...SKS_CLUSTER_RULES.common, ...SKS_CLUSTER_RULES.cilium].map((r) => `cluster-sg-sks-nodes-${r.name}`).sort());
    for (const r of members) {
      expect(r.inputs.sourceSecurityGroup).toBe("cluster-sg-sks-nodes-id");
      expect(r.inputs.network).toBeUndefined();
    }
  });

  it("serves the app through a RequireDualStack ClusterIP Service and the haproxy DaemonSet, no LoadBalancer anywhere (mocks)", () => {
    const services = of("kubernetes:core/v1:Service");
    expect(services).toHaveLength(1);
    expect(services[0].inputs.spec).toMatchObject({ type: "ClusterIP", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] });
    const cm = of("kubernetes:core/v1:ConfigMap").find((r) => r.inputs.metadata.namespace === "dualstack-ingress");
    expect(cm?.inputs.data["haproxy.cfg"]).toContain(`server app-service ipv4@${CLUSTER_IPS[0]}:80 check`);
    expect(cm?.inputs.data["haproxy.cfg"]).toContain(`server app-service ipv6@[${CLUSTER_IPS[1]}]:80 check`);
    expect(cm?.inputs.data["eip-routes.sh"]).toContain(`${EIP.inet4}/32`);
    expect(cm?.inputs.data["eip-routes.sh"]).toContain(`${EIP.inet6}/128`);
    expect(one("kubernetes:apps/v1:DaemonSet").inputs.spec.template.spec.hostNetwork).toBe(true);
  });

  it("exports both EIPs as the endpoints, and the kubeconfig as a secret (mocks)", async () => {
    expect(await resolved(outputs.endpoints)).toEqual({ ipv4: `http://${EIP.inet4}/`, ipv6: `http://[${EIP.inet6}]/` });
    const sks = outputs.sks as { kubeconfig: pulumi.Output<string> };
    expect(await pulumi.isSecret(sks.kubeconfig)).toBe(true);
  });

  it("refuses managed SKS without a version, at preview, naming the key (mocks)", async () => {
    const { exoscale: _e, ...rest } = CONFIG;
    const err = await runStack({ ...rest, exoscale: { zone: "ch-gva-2" } }, "sks-noversion").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/dualstack:exoscale\.sks\.version.*required/);
    const bad = await runStack({ ...rest, exoscale: { sks: { version: "1.33", cni: "flannel" } } }, "sks-bad").catch((e: unknown) => e);
    expect(String((bad as Error).message)).toMatch(/dualstack:exoscale\.sks\.version/);
    expect(String((bad as Error).message)).toMatch(/dualstack:exoscale\.sks\.cni/);
  });
});
