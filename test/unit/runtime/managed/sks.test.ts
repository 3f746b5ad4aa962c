// Exoscale SKS dual-stack: the `networking` ranges from the address plan
// (pure) and the component's checks; the wiring of its Exoscale resources
// under Pulumi mocks (the providers themselves are tested against the fake
// API in test/unit/clouds/exoscale).
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";
import { AddressPlan, planAddresses } from "../../../../components/addressing";
import { InputError } from "../../../../components/runtime";
import { checkSksArgs, SKS_EXPERIMENTAL_NOTE, SksDualStackCluster, SksDualStackClusterArgs, sksNetworking, SksPlan } from "../../../../components/runtime/managed";
import { thrownBy } from "../../../support/errors";

// Pulumi mocks running whole components cost seconds of CPU on a busy machine
// (loading the providers' modules, serializing dynamic providers, a stack
// trace per SDK promise): 9-12 s for one test here under load, against
// jest's default 5 s.
jest.setTimeout(60_000);

const PLAN: AddressPlan = planAddresses({ name: "sks-prod", ipv4Supernet: "10.80.0.0/16", zones: ["ch-gva-2"], nodeCount: 3, ingressCount: 2 });
const K = PLAN.kubernetes;

function withK8s(overrides: Partial<AddressPlan["kubernetes"]>): SksPlan {
  return { kubernetes: { ...K, ...overrides } };
}

const errorOf = (fn: () => unknown): InputError => thrownBy(fn, InputError);

const ARGS: SksDualStackClusterArgs = { zone: "ch-gva-2", name: "sks-prod", plan: PLAN, nodeCount: 3, instanceType: "standard.medium", version: "1.33.1", cni: "cilium" };

describe("sksNetworking (pure)", () => {
  it("joins each family's range from the plan as <v4>,<v6>", () => {
    expect(sksNetworking(PLAN)).toEqual({
      clusterCidr: `${K.clusterCidrV4},${K.clusterCidrV6}`,
      serviceClusterIpRange: `${K.serviceCidrV4},${K.serviceCidrV6}`,
    });
    expect(sksNetworking(withK8s({ clusterCidrV4: "10.244.0.0/16", clusterCidrV6: "fd00:10:244::/56", serviceCidrV4: "10.96.0.0/12", serviceCidrV6: "fd00:10:96::/108" }))).toEqual({
      clusterCidr: "10.244.0.0/16,fd00:10:244::/56",
      serviceClusterIpRange: "10.96.0.0/12,fd00:10:96::/108",
    });
  });

  it.each([
    [{ serviceCidrV6: "fd00:10:96::/104" }, "kubernetes.serviceCidrV6", /is a \/104: .*\/108 or smaller; use a \/108\.\.\/120/],
    [{ serviceCidrV6: "fd00:10:96::/124" }, "kubernetes.serviceCidrV6", /use a \/108\.\.\/120/],
    [{ serviceCidrV4: "10.0.0.0/8" }, "kubernetes.serviceCidrV4", /is a \/8: .*use a \/12\.\.\/28/],
    [{ clusterCidrV4: "10.244.0.0/24" }, "kubernetes.clusterCidrV4", /is a \/24: SKS's node slice \/24 must be longer than the pod range's mask and at most 16 bits longer; use a \/8\.\.\/23/],
    [{ clusterCidrV4: "10.0.0.0/7" }, "kubernetes.clusterCidrV4", /use a \/8\.\.\/23/],
    [{ clusterCidrV6: "fd00:10:244::/64" }, "kubernetes.clusterCidrV6", /is a \/64: SKS's node slice \/64 .*use a \/48\.\.\/63/],
    [{ clusterCidrV6: "fd00::/40" }, "kubernetes.clusterCidrV6", /use a \/48\.\.\/63/],
    [{ nodeCidrMaskSizeV6: 80 }, "kubernetes.nodeCidrMaskSizeV6", /80 is not SKS's node slice \/64/],
    [{ nodeCidrMaskSizeV4: 26 }, "kubernetes.nodeCidrMaskSizeV4", /26 is not SKS's node slice \/24/],
    [{ serviceCidrV6: "fd1a:822:fb75:4000::/112" }, "kubernetes.serviceCidrV6", /overlaps kubernetes\.clusterCidrV6/],
    [{ serviceCidrV4: "10.42.0.0/20" }, "kubernetes.serviceCidrV4", /overlaps kubernetes\.clusterCidrV4 10\.42\.0\.0\/16/],
    [{ clusterCidrV6: "10.42.0.0/16" }, "kubernetes.clusterCidrV6", /./],
    [{ serviceCidrV4: "10.43.0.1/16" }, "kubernetes.serviceCidrV4", /./],
  ])("rejects %j naming %s", (overrides, key, message) => {
    const err = errorOf(() => sksNetworking(withK8s(overrides)));
    expect(err.key).toBe(key);
    expect(err.message).toMatch(message);
  });

  it("wants room for one node /24 per node in the IPv4 pod range", () => {
    expect(() => sksNetworking(withK8s({ clusterCidrV4: "10.42.0.0/23" }), 2)).not.toThrow();
    const err = errorOf(() => sksNetworking(withK8s({ clusterCidrV4: "10.42.0.0/23" }), 3));
    expect(err.key).toBe("kubernetes.clusterCidrV4");
    expect(err.message).toMatch(/holds 2 node \/24s for 3 nodes/);
  });

  it("names the plan key when the plan has no Kubernetes ranges", () => {
    expect(errorOf(() => sksNetworking({} as SksPlan)).key).toBe("kubernetes");
    expect(errorOf(() => sksNetworking(withK8s({ clusterCidrV6: undefined as unknown as string }))).key).toBe("kubernetes.clusterCidrV6");
  });
});

describe("checkSksArgs (pure)", () => {
  it("fills defaults: pro, 50 GB disks, a 30-day kubeconfig", () => {
    expect(checkSksArgs(ARGS)).toMatchObject({ level: "pro", diskSize: 50, ttlSeconds: 30 * 24 * 3600, nodeCount: 3, cni: "cilium", networking: sksNetworking(PLAN) });
  });

  it.each([
    [{ zone: "ch-zrh-1" }, "zone"],
    [{ name: "" }, "name"],
    [{ nodeCount: 0 }, "nodeCount"],
    [{ instanceType: "m7i large" }, "instanceType"],
    [{ version: "1.22.9" }, "version"],
    [{ version: "latest" }, "version"],
    [{ cni: "flannel" }, "cni"],
    [{ level: "enterprise" }, "level"],
    [{ diskSize: 10 }, "diskSize"],
    [{ kubeconfigTtlSeconds: 30 }, "kubeconfigTtlSeconds"],
    [{ plan: withK8s({ serviceCidrV6: "fd00::/64" }) }, "kubernetes.serviceCidrV6"],
  ])("rejects %j naming %s", (overrides, key) => {
    expect(errorOf(() => checkSksArgs({ ...ARGS, ...(overrides as Partial<SksDualStackClusterArgs>) })).key).toBe(key);
  });
});

describe("SksDualStackCluster (mocks)", () => {
  const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters:\n- name: sks-prod\n  cluster:\n    server: https://c1.sks-ch-gva-2.exo.io:443\n";
  const resources: MockResourceArgs[] = [];
  const secrets = new Map<string, string[]>();
  const of = (type: string) => resources.filter((r) => r.type === `pulumi-nodejs:dynamic/exoscale:${type}`);
  let info: jest.SpyInstance;

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          resources.push(args);
          const extra: Record<string, unknown> =
            args.type === "pulumi-nodejs:dynamic/exoscale:SksCluster"
              ? { endpoint: "https://c1.sks-ch-gva-2.exo.io:443", state: "running" }
              : args.type === "pulumi-nodejs:dynamic/exoscale:SksKubeconfig"
                ? { kubeconfig: KUBECONFIG, expiresAt: "2026-12-25T00:00:00.000Z" }
                : {};
          return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
        },
        call: () => ({}),
      },
      "dualstack",
      "test",
      false,
    );
    // The mock monitor ignores additionalSecretOutputs; record what each resource asks for.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: { getName(): string; getAdditionalsecretoutputsList(): string[] }, callback: unknown) => {
      secrets.set(req.getName(), req.getAdditionalsecretoutputsList());
      return register(req, callback);
    };
    info = jest.spyOn(pulumi.log, "info").mockImplementation(() => Promise.resolve());
  });
  afterAll(() => info.mockRestore());

  it("wires an SKS cluster with dual-stack networking, a dual nodepool and a secret kubeconfig", async () => {
    const c = new SksDualStackCluster("sks", ARGS);
    const kubeconfig = await new Promise<string>((resolve) => c.kubeconfig.apply(resolve));
    expect(kubeconfig).toBe(KUBECONFIG);
    expect(await pulumi.isSecret(c.kubeconfig)).toBe(true);
    expect(c.dualStack).toBe(true);

    const [cluster] = of("SksCluster");
    expect(of("SksCluster")).toHaveLength(1);
    expect(cluster.name).toBe("sks");
    expect(cluster.inputs).toMatchObject({ zone: "ch-gva-2", name: "sks-prod", level: "pro", version: "1.33.1", cni: "cilium", networking: sksNetworking(PLAN) });
    expect(cluster.inputs.networking.clusterCidr.split(",")).toHaveLength(2);

    const [pool] = of("SksNodepool");
    expect(pool.inputs).toMatchObject({ cluster: "sks-id", name: "sks-prod-nodes", size: 3, diskSize: 50, instanceType: "standard.medium", publicIpAssignment: "dual" });

    const [kc] = of("SksKubeconfig");
    expect(kc.inputs).toMatchObject({ zone: "ch-gva-2", cluster: "sks-id", user: "kube-admin", groups: ["system:masters"], ttlSeconds: 30 * 24 * 3600 });
    expect(kc.inputs.kubeconfig).toBeUndefined();
    expect(secrets.get("sks-kubeconfig")).toEqual(["kubeconfig"]);

    expect(info).toHaveBeenCalledWith(SKS_EXPERIMENTAL_NOTE, c);
    expect(SKS_EXPERIMENTAL_NOTE).toMatch(/EXPERIMENTAL/);
  });

  it("registers nothing for a bad plan", () => {
    const before = resources.length;
    expect(() => new SksDualStackCluster("bad", { ...ARGS, plan: withK8s({ serviceCidrV6: "fd00::/100" }) })).toThrow(/kubernetes\.serviceCidrV6/);
    expect(resources.length).toBe(before);
  });
});
