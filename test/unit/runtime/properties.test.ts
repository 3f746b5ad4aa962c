// Property tests over random plans: both runtimes render for every node, the
// k3s configs pass the checker and match the plan, Docker pools stay clear of
// the plan, every Service is dual-stack; a few random plans also go through
// the real `cloud-init schema` and `dockerd --validate`.
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { AddressPlan, PlanInput, planAddresses } from "../../../components/addressing";
import {
  checkK3sConfig,
  InputError,
  dockerCloudConfig,
  isDualStackService,
  K3S_DEFAULTS,
  k3sCloudConfig,
  k3sConfigs,
  DOCKER_DEFAULTS,
  renderDaemonJson,
  renderUserData,
  reservedRanges,
} from "../../../components/runtime";
import { APP_SOURCE, cloudInitSchema, dockerdValidate, ensureDockerd, scratch, TOKEN } from "./helpers";

const hex = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const group = (value: bigint) => value.toString(16);

const planInput: fc.Arbitrary<PlanInput> = fc
  .record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
    zones: fc.shuffledSubarray(["lpg1", "rma1", "gva2", "zrh1"], { minLength: 1, maxLength: 3 }),
    // 172.20/16 and 172.31/16 lie in 172.16/12, where Docker's pool is planned unless the plan uses it.
    supernet: fc.constantFrom("10.40.0.0/16", "10.200.0.0/16", "192.168.0.0/16", "172.20.0.0/16", "172.31.0.0/16", "100.64.0.0/16"),
    prefix: fc.oneof(
      fc.constant(undefined),
      hex(16).map((a) => ({ ipv6Prefix: `2001:db8:${group(a)}::/48`, ipv6PrefixSource: "operator" as const })),
      fc.tuple(hex(16), hex(8)).map(([a, b]) => ({ ipv6Prefix: `2600:1f18:${group(a)}:${group(b << 8n)}::/56`, ipv6PrefixSource: "provider" as const })),
    ),
    nodeCount: fc.integer({ min: 1, max: 8 }),
    clusterPrefixLengthV6: fc.option(fc.integer({ min: 50, max: 56 }), { nil: undefined }),
    servicePrefixLengthV6: fc.option(fc.integer({ min: 108, max: 120 }), { nil: undefined }),
  })
  .map((r) => ({
    name: r.name,
    ipv4Supernet: r.supernet,
    ...(r.prefix ? { ipv6Prefix: r.prefix.ipv6Prefix, ipv6PrefixSource: r.prefix.ipv6PrefixSource } : {}),
    zones: r.zones,
    nodeCount: r.nodeCount,
    ingressCount: 2,
    kubernetes: { clusterPrefixLengthV6: r.clusterPrefixLengthV6, servicePrefixLengthV6: r.servicePrefixLengthV6 },
  }));

const plans: fc.Arbitrary<AddressPlan> = planInput.map(planAddresses);
const collidesWithDockerPool = (plan: AddressPlan) => /^172\.(1[6-9]|2\d|3[01])\./.test(plan.ipv4Supernet);

test("k3s configs pass the checker and follow the plan, for every node", () => {
  fc.assert(
    fc.property(plans, fc.boolean(), (plan, ha) => {
      const servers = ha && plan.nodes.length >= 3 ? 3 : 1;
      const configs = k3sConfigs({ plan, token: TOKEN, servers });
      expect(configs).toHaveLength(plan.nodes.length);
      configs.forEach(({ node, role, config }, i) => {
        expect(checkK3sConfig(config, role)).toEqual([]);
        expect(role).toBe(i < servers ? "server" : "agent");
        expect(config["node-ip"]).toBe(`${node.ipv4},${node.ipv6}`);
        if (role === "server") expect(config["flannel-ipv6-masq"] === true).toBe(plan.kubernetes.podRangeIsUla);
      });
      expect(configs.filter((c) => c.config["cluster-init"]).length).toBe(servers === 3 ? 1 : 0);
    }),
    { numRuns: 200 },
  );
});

test("daemon.json: the plan's pools stay clear of the plan; a pool given instead that clashes is named", () => {
  fc.assert(
    fc.property(plans, (plan) => {
      for (const node of plan.nodes) {
        const { config } = renderDaemonJson(node, { avoid: reservedRanges(plan) });
        expect(config["fixed-cidr-v6"]).toBe(node.docker.fixedCidrV6);
        expect(config["default-address-pools"][0]).toEqual(node.docker.addressPoolV4);
        const withDefault = () => renderDaemonJson(node, { avoid: reservedRanges(plan), ipv4Pool: DOCKER_DEFAULTS.ipv4Pool });
        if (collidesWithDockerPool(plan)) {
          expect(withDefault).toThrow(InputError);
          expect(withDefault).toThrow(/ipv4Pool\.base: "172\.16\.0\.0\/12" overlaps ipv4Supernet/);
        } else {
          expect(withDefault).not.toThrow();
        }
      }
    }),
    { numRuns: 200 },
  );
});

test("every Service in every k3s server's user data is dual-stack", () => {
  fc.assert(
    fc.property(plans, fc.constantFrom("LoadBalancer" as const, "ClusterIP" as const), (plan, serviceType) => {
      const config = k3sCloudConfig({ plan, node: plan.nodes[0].name, token: TOKEN, app: { source: APP_SOURCE, serviceType } });
      const manifests = config.write_files.filter((f) => f.path.startsWith(K3S_DEFAULTS.manifestsDir));
      const services = manifests.flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS())).filter((o) => o.kind === "Service");
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) expect(isDualStackService(s)).toBe(true);
    }),
    { numRuns: 100 },
  );
});

describe("real tools over random plans", () => {
  const tmp = scratch("props");
  let bin: string;
  beforeAll(() => {
    bin = ensureDockerd();
  }, 30 * 60_000);
  afterAll(() => tmp.cleanup());

  test("cloud-init schema and dockerd --validate accept a random node's files", () => {
    fc.assert(
      fc.property(
        plans,
        fc.nat(),
        fc.constantFrom(undefined, "ens4"),
        (plan, pick, privateInterface) => {
          const node = plan.nodes[pick % plan.nodes.length];
          const servers = plan.nodes.length >= 3 ? 3 : 1;
          const texts = [
            renderUserData("docker", { plan, node: node.name, privateInterface, app: { source: APP_SOURCE } }),
            renderUserData("kubernetes", { plan, node: node.name, token: TOKEN, servers, privateInterface, app: { source: APP_SOURCE } }),
          ];
          for (const text of texts) {
            const r = cloudInitSchema(tmp.file("user-data.yaml", text));
            expect(r.output).toContain("Valid cloud-config");
          }
          const daemon = dockerCloudConfig({ plan, node: node.name, app: { source: APP_SOURCE } }).write_files.find((f) => f.path === "/etc/docker/daemon.json")!;
          const r = dockerdValidate(bin, tmp.file("daemon.json", daemon.content));
          expect(r.output).toContain("configuration OK");
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
