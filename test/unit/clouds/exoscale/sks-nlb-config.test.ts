// SKS clusters and nodepools, the NLB's IPv6 refusal, and provider settings from stack config.
import { settingsFromConfig, useSettings } from "../../../../components/clouds/exoscale/config";
import { NLB_IPV6_REFUSAL, NLB_NOT_MANAGED, provider as nlb } from "../../../../components/clouds/exoscale/providers/nlb-service";
import { provider as securityGroup } from "../../../../components/clouds/exoscale/providers/security-group";
import { provider as cluster, SksClusterInputs } from "../../../../components/clouds/exoscale/providers/sks-cluster";
import { provider as nodepool } from "../../../../components/clouds/exoscale/providers/sks-nodepool";
import { useFakeExoscale } from "./helpers";

const fake = useFakeExoscale();

const sks = (over: Partial<SksClusterInputs> = {}): SksClusterInputs => ({
  zone: "ch-gva-2",
  name: "k8s",
  level: "pro",
  version: "1.33.1",
  cni: "cilium",
  networking: { clusterCidr: "10.244.0.0/16,fd00:10:244::/56", serviceClusterIpRange: "10.96.0.0/12,fd00:10:96::/112" },
  labels: { "dualstack-id": "p/s/k8s" },
  ...over,
});
const reasons = async (p: typeof cluster, news: object) => ((await p.check!({}, news)).failures ?? []).map((f) => f.reason).join("\n");

describe("exoscale SksCluster and SksNodepool", () => {
  it("creates a dual-stack cluster and a dual nodepool, scales it in place, deletes both", async () => {
    const c = await cluster.create!(sks());
    expect(fake.objects().sksClusters[0].networking).toEqual({ "cluster-cidr": "10.244.0.0/16,fd00:10:244::/56", "service-cluster-ip-range": "10.96.0.0/12,fd00:10:96::/112" });
    expect((await cluster.read!(c.id, c.outs)).props).toEqual(c.outs);
    const np = await nodepool.create!({ cluster: c.id, name: "workers", size: 3, diskSize: 50, instanceType: "standard.medium", publicIpAssignment: "dual", labels: { "dualstack-id": "p/s/workers" } });
    expect(fake.objects().sksClusters[0].nodepools[0]).toMatchObject({ size: 3, "public-ip-assignment": "dual" });
    const grown = { ...np.outs, size: 5 };
    expect(await nodepool.diff!(np.id, np.outs, grown)).toMatchObject({ changes: true, replaces: [] });
    await nodepool.update!(np.id, np.outs, grown);
    expect(fake.objects().sksClusters[0].nodepools[0].size).toBe(5);
    await nodepool.delete!(np.id, np.outs);
    await cluster.delete!(c.id, c.outs);
    expect(fake.count()).toBe(0);
  });

  it("adopts a nodepool whose create response was lost", async () => {
    const c = await cluster.create!(sks());
    fake.inject({ route: "POST /sks-cluster/*/nodepool", kind: "lost" });
    const np = await nodepool.create!({ cluster: c.id, name: "w", size: 1, diskSize: 20, instanceType: "standard.small", publicIpAssignment: "dual", labels: { "dualstack-id": "p/s/w" } });
    expect(fake.objects().sksClusters[0].nodepools.map((n) => n.id)).toEqual([np.id]);
  });

  it.each([
    [{ networking: { clusterCidr: "10.0.0.0/16,10.1.0.0/16" } }, /networking\.clusterCidr: "10\.0\.0\.0\/16,10\.1\.0\.0\/16" is not valid; expected one CIDR or "<IPv4 CIDR>,<IPv6 CIDR>"/],
    [{ networking: { serviceClusterIpRange: "10.96.0.0/12,fd00::/64" } }, /IPv6 service range must be no larger than a \/108/],
    [{ level: "enterprise" }, /level: "enterprise" is not valid; expected one of: starter, pro/],
    [{ cni: "flannel" }, /cni: "flannel" is not valid/],
  ])("cluster check() rejects %j", async (over, message) => {
    expect(await reasons(cluster, sks(over as Partial<SksClusterInputs>))).toMatch(message);
  });

  it("nodepool check() wants diskSize >= 20 and publicIpAssignment inet4|dual", async () => {
    const r = await reasons(nodepool, { cluster: "c", name: "w", size: 1, diskSize: 10, instanceType: "standard.small", publicIpAssignment: "none" });
    expect(r).toMatch(/diskSize: 10 is not valid; expected an integer in 20\.\.51200/);
    expect(r).toMatch(/publicIpAssignment: "none" is not valid; expected one of: inet4, dual/);
  });
});

describe("exoscale NlbService", () => {
  const svc = { zone: "ch-gva-2", name: "ingress", protocol: "tcp", port: 443, targetPort: 443 };
  it("refuses an IPv6 VIP at check(), pointing to managed elastic IPs", async () => {
    for (const news of [{ ...svc, addressFamily: "inet6" }, { ...svc, addressFamily: "inet4", vip: "2001:db8::1" }]) {
      const r = await nlb.check!({}, news);
      expect(r.failures).toHaveLength(1);
      expect(r.failures![0].reason).toBe(NLB_IPV6_REFUSAL);
    }
    expect(NLB_IPV6_REFUSAL).toBe(
      "Exoscale's network load balancer has an IPv4 VIP only; for dual-stack ingress use managed elastic IPs (inet4 + inet6) with health checks on the ingress instances",
    );
  });

  it("refuses an IPv4 service too: the project's Exoscale ingress is managed elastic IPs, not the NLB", async () => {
    const r = await nlb.check!({}, { ...svc, addressFamily: "inet4" });
    expect(r.failures).toEqual([{ property: "addressFamily", reason: NLB_NOT_MANAGED }]);
    expect(NLB_NOT_MANAGED).toMatch(/IPv4-only and not managed by dualstack.*managed elastic IPs/);
  });

  it("reports plain input errors first, so the operator fixes the value they typed", async () => {
    const r = await nlb.check!({}, { ...svc, addressFamily: "inet4", port: 0 });
    expect(r.failures!.map((f) => f.property)).toEqual(["port"]);
  });
});

describe("exoscale provider settings from stack config", () => {
  const config = (values: Record<string, string>) => ({ get: (k: string) => values[k], require: (k: string) => values[k] });

  it("reads key, secret, zone and apiUrl from configure()'s config; defaults the zone and honours the env endpoint", () => {
    const s = settingsFromConfig(config({ "dualstack:exoscaleApiKey": "EXOk", "dualstack:exoscaleApiSecret": "sec", "dualstack:exoscale": '{"zone":"de-fra-1","apiUrl":"http://127.0.0.1:1/v2"}' }), {});
    expect(s).toMatchObject({ credentials: { key: "EXOk", secret: "sec" }, zone: "de-fra-1", apiUrl: "http://127.0.0.1:1/v2", missing: [], problems: [] });
    const d = settingsFromConfig(config({ "dualstack:exoscaleApiKey": "EXOk", "dualstack:exoscaleApiSecret": "sec" }), { EXOSCALE_API_ENDPOINT: "http://[::1]:2/v2" });
    expect(d).toMatchObject({ zone: "ch-gva-2", apiUrl: "http://[::1]:2/v2" });
    expect(settingsFromConfig(config({ "dualstack:exoscale": '{"zone":"eu-west-1"}' }), {}).problems[0]).toMatch(/dualstack:exoscale\.zone: "eu-west-1" is not an Exoscale zone; valid: ch-gva-2/);
  });

  it("fails check() naming the missing keys and the command to set them, without echoing any value", async () => {
    useSettings(settingsFromConfig(config({ "dualstack:exoscaleApiKey": "EXOvisible" }), {}));
    const r = await securityGroup.check!({}, { name: "web" });
    const text = r.failures!.map((f) => f.reason).join("\n");
    expect(text).toMatch(/missing stack config dualstack:exoscaleApiSecret: set `pulumi config set --secret dualstack:exoscaleApiSecret <value>`/);
    expect(text).not.toContain("EXOvisible");
    await expect(securityGroup.create!({ name: "web" })).rejects.toThrow(/dualstack:exoscaleApiSecret/);
  });
});
