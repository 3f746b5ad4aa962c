// What a lab Kubernetes node runs, as files: containerd's config (CRI plugin
// on, runc, the node's own root/state/socket), the CNI network (Debian's
// bridge + host-local with the node's planned IPv4 and IPv6 pod ranges), the
// kubelet's and kube-proxy's configs. Everything stays inside the node:
// kubelet and kube-proxy run in its network namespace, neither touches the
// machine's sysctls, netfilter or conntrack limits. Pure.
import type { PlannedNode } from "../../addressing";
import { toYaml } from "../../runtime/yaml";
import { CLUSTER_DOMAIN } from "./control-plane";
import type { Pair } from "./kubeconfig";
import { CNI_BIN_DIR, type NodeDirs } from "./paths";

export const CNI_NETWORK = "dualstack";
/** The node's bridge for its pods (each node has its own namespace, so the name repeats). */
export const POD_BRIDGE = "cni0";

/** containerd 1.6 config (version 2 schema) for one node. */
export function renderContainerdConfig(dirs: NodeDirs, sandboxImage: string): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return [
    "version = 2",
    `root = ${JSON.stringify(dirs.containerd.root)}`,
    `state = ${JSON.stringify(dirs.containerd.state)}`,
    "",
    "[grpc]",
    `  address = ${JSON.stringify(dirs.containerd.socket)}`,
    "",
    // Docker's own containerd may run on this machine too: no shared debug or metrics socket.
    "[ttrpc]",
    `  address = ${JSON.stringify(`${dirs.containerd.socket}.ttrpc`)}`,
    "",
    `[${cri}]`,
    `  sandbox_image = ${JSON.stringify(sandboxImage)}`,
    // The machine cannot lower oom_score_adj; runc fails unless the CRI keeps it.
    "  restrict_oom_score_adj = true",
    "  disable_apparmor = true",
    "  enable_selinux = false",
    // Pod network namespaces under the node's state, not the machine's /var/run/netns.
    "  netns_mounts_under_state_dir = true",
    `[${cri}.containerd]`,
    '  snapshotter = "overlayfs"',
    '  default_runtime_name = "runc"',
    `[${cri}.containerd.runtimes.runc]`,
    '  runtime_type = "io.containerd.runc.v2"',
    `[${cri}.containerd.runtimes.runc.options]`,
    "  SystemdCgroup = false",
    // runc's container state under the node's directory, not /run/containerd/runc.
    `  Root = ${JSON.stringify(`${dirs.containerd.state}/runc`)}`,
    `[${cri}.cni]`,
    `  bin_dir = ${JSON.stringify(CNI_BIN_DIR)}`,
    `  conf_dir = ${JSON.stringify(dirs.cniConfDir)}`,
    "  max_conf_num = 1",
    // Images only ever come from the node's own imports: no registry is reachable.
    `[${cri}.registry]`,
    '  config_path = ""',
    "",
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${JSON.stringify(`${dirs.root}/opt`)}`,
    "",
  ].join("\n");
}

/**
 * The CNI network: a bridge with the node's gateway addresses in both pod
 * ranges, host-local handing out one address of each family per pod, default
 * routes of both families through the bridge. No masquerading: every lab host
 * routes the pod ranges to their node, so pods see their clients' addresses.
 */
export function renderCniConfig(node: PlannedNode, dirs: NodeDirs): string {
  return JSON.stringify(
    {
      cniVersion: "1.0.0",
      name: CNI_NETWORK,
      plugins: [
        {
          type: "bridge",
          bridge: POD_BRIDGE,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: "host-local",
            dataDir: dirs.cniDataDir,
            ranges: [[{ subnet: node.podCidrV4 }], [{ subnet: node.podCidrV6 }]],
            routes: [{ dst: "0.0.0.0/0" }, { dst: "::/0" }],
          },
        },
        { type: "portmap", capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  ) + "\n";
}

export interface KubeletFiles {
  caFile: string;
  /** The node's certificate: the kubelet serves with it and is a client with it. */
  node: Pair;
}

/** KubeletConfiguration for a lab node (cgroup v1 machine, no systemd, nothing machine-wide). */
export function renderKubeletConfig(dirs: NodeDirs, files: KubeletFiles, cgroupRoot: string): string {
  return toYaml({
    apiVersion: "kubelet.config.k8s.io/v1beta1",
    kind: "KubeletConfiguration",
    // The machine has cgroup v1 hierarchies; 1.35+ refuses them unless told.
    failCgroupV1: false,
    cgroupDriver: "cgroupfs",
    cgroupsPerQOS: false,
    // The node's pods go into one cgroup per hierarchy, which delete removes.
    cgroupRoot,
    enforceNodeAllocatable: [],
    // Netfilter is kube-proxy's, inside the node; the kubelet keeps out of it.
    makeIPTablesUtilChains: false,
    evictionHard: {},
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    failSwapOn: false,
    containerRuntimeEndpoint: `unix://${dirs.containerd.socket}`,
    // Only the lab's own imported images exist; never try a registry.
    serializeImagePulls: false,
    address: "::",
    port: 10250,
    healthzBindAddress: "127.0.0.1",
    healthzPort: 10248,
    readOnlyPort: 0,
    tlsCertFile: files.node.cert,
    tlsPrivateKeyFile: files.node.key,
    rotateCertificates: false,
    serverTLSBootstrap: false,
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: files.caFile } },
    authorization: { mode: "Webhook" },
    clusterDomain: CLUSTER_DOMAIN,
    // No cluster DNS in the lab: pods get the node's resolv.conf.
    resolvConf: "",
    protectKernelDefaults: false,
    localStorageCapacityIsolation: false,
    // Status every 4 s: Ready shows up quickly, the lab is one machine.
    nodeStatusUpdateFrequency: "4s",
    syncFrequency: "10s",
  });
}

/** The kubelet's flags (what its config file cannot say). */
export function kubeletArgs(node: PlannedNode, dirs: NodeDirs, configFile: string, kubeconfig: string): string[] {
  return [
    `--config=${configFile}`,
    `--kubeconfig=${kubeconfig}`,
    `--root-dir=${dirs.kubeletRoot}`,
    `--hostname-override=${node.name}`,
    // Both families on the Node object, IPv4 first like the ranges.
    `--node-ip=${node.ipv4},${node.ipv6}`,
    "--v=1",
  ];
}

/** KubeProxyConfiguration: iptables mode in the node's namespace, no machine-wide sysctl. */
export function renderKubeProxyConfig(node: PlannedNode, clusterCidr: string, kubeconfig: string): string {
  return toYaml({
    apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
    kind: "KubeProxyConfiguration",
    clientConnection: { kubeconfig },
    hostnameOverride: node.name,
    mode: "iptables",
    clusterCIDR: clusterCidr,
    bindAddress: "::",
    healthzBindAddress: "127.0.0.1:10256",
    metricsBindAddress: "127.0.0.1:10249",
    // nf_conntrack_max is machine-wide: leave it and the timeouts as they are.
    conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: "0s", tcpCloseWaitTimeout: "0s" },
    // route_localnet would be set for NodePorts on 127.0.0.1: not wanted.
    iptables: { localhostNodePorts: false, masqueradeAll: false },
    nodePortAddresses: ["primary"],
  });
}
