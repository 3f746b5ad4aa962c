// The local lab's hosts.
import { LAB } from "../../../policies/lib/types";
import type { ResourceCase } from "../cases";
import { UNKNOWN_VALUE } from "../harness";

const host = { namespace: "ds-x-node-1", switchNamespace: "ds-x-switch", bridge: "br0", ifname: "eth0", peerIf: "vn1", forwarding: false, stateDir: "/run/dualstack/x/node-1" };

const engine = { namespace: "ds-x-node-1", root: "/run/dualstack/x/node-1/docker", binDir: "/cache/dockerd/bin" };
const engineConfig = { ipv6: true, "fixed-cidr-v6": "fd12:3456:789a:c000::/80", ip6tables: true, hosts: ["unix:///run/dualstack/x/node-1/docker/docker.sock"] };
const container = { namespace: "ds-x-node-1", socket: "/run/dualstack/x/node-1/docker/docker.sock", name: "demo-app", port: 8080, publishIpv4: "10.77.0.12" };
const appNetwork = { name: "dualstack", bridge: "ds-app0", subnetV6: "fd12:3456:789a:c000:1::/80", gatewayV6: "fd12:3456:789a:c000:1::1", containerV6: "fd12:3456:789a:c000:1::2" };

const cri = { namespace: "ds-x-node-1", root: "/run/dualstack/x/node-1/kubernetes", socket: "/run/dualstack/x/node-1/kubernetes/containerd/containerd.sock", cgroupParent: "ds-x-node-1" };
const cni = (subnets: string[][]) =>
  JSON.stringify({ cniVersion: "1.0.0", name: "dualstack", plugins: [{ type: "bridge", ipam: { type: "host-local", ranges: subnets.map((set) => set.map((subnet) => ({ subnet }))) } }] });

export const labResourceCases: ResourceCase[] = [
  { rule: "lab-host-dual-stack", title: "both families", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24", ipv6Cidr: "fd12:3456:789a::c/64" } },
  { rule: "lab-host-dual-stack", title: "no IPv6", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24" }, name: "node-1", violations: [/lab host "node-1" has no IPv6 address: set ipv6Cidr/] },
  { rule: "lab-host-dual-stack", title: "empty IPv6", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24", ipv6Cidr: "" }, violations: [/no IPv6 address/] },
  { rule: "lab-host-dual-stack", title: "IPv4 in the IPv6 field", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24", ipv6Cidr: "10.77.0.13/24" }, violations: [/ipv6Cidr "10\.77\.0\.13\/24" is not an IPv6 CIDR/] },
  { rule: "lab-host-dual-stack", title: "IPv6 only", type: LAB.host, props: { ...host, ipv6Cidr: "fd12:3456:789a::c/64" }, violations: [/has no IPv4 address: set ipv4Cidr/] },
  // previews: the decisive input is computed (unknown)

  { rule: "lab-host-dual-stack", title: "ipv6Cidr computed", type: LAB.host, props: { ...host, ipv4Cidr: "10.77.0.12/24", ipv6Cidr: UNKNOWN_VALUE }, unknown: true },

  { rule: "lab-docker-dual-stack", title: "engine with IPv6", type: LAB.dockerEngine, props: { ...engine, config: engineConfig } },
  { rule: "lab-docker-dual-stack", title: "engine with IPv6 off", type: LAB.dockerEngine, name: "node-1-docker", props: { ...engine, config: { ...engineConfig, ipv6: false } }, violations: [/lab Docker engine "node-1-docker" has IPv6 off/] },
  { rule: "lab-docker-dual-stack", title: "engine without fixed-cidr-v6", type: LAB.dockerEngine, props: { ...engine, config: { ipv6: true, ip6tables: true } }, violations: [/no IPv6 range for its default bridge/] },
  { rule: "lab-docker-dual-stack", title: "engine with ip6tables off", type: LAB.dockerEngine, props: { ...engine, config: { ...engineConfig, ip6tables: false } }, violations: [/"ip6tables": false/] },
  { rule: "lab-docker-dual-stack", title: "engine config computed", type: LAB.dockerEngine, props: { ...engine, config: UNKNOWN_VALUE }, unknown: true },
  { rule: "lab-docker-dual-stack", title: "container on an IPv6 network", type: LAB.container, props: { ...container, network: appNetwork } },
  { rule: "lab-docker-dual-stack", title: "container without IPv6", type: LAB.container, name: "node-1-app", props: { ...container, network: { name: "dualstack" } }, violations: [/lab container "node-1-app" has no IPv6 network/] },
  { rule: "lab-docker-dual-stack", title: "container network computed", type: LAB.container, props: { ...container, network: UNKNOWN_VALUE }, unknown: true },

  { rule: "lab-kubernetes-dual-stack", title: "node pods of both families", type: LAB.criRuntime, props: { ...cri, cniConfig: { dir: "/x", content: cni([["10.42.0.0/24"], ["fd12:3456:789a:4000::/64"]]) } } },
  { rule: "lab-kubernetes-dual-stack", title: "node pods IPv4 only", type: LAB.criRuntime, name: "node-1-containerd", props: { ...cri, cniConfig: { dir: "/x", content: cni([["10.42.0.0/24"]]) } }, violations: [/lab Kubernetes node "node-1-containerd" gives pods no IPv6 address/] },
  { rule: "lab-kubernetes-dual-stack", title: "node pods IPv6 only", type: LAB.criRuntime, props: { ...cri, cniConfig: { dir: "/x", content: cni([["fd12:3456:789a:4000::/64"]]) } }, violations: [/gives pods no IPv4 address/] },
  { rule: "lab-kubernetes-dual-stack", title: "CNI config not JSON", type: LAB.criRuntime, props: { ...cri, cniConfig: { dir: "/x", content: "{" } }, violations: [/CNI config is not JSON/] },
  { rule: "lab-kubernetes-dual-stack", title: "CNI config computed", type: LAB.criRuntime, props: { ...cri, cniConfig: UNKNOWN_VALUE }, unknown: true },
];
