// The lab cluster's renderers: the control plane's ranges are the ones k3s
// is configured with on the clouds, every node's CNI network hands out its
// planned pod ranges, and nothing is told to touch the machine.
import fc from "fast-check";
import { planAddresses, type AddressPlan } from "../../../components/addressing";
import { controlPlaneAddress, labHaproxyArgs, LAB_NODE_PORT, nodeRoutes } from "../../../components/lab/adapter";
import { apiserverSans, controlPlane } from "../../../components/lab/kubernetes/control-plane";
import { renderKubeconfig } from "../../../components/lab/kubernetes/kubeconfig";
import { renderCniConfig, renderContainerdConfig, renderKubeletConfig, renderKubeProxyConfig } from "../../../components/lab/kubernetes/node-config";
import { apiTunnelPort, controlPlaneDirs, nodeDirs } from "../../../components/lab/kubernetes/paths";
import { pkiPaths } from "../../../components/lab/kubernetes/pki-layout";
import { DEFAULT_INGRESS_SETTINGS } from "../../../components/ingress";
import { k3sConfigs } from "../../../components/runtime/kubernetes/k3s-config";
import { parse } from "yaml";

const lab: AddressPlan = planAddresses({ name: "unit-k8s", ipv4Supernet: "10.92.0.0/16", zones: ["lab"], nodeCount: 3, ingressCount: 2, tiers: { ingress: "lab", nodes: "lab" } });
const dirs = controlPlaneDirs("/run/dualstack/unit-k8s/control-plane");
const pki = pkiPaths(dirs.pki);

/** `--name=value` flags as a map. */
function flagMap(args: string[]): Map<string, string> {
  return new Map(args.map((a) => /^--([^=]+)=(.*)$/s.exec(a)!.slice(1, 3) as [string, string]));
}

describe("lab control plane", () => {
  const host = controlPlaneAddress(lab);

  it("runs on its own host at offset 8 of the first node's network, clear of every planned address", () => {
    const taken = [...lab.nodes, ...lab.ingress.hosts].flatMap((h) => [h.ipv4, h.ipv6]);
    expect(taken).not.toContain(host.ipv4);
    expect(taken).not.toContain(host.ipv6);
    expect([lab.ingress.vips.ipv4, lab.ingress.vips.ipv6]).not.toContain(host.ipv4);
    expect(host.ipv4.endsWith(".8")).toBe(true);
  });

  it("gives the apiserver and controller-manager exactly the ranges the clouds' k3s servers get, for random plans", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 11, max: 99 }), fc.option(fc.integer({ min: 50, max: 56 }), { nil: undefined }), (nodes, octet, podLength) => {
        const plan = planAddresses({
          name: `p${octet}`,
          ipv4Supernet: `${octet}.0.0.0/16`,
          zones: ["lab"],
          nodeCount: nodes,
          ingressCount: 2,
          tiers: { ingress: "lab", nodes: "lab" },
          ...(podLength ? { kubernetes: { clusterPrefixLengthV6: podLength } } : {}),
        });
        const server = k3sConfigs({ plan, token: "t".repeat(32) })[0].config;
        const cp = controlPlane(plan, controlPlaneAddress(plan), pki, dirs);
        const api = flagMap(cp.apiserver);
        const cm = flagMap(cp.controllerManager);
        expect(api.get("service-cluster-ip-range")).toBe(server["service-cidr"]);
        expect(cm.get("service-cluster-ip-range")).toBe(server["service-cidr"]);
        expect(cm.get("cluster-cidr")).toBe(server["cluster-cidr"]);
        for (const arg of server["kube-controller-manager-arg"]!) {
          const [k, v] = arg.split("=");
          expect(cm.get(k)).toBe(v);
        }
        expect(cm.get("allocate-node-cidrs")).toBe("true");
      }),
      { numRuns: 40, seed: 1419398632 },
    );
  });

  it("talks TLS everywhere with the cluster's own certificates, and serves the API on both families", () => {
    const cp = controlPlane(lab, host, pki, dirs);
    const api = flagMap(cp.apiserver);
    expect(api.get("bind-address")).toBe("::");
    expect(api.get("advertise-address")).toBe(host.ipv4);
    expect(api.get("etcd-servers")).toMatch(/^https:/);
    expect(api.get("client-ca-file")).toBe(pki.ca.cert);
    expect(api.get("authorization-mode")).toBe("Node,RBAC");
    const etcd = flagMap(cp.etcd);
    expect(etcd.get("client-cert-auth")).toBe("true");
    expect(cp.serverUrl).toBe(`https://${host.ipv4}:6443`);
    expect(apiserverSans(host, ["10.43.0.1", "fd00::1"]).ips).toEqual([host.ipv4, host.ipv6, "127.0.0.1", "::1", "10.43.0.1", "fd00::1"]);
  });

  it("writes kubeconfigs that name certificate files and hold no key material", () => {
    const text = renderKubeconfig({ cluster: "lab", server: "https://127.0.0.1:16443", caFile: pki.ca.cert, user: "admin", client: pki.admin });
    const doc = parse(text);
    expect(doc.users[0].user).toEqual({ "client-certificate": pki.admin.cert, "client-key": pki.admin.key });
    expect(text).not.toMatch(/PRIVATE KEY|-data:/);
  });

  it("picks one tunnel port per stack name, in 16000..16999", () => {
    expect(apiTunnelPort("local")).toBe(apiTunnelPort("local"));
    expect(apiTunnelPort("local")).not.toBe(apiTunnelPort("itest-k8s"));
    for (const s of ["a", "local", "itest-k8s", "x".repeat(40)]) expect(apiTunnelPort(s)).toBeGreaterThanOrEqual(16000);
  });
});

describe("lab Kubernetes nodes", () => {
  const node = lab.nodes[1];
  const d = nodeDirs("/run/dualstack/unit-k8s/node-2");

  it("hands out the node's planned IPv4 and IPv6 pod ranges, unmasqueraded, with default routes of both families", () => {
    const cni = JSON.parse(renderCniConfig(node, d));
    const bridge = cni.plugins[0];
    expect(bridge.ipam.ranges).toEqual([[{ subnet: node.podCidrV4 }], [{ subnet: node.podCidrV6 }]]);
    expect(bridge.ipMasq).toBe(false);
    expect(bridge.ipam.routes).toEqual([{ dst: "0.0.0.0/0" }, { dst: "::/0" }]);
    expect(bridge.ipam.dataDir.startsWith(d.root)).toBe(true);
  });

  it("keeps containerd's files, sockets and CNI config inside the node's directory", () => {
    const toml = renderContainerdConfig(d, "dualstack/pause:abc");
    for (const line of toml.split("\n").filter((l) => /(root|state|address|path|conf_dir) = /.test(l) && !l.includes('""'))) {
      expect(line).toContain(d.root);
    }
    expect(toml).toContain('sandbox_image = "dualstack/pause:abc"');
    expect(toml).toContain("restrict_oom_score_adj = true");
  });

  it("tells the kubelet and kube-proxy to leave the machine's cgroups, netfilter and conntrack alone", () => {
    const kubelet = parse(renderKubeletConfig(d, { caFile: pki.ca.cert, node: pki.node(node.name) }, "/ds-unit-k8s-node-2"));
    expect(kubelet).toMatchObject({ failCgroupV1: false, cgroupDriver: "cgroupfs", cgroupsPerQOS: false, makeIPTablesUtilChains: false, cgroupRoot: "/ds-unit-k8s-node-2" });
    expect(kubelet.containerRuntimeEndpoint).toBe(`unix://${d.containerd.socket}`);
    const proxy = parse(renderKubeProxyConfig(node, "10.42.0.0/16,fd00::/56", "/k"));
    expect(proxy.conntrack).toEqual({ maxPerCore: 0, min: 0, tcpEstablishedTimeout: "0s", tcpCloseWaitTimeout: "0s" });
    expect(proxy.iptables.localhostNodePorts).toBe(false);
    expect(proxy.clusterCIDR).toBe("10.42.0.0/16,fd00::/56");
  });

  it("routes every node's two pod ranges via that node on the other lab hosts", () => {
    const routes = nodeRoutes(lab, "kubernetes", "node-1");
    expect(routes).toEqual(
      lab.nodes.slice(1).flatMap((n) => [
        { to: n.podCidrV4, via: n.ipv4 },
        { to: n.podCidrV6, via: n.ipv6 },
      ]),
    );
  });

  it("sends HAProxy to every node's NodePort over both families", () => {
    const args = labHaproxyArgs(lab, { ...DEFAULT_INGRESS_SETTINGS, statsSocket: "/s" }, "kubernetes");
    expect(args.servers).toEqual(lab.nodes.map((n) => ({ name: n.name, ipv4: n.ipv4, ipv6: n.ipv6, port: LAB_NODE_PORT })));
  });
});
