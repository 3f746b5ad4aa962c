// k3s config: the rendered configs for several plans and server counts, and
// checkK3sConfig (documented flags of k3s v1.33 + dual-stack rules) with
// negative cases, since no k3s binary is here to start.
import { planAddresses } from "../../../components/addressing";
import {
  checkK3sConfig,
  InputError,
  K3S_AGENT_FLAGS,
  K3S_SERVER_ONLY_FLAGS,
  k3sConfigFor,
  k3sConfigs,
  renderK3sConfig,
  renderK3sUserData,
} from "../../../components/runtime";
import { APP_SOURCE, PLANS, pyYamlLoad, TOKEN } from "./helpers";

const [ulaTitle, ula] = PLANS[0];
const [, operator] = PLANS[1];
const [, provider] = PLANS[2];
const [, tiny] = PLANS[3];

describe("rendered configs pass the checker and hold the plan", () => {
  const cases = PLANS.flatMap(([title, plan]) => (plan.nodes.length >= 3 ? [1, 3] : [1]).map((servers) => [title, servers, plan] as const));
  test.each(cases)("%s, %d server(s)", (_title, servers, plan) => {
    const configs = k3sConfigs({ plan, token: TOKEN, servers });
    expect(configs.map((c) => c.role)).toEqual(plan.nodes.map((_, i) => (i < servers ? "server" : "agent")));
    for (const { node, role, config } of configs) {
      // Through YAML and back, as k3s reads it.
      const read = pyYamlLoad(renderK3sConfig(config));
      expect(read).toEqual(config);
      expect(checkK3sConfig(read, role)).toEqual([]);
      expect(config["node-ip"]).toBe(`${node.ipv4},${node.ipv6}`);
      expect(config["node-name"]).toBe(node.name);
      expect(config.token).toBe(TOKEN);
      if (role === "server") {
        const k = plan.kubernetes;
        expect(config["cluster-cidr"]).toBe(`${k.clusterCidrV4},${k.clusterCidrV6}`);
        expect(config["service-cidr"]).toBe(`${k.serviceCidrV4},${k.serviceCidrV6}`);
        expect(config["flannel-ipv6-masq"]).toBe(k.podRangeIsUla ? true : undefined);
        expect(config["kube-controller-manager-arg"]).toEqual(["node-cidr-mask-size-ipv4=24", "node-cidr-mask-size-ipv6=64"]);
      }
    }
    const [first, ...rest] = configs;
    expect(first.config["cluster-init"]).toBe(servers === 3 ? true : undefined);
    expect(first.config.server).toBeUndefined();
    for (const c of rest) {
      expect(c.config.server).toBe(`https://${plan.nodes[0].ipv4}:6443`);
      expect(c.config["cluster-init"]).toBeUndefined();
    }
  });

  test("ULA pods masquerade, global pods do not; a provider /56 falls back to ULA pods", () => {
    expect(k3sConfigs({ plan: ula, token: TOKEN })[0].config["flannel-ipv6-masq"]).toBe(true);
    expect(k3sConfigs({ plan: operator, token: TOKEN })[0].config["flannel-ipv6-masq"]).toBeUndefined();
    expect(provider.kubernetes.podRangeIsUla).toBe(true);
    expect(k3sConfigs({ plan: provider, token: TOKEN })[0].config["flannel-ipv6-masq"]).toBe(true);
  });

  test("joining over IPv6, extra SANs, disabled components", () => {
    const configs = k3sConfigs({ plan: operator, token: TOKEN, servers: 3, joinFamily: 6, apiPort: 16443, tlsSans: ["k8s.example.net", "2001:DB8::10"], disable: [] });
    expect(configs[1].config.server).toBe(`https://[${operator.nodes[0].ipv6}]:16443`);
    expect(configs[0].config["tls-san"]).toEqual(["k8s.example.net", "2001:db8::10"]);
    expect(configs[0].config.disable).toBeUndefined();
    expect(k3sConfigs({ plan: operator, token: TOKEN })[0].config.disable).toEqual(["traefik"]);
  });

  test("k3sConfigFor finds one node", () => {
    expect(k3sConfigFor({ plan: ula, token: TOKEN, servers: 3 }, "node-3").role).toBe("server");
    expect(() => k3sConfigFor({ plan: ula, token: TOKEN }, "node-7")).toThrow(/node: "node-7" is not a node of plan "lab-ula"/);
  });
});

describe("server count", () => {
  test.each([0, 2, 4, 5, 1.5, "3"])("%p is refused", (servers) => {
    expect(() => k3sConfigs({ plan: ula, token: TOKEN, servers: servers as number })).toThrow(
      /^servers: .* is not a supported server count; use 1 \(single server\) or 3 \(HA with embedded etcd/,
    );
  });
  test("3 servers need 3 nodes", () => {
    expect(() => k3sConfigs({ plan: tiny, token: TOKEN, servers: 3 })).toThrow(/^servers: 3 exceeds the plan's 1 node\(s\); use at most 1, or plan more nodes$/);
  });
  test(`${ulaTitle}: 3 servers out of 3 nodes leave no agent`, () => {
    expect(k3sConfigs({ plan: ula, token: TOKEN, servers: 3 }).every((c) => c.role === "server")).toBe(true);
  });
});

describe("the token never leaks", () => {
  const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;
  let spies: jest.SpyInstance[];
  beforeEach(() => {
    spies = consoleMethods.map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));

  test("rendering logs nothing", () => {
    renderK3sUserData({ plan: operator, node: "node-1", token: TOKEN, servers: 3, app: { source: APP_SOURCE } });
    renderK3sUserData({ plan: operator, node: "node-4", token: TOKEN, servers: 3 });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  test.each([
    ["too short", "short-secret"],
    ["with a space", "0123456789abcdef 0123456789"],
    ["with a newline", "0123456789abcdef\nserver: https://evil:6443"],
  ])("an invalid token (%s) is not shown in the error", (_what, token) => {
    let error: unknown;
    try {
      k3sConfigs({ plan: ula, token });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = String((error as Error).message) + JSON.stringify(error);
    expect(message).toMatch(/^token: "\(secret, \d+ characters\)"/);
    expect(message).not.toContain(token);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  test("the checker does not echo a token either", () => {
    const problems = checkK3sConfig({ "node-ip": "10.0.0.1,fd00::1", server: "https://10.0.0.10:6443", token: "tiny-secret" }, "agent");
    expect(problems).toEqual([{ key: "token", value: "(secret)", problem: "is too short", expected: expect.any(String) }]);
  });
});

describe("checkK3sConfig: negative cases", () => {
  const server = () => ({ ...k3sConfigs({ plan: ula, token: TOKEN })[0].config }) as Record<string, unknown>;
  const agent = () => ({ ...k3sConfigs({ plan: ula, token: TOKEN })[1].config }) as Record<string, unknown>;
  const problemsOf = (config: Record<string, unknown>, role: "server" | "agent") => checkK3sConfig(config, role).map((p) => `${p.key}: ${p.problem}`);

  const cases: [string, "server" | "agent", (c: Record<string, unknown>) => void, RegExp][] = [
    ["an unknown key", "server", (c) => (c["cluster-cidrs"] = "10.42.0.0/16"), /^cluster-cidrs: is not a k3s option \(k3s server v1\.33\)$/],
    ["a server-only key on an agent", "agent", (c) => (c["cluster-cidr"] = "10.42.0.0/16,fd00:42::/56"), /^cluster-cidr: is a server-only option/],
    ["a bool as a string", "server", (c) => (c["flannel-ipv6-masq"] = "true"), /^flannel-ipv6-masq: is not a bool$/],
    ["a list of numbers", "server", (c) => (c["tls-san"] = [1, 2]), /^tls-san: is not a list$/],
    ["no node-ip", "agent", (c) => delete c["node-ip"], /^node-ip: is not set \(k3s does not pick a node's IPv6 address/],
    ["an IPv4-only node-ip", "server", (c) => (c["node-ip"] = "10.40.1.10"), /^node-ip: is single-stack \(IPv4 only\)$/],
    ["node-ip IPv6 first", "server", (c) => (c["node-ip"] = "fd00::10,10.40.1.10"), /^node-ip: has the families 6,4$/],
    ["node-ip with a prefix", "agent", (c) => (c["node-ip"] = "10.40.1.10/24,fd00::10"), /^node-ip: has "10\.40\.1\.10\/24", which is not an IPv4 or IPv6 address$/],
    ["no cluster-cidr", "server", (c) => delete c["cluster-cidr"], /^cluster-cidr: is not set \(k3s then runs IPv4-only, and dual-stack can only be chosen when the cluster is created\)$/],
    ["an IPv4-only service-cidr", "server", (c) => (c["service-cidr"] = "10.43.0.0/16"), /^service-cidr: is single-stack \(IPv4 only\)$/],
    ["two IPv6 pod ranges", "server", (c) => (c["cluster-cidr"] = "fd00:1::/56,fd00:2::/56"), /^cluster-cidr: has the families 6,6$/],
    ["host bits in a range", "server", (c) => (c["cluster-cidr"] = "10.42.0.1/16,fd00:42::/56"), /^cluster-cidr: has "10\.42\.0\.1\/16", which is not an IPv4 or IPv6 CIDR without host bits$/],
    ["an IPv6 service range of /100", "server", (c) => (c["service-cidr"] = "10.43.0.0/16,fd00:43::/100"), /IPv6 range fd00:43::\/100, larger than Kubernetes allows \(at most 20 host bits\)/],
    ["an IPv4 service range of /8", "server", (c) => (c["service-cidr"] = "10.0.0.0/8,fd00:43::/112"), /IPv4 range 10\.0\.0\.0\/8, larger than Kubernetes allows/],
    ["a /32 IPv6 pod range (node /64 is 32 bits longer)", "server", (c) => (c["cluster-cidr"] = "10.42.0.0/16,fd00::/32"), /node-cidr-mask-size-ipv6: does not fit the IPv6 pod range fd00::\/32: it must be 32\.\.48$/],
    ["a /7 IPv4 pod range with /24 nodes", "server", (c) => (c["cluster-cidr"] = "10.0.0.0/7,fd00:42::/56"), /node-cidr-mask-size-ipv4: does not fit the IPv4 pod range/],
    ["an IPv6 node mask of 80", "server", (c) => (c["kube-controller-manager-arg"] = ["node-cidr-mask-size-ipv6=80"]), /node-cidr-mask-size-ipv6: is not 64$/],
    ["ULA pods without masquerading", "server", (c) => delete c["flannel-ipv6-masq"], /^flannel-ipv6-masq: is not true, but the IPv6 pod range .* is ULA$/],
    ["pod and service ranges overlapping", "server", (c) => (c["service-cidr"] = "10.42.0.0/16,fd00:43::/112"), /^service-cidr: overlaps the pod range 10\.42\.0\.0\/16$/],
    ["a node address inside the pod range", "server", (c) => (c["node-ip"] = `10.42.0.5,${String(c["node-ip"]).split(",")[1]}`), /^node-ip: lies inside 10\.42\.0\.0\/16, a pod or service range$/],
    ["an agent without a server", "agent", (c) => delete c.server, /^server: is not set$/],
    ["a joiner without a token", "agent", (c) => delete c.token, /^token: is not set$/],
    ["an http server URL", "agent", (c) => (c.server = "http://10.40.1.10:6443"), /^server: is not a supervisor URL$/],
    ["an IPv6 server URL without brackets", "agent", (c) => (c.server = "https://fd00::1:6443"), /^server: is not a supervisor URL$/],
    ["cluster-init on a joiner", "server", (c) => ((c["cluster-init"] = true), (c.server = "https://10.40.1.10:6443")), /^cluster-init: is set on a node that joins another server$/],
  ];
  test.each(cases)("%s", (_what, role, breakIt, message) => {
    const config = role === "server" ? server() : agent();
    expect(problemsOf(config, role)).toEqual([]);
    breakIt(config);
    const problems = problemsOf(config, role);
    expect(problems.some((p) => message.test(p))).toBe(true);
  });

  test("not a mapping", () => {
    expect(checkK3sConfig(["node-ip"], "server")[0].problem).toBe("is not a mapping");
    expect(checkK3sConfig(null, "agent")[0].problem).toBe("is not a mapping");
  });

  test("the list form of list options is accepted too", () => {
    const c = server();
    c["cluster-cidr"] = String(c["cluster-cidr"]).split(",");
    c["node-ip"] = String(c["node-ip"]).split(",");
    expect(problemsOf(c, "server")).toEqual([]);
  });

  test("a plan the planner would refuse is caught when rendering", () => {
    const bad = { ...ula, kubernetes: { ...ula.kubernetes, serviceCidrV6: "fd00:43::/100" } };
    expect(() => k3sConfigs({ plan: bad, token: TOKEN })).toThrow(/^k3s config of node-1: service-cidr: .* larger than Kubernetes allows/);
  });
});

describe("the flag list", () => {
  test("has every key the renderer writes, on the right side", () => {
    const keys = new Set(k3sConfigs({ plan: operator, token: TOKEN, servers: 3, tlsSans: ["a.example"] }).flatMap((c) => Object.keys(c.config)));
    for (const key of keys) expect(key in K3S_AGENT_FLAGS || key in K3S_SERVER_ONLY_FLAGS).toBe(true);
    for (const key of ["cluster-cidr", "service-cidr", "flannel-ipv6-masq", "cluster-init", "tls-san", "disable", "kube-controller-manager-arg"]) {
      expect(K3S_SERVER_ONLY_FLAGS[key]).toBeDefined();
    }
    for (const key of ["node-ip", "node-name", "server", "token"]) expect(K3S_AGENT_FLAGS[key]).toBeDefined();
  });
  test("server and agent lists do not overlap", () => {
    expect(Object.keys(K3S_SERVER_ONLY_FLAGS).filter((k) => k in K3S_AGENT_FLAGS)).toEqual([]);
  });
  test("a plan with a global /48 renders for every node", () => {
    const plan = planAddresses({ name: "big", ipv4Supernet: "10.70.0.0/16", ipv6Prefix: "2001:db8:70::/48", zones: ["a", "b", "c"], nodeCount: 9, ingressCount: 3 });
    expect(k3sConfigs({ plan, token: TOKEN, servers: 3 })).toHaveLength(9);
  });
});
