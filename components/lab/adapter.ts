// The cluster in the local lab: a Linux bridge in its own namespace as the
// network (plus a client namespace on it to test from), a namespace per
// host with its planned IPv4 + IPv6 on a veth into the switch, a real Docker
// Engine on every node running the demo app as a container (IPv6 routed to
// it, IPv4 published), and HAProxy + keepalived on the ingress hosts. The entry
// point is the plan's VIPs, moved on the wire by keepalived (VRRPv3, one
// instance per family in a sync group): no resource of its own. Configs
// come from the same renderers the clouds use.
import { createHash } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, type AddressPlan, type PlannedHost, type PlannedIngressHost, type PlannedNode } from "../addressing";
import type { AdapterTypes, CloudAdapter, EntryAddresses, HostRequest } from "../cluster";
import { keepalivedArgsFromPlan, renderKeepalivedConfig } from "../failover";
import { DEFAULT_INGRESS_SETTINGS, HAPROXY_DEFAULTS, haproxyArgsFromPlan, renderHaproxyConfig } from "../ingress";
import type { ConfigProblem } from "../problems";
import type { NodeRuntime } from "../runtime/node-runtime";
import { APP_CONTAINER, appNetworkOf, defaultRecipe, imageTag, recipeHash, type ImageRecipe } from "./docker/app";
import { labDaemonJson } from "./docker/daemon-config";
import { cgroupParentOf, dockerdBinDir, engineDirs, imageCacheDir } from "./docker/paths";
import type { StaticRoute } from "./linux/routes";
import { labControlPlane, labKubeNode, type LabKubeNode, type LabKubernetes } from "./kubernetes/cluster";
import { kubernetesBinDir } from "./kubernetes/paths";
import { labNames, type LabNames } from "./names";
import { Container, DockerEngine, Host, Process, Switch } from "./resources";

/** What the lab's nodes run: a Docker Engine each, or a real Kubernetes (the lab's own control plane). */
export type LabRuntime = "docker" | "kubernetes";

/** The lab's runtimes; k3s is the clouds'. */
export const LAB_RUNTIME_PROBLEM: ConfigProblem = {
  key: "dualstack:runtime",
  value: "k3s",
  message: "is not a lab runtime: lab nodes run docker, or kubernetes from the upstream components",
};

export interface LabAdapterArgs {
  advertIntervalSeconds: number;
  /** The ingress daemons' binaries (default: haproxy and keepalived on PATH); a new one means a restart, with the VIPs handed over first. */
  haproxy?: string;
  keepalived?: string;
  /** Where the Kubernetes components and etcd are (default: the cache scripts/kubernetes.sh builds into). */
  kubernetesBinDir?: string;
  appPort: number;
  /** Override of /run/dualstack, for tests. */
  stateRoot?: string;
  /** Where dockerd is (default: the cache scripts/validators/dockerd.sh builds into). */
  dockerdBinDir?: string;
  /** The demo image's contents (default: this machine's Node.js and busybox, apps/demo-app). */
  image?: ImageRecipe;
}

/** keepalived's handover file in an ingress host's state dir (see providers/handover.ts). */
const HANDOVER_FILE = "handover";

/** The client sits at offset 9 of the ingress network: below the hosts (10+), above the VIP (4). */
export const CLIENT_OFFSET = 9;

export interface LabNetwork {
  names: LabNames;
  lanSwitch: Switch;
  /** The namespace the dual-stack checks run from. */
  client: Host;
  /** runtime kubernetes: the control plane, and the engine's provider for it. */
  kubernetes?: LabKubernetes;
}

/** What runs on a lab host: processes in its namespace, or a Docker Engine with the app's container. */
export interface LabRunning {
  processes: Process[];
  /** runtime kubernetes: the node's containerd, kubelet and kube-proxy. */
  kube?: LabKubeNode;
  engine?: DockerEngine;
  container?: Container;
  /** The engine's API socket, known before the engine exists. */
  socket?: string;
}

/** What a lab host runs, made once its namespace exists. */
export interface LabSoftware {
  /** Whether the host forwards between its interfaces (a Docker node routes to its containers' bridge). */
  forwarding: boolean;
  /** An ingress host's VIPs, taken even while a peer holds them (HostProps.acceptedVips). */
  acceptedVips?: string[];
  start(host: Host, stateDir: string, name: string, parent: pulumi.Resource): LabRunning;
}

export interface LabHost extends LabRunning {
  host: Host;
  /** Lab hosts sit on the lab's own networks only. */
  publicIpv4: undefined;
  publicIpv6: undefined;
}

export interface LabTypes extends AdapterTypes {
  network: LabNetwork;
  placement: undefined;
  software: LabSoftware;
  entry: EntryAddresses;
  host: LabHost;
}

/** The lab builds its own Kubernetes from the upstream components; k3s and managed clusters are the clouds'. */
export const LAB_KUBERNETES_MODE_PROBLEM: ConfigProblem = {
  key: "dualstack:kubernetes.mode",
  value: "managed",
  message:
    "is not available on the local lab: with runtime kubernetes the lab runs the upstream components itself " +
    "(etcd, kube-apiserver, controller-manager, scheduler, and kubelet + containerd + kube-proxy per node); leave mode unset here",
};

/** The Service's NodePort on every lab node, both families: HAProxy's backends with runtime kubernetes. */
export const LAB_NODE_PORT = 30080;

/** The control-plane host's offset in the first node's network: below the hosts (10+), beside the client (9). */
export const CONTROL_PLANE_OFFSET = 8;

type AddressedHost = Pick<PlannedHost, "ipv4" | "ipv6" | "ipv4PrefixLength" | "ipv6PrefixLength">;

export class LabAdapter implements CloudAdapter<LabTypes> {
  readonly cloud = "the local lab";

  /** The demo image, hashed once per program (every node runs the same one). */
  private image?: { recipe: ImageRecipe; hash: string };

  constructor(private readonly a: LabAdapterArgs) {}

  private demoImage(): { recipe: ImageRecipe; hash: string } {
    if (!this.image) {
      const recipe = this.a.image ?? defaultRecipe();
      this.image = { recipe, hash: recipeHash(recipe) };
    }
    return this.image;
  }

  /** What the nodes run, from the cluster's runtime (docker until network() is called). */
  private runtime: LabRuntime = "docker";

  /** The cluster of runtime kubernetes, made with the network (nodes join it). */
  private cluster?: LabKubernetes;

  /** The demo app's image tag, as every node's engine or containerd holds it. */
  demoImageTag(): string {
    return imageTag(this.demoImage().hash);
  }

  preflight(_plan: AddressPlan, runtime: NodeRuntime): ConfigProblem[] {
    return runtime.kind === "k3s" ? [LAB_RUNTIME_PROBLEM] : [];
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource, runtime?: NodeRuntime): LabNetwork {
    this.runtime = runtime?.kind === "kubernetes" ? "kubernetes" : "docker";
    const names = labNames(plan.name, this.a.stateRoot);
    const lanSwitch = new Switch(`${prefix}-switch`, { namespace: names.switchNamespace, bridge: names.bridge, stateRoot: names.stateRoot }, { parent });
    const routes = nodeRoutes(plan, this.runtime);
    const client = labHost(`${prefix}-client`, { names, lanSwitch }, clientAddress(plan), parent, { forwarding: false, routes });
    if (this.runtime === "docker") return { names, lanSwitch, client };
    const address = controlPlaneAddress(plan);
    const host = labHost(`${prefix}-control-plane`, { names, lanSwitch }, address, parent, { forwarding: false, routes });
    this.cluster = labControlPlane(
      `${prefix}-control-plane`,
      { plan, host, address, stateDir: names.stateDir(address.name), binDir: this.a.kubernetesBinDir ?? kubernetesBinDir(), namespace: names.hostNamespace(address.name) },
      parent,
    );
    return { names, lanSwitch, client, kubernetes: this.cluster };
  }

  placement(): undefined {
    return undefined;
  }

  nodeSoftware(plan: AddressPlan, node: PlannedNode): LabSoftware {
    const port = this.a.appPort;
    const binDir = this.a.dockerdBinDir ?? dockerdBinDir();
    const { recipe, hash: imageHash } = this.demoImage();
    const network = appNetworkOf(node);
    if (this.runtime === "kubernetes") {
      const cluster = this.cluster;
      if (!cluster) throw new Error("lab: the control plane is made with the network, before any node");
      return {
        // The node routes between its link and its pods' bridge.
        forwarding: true,
        start: (host, stateDir, name, parent) => {
          const namespace = labNames(plan.name, this.a.stateRoot).hostNamespace(node.name);
          const kube = labKubeNode(name, { plan, node, host, stateDir, namespace, cluster, image: { recipe, hash: imageHash, cacheDir: imageCacheDir() } }, parent);
          return { processes: [], kube };
        },
      };
    }
    return {
      // The node routes between its link and its containers' bridge.
      forwarding: true,
      start: (host, stateDir, name, parent) => {
        const dirs = engineDirs(stateDir);
        const namespace = labNames(plan.name, this.a.stateRoot).hostNamespace(node.name);
        const engine = new DockerEngine(
          `${name}-docker`,
          { namespace: host.namespace, root: dirs.root, binDir, config: labDaemonJson(plan, node, dirs, cgroupParentOf(namespace)) },
          { parent },
        );
        const container = new Container(
          `${name}-app`,
          {
            namespace: host.namespace,
            // Known at preview (not the engine's output, unknown while the engine updates).
            socket: dirs.socket,
            name: APP_CONTAINER,
            recipe,
            imageHash,
            imageCacheDir: imageCacheDir(),
            network,
            env: { NODE_NAME: node.name, PORT: String(port), BIND: "::" },
            port,
            publishIpv4: node.ipv4,
          },
          { parent, dependsOn: [engine] },
        );
        return { processes: [], engine, container, socket: dirs.socket };
      },
    };
  }

  entryPoint(_prefix: string, plan: AddressPlan): EntryAddresses {
    return { ipv4: pulumi.output(plan.ingress.vips.ipv4), ipv6: pulumi.output(plan.ingress.vips.ipv6) };
  }

  ingressSoftware(plan: AddressPlan, planned: PlannedIngressHost): LabSoftware {
    const advertIntervalSeconds = this.a.advertIntervalSeconds;
    const start = (host: Host, stateDir: string, name: string, parent: pulumi.Resource): LabRunning => {
      const settings = { ...DEFAULT_INGRESS_SETTINGS, statsSocket: path.join(stateDir, "haproxy.sock") };
      const cfgFile = path.join(stateDir, "haproxy.cfg");
      const haproxyCfg = labHaproxyConfig(plan, settings, this.runtime);
      const haproxyBin = this.a.haproxy ?? "haproxy";
      const keepalivedBin = this.a.keepalived ?? "keepalived";
      const handover = { file: path.join(stateDir, HANDOVER_FILE), vips: [plan.ingress.vips.ipv4, plan.ingress.vips.ipv6], interface: "eth0" };
      const haproxy = new Process(
        `${name}-haproxy`,
        {
          namespace: host.namespace,
          stateDir,
          name: "haproxy",
          // Master-worker in the foreground: the recorded pid is haproxy's own.
          command: haproxyBin,
          args: ["-W", "-db", "-f", cfgFile],
          env: {},
          files: [{ name: "haproxy.cfg", content: haproxyCfg.content }],
          readyCommand: probe(settings.localMonitorPort, HAPROXY_DEFAULTS.monitorUri),
          handover,
          // A new config (nodes added or removed): the master starts a worker on it,
          // which takes over the listening sockets; the old worker finishes its requests.
          reload: {
            signal: "SIGUSR2",
            doneLog: "Loading success.",
            failedLog: "Loading failure!",
            validate: [haproxyBin, "-c", "-q", "-f", cfgFile],
            confirm: { kind: "haproxy-info", socket: settings.statsSocket, description: haproxyCfg.description },
          },
        },
        { parent },
      );
      const keepalivedCfg = renderKeepalivedConfig({
        ...keepalivedArgsFromPlan(plan, planned.name, {
          interface: "eth0",
          advertIntervalSeconds,
          haproxyMonitorPort: settings.localMonitorPort,
          haproxyMonitorUri: HAPROXY_DEFAULTS.monitorUri,
        }),
        handoverFile: handover.file,
      });
      const keepalived = new Process(
        `${name}-keepalived`,
        {
          namespace: host.namespace,
          stateDir,
          name: "keepalived",
          // Foreground, VRRP only, its own pid files (not <name>.pid: that is our record);
          // several keepalived share this machine.
          command: keepalivedBin,
          args: [
            "--dont-fork", "--log-console", "--log-detail", "--vrrp",
            "-f", path.join(stateDir, "keepalived.conf"),
            "-p", path.join(stateDir, "keepalived-daemon.pid"),
            "-r", path.join(stateDir, "keepalived-vrrp.pid"),
          ],
          // Where its JSON state dump goes (the reload check reads it).
          env: { TMPDIR: stateDir },
          // The handover file starts (and is left after every start or reload) at 0: full priority.
          files: [{ name: "keepalived.conf", content: keepalivedCfg }, { name: HANDOVER_FILE, content: "0\n" }],
          staleFiles: ["keepalived-daemon.pid", "keepalived-vrrp.pid"],
          handover,
          // New peers or advert interval: the VRRP instances reread their config and
          // keep their state, so the master keeps the VIPs.
          reload: {
            signal: "SIGHUP",
            doneLog: "Reload complete",
            validate: [keepalivedBin, "--config-test", "-f", path.join(stateDir, "keepalived.conf")],
            confirm: { kind: "keepalived-json", dir: stateDir, advertIntervalSeconds, priority: planned.vrrpPriority },
          },
        },
        { parent, dependsOn: [haproxy] },
      );
      return { processes: [haproxy, keepalived] };
    };
    return { forwarding: false, acceptedVips: [plan.ingress.vips.ipv4, plan.ingress.vips.ipv6], start };
  }

  host(r: HostRequest<LabTypes>, parent: pulumi.Resource): LabHost {
    const routes = nodeRoutes(r.plan, this.runtime, r.host.name);
    const host = labHost(r.name, r.network, r.host, parent, { forwarding: r.software.forwarding, routes, acceptedVips: r.software.acceptedVips });
    const running = r.software.start(host, r.network.names.stateDir(r.host.name), r.name, parent);
    return { host, ...running, publicIpv4: undefined, publicIpv6: undefined };
  }

  attachEntryPoint(): void {
    // keepalived on the ingress hosts holds the VIPs: nothing to attach.
  }
}

/**
 * Each node's Docker /64 routed to the node (as a cloud's route table would),
 * on every lab host but that node: the app containers are reached unchanged.
 */
export function containerRoutes(plan: AddressPlan, except?: string): StaticRoute[] {
  return plan.nodes.filter((n) => n.name !== except).map((n) => ({ to: n.docker.ipv6Cidr, via: n.ipv6 }));
}

/**
 * What each lab host routes to the nodes: their Docker /64s, or with
 * Kubernetes their pod ranges of both families (as a cloud's route table would).
 */
export function nodeRoutes(plan: AddressPlan, runtime: LabRuntime, except?: string): StaticRoute[] {
  if (runtime === "docker") return containerRoutes(plan, except);
  return plan.nodes
    .filter((n) => n.name !== except)
    .flatMap((n) => [
      { to: n.podCidrV4, via: n.ipv4 },
      { to: n.podCidrV6, via: n.ipv6 },
    ]);
}

/**
 * HAProxy's backends. Docker: each node's container, over IPv6 directly, over
 * IPv4 through the port published on the node. Kubernetes: the Service's
 * NodePort on each node's two addresses (kube-proxy takes it to a pod).
 */
export function labHaproxyArgs(plan: AddressPlan, settings: typeof DEFAULT_INGRESS_SETTINGS & { statsSocket: string }, runtime: LabRuntime = "docker") {
  if (runtime === "kubernetes") return haproxyArgsFromPlan(plan, { ...settings, backendPort: LAB_NODE_PORT });
  const args = haproxyArgsFromPlan(plan, settings);
  const byName = new Map(plan.nodes.map((n) => [n.name, n]));
  return { ...args, servers: args.servers.map((s) => ({ ...s, ipv6: appNetworkOf(byName.get(s.name)!).containerV6 })) };
}

/** Old workers get this long after a reload to finish their open connections (the server timeout). */
export const HAPROXY_HARD_STOP_AFTER_MS = HAPROXY_DEFAULTS.timeouts.serverMs;

/**
 * The lab's haproxy.cfg, its `description` the hash of the rest of it: after
 * a reload, `show info` names the file the running worker loaded.
 */
export function labHaproxyConfig(
  plan: AddressPlan,
  settings: typeof DEFAULT_INGRESS_SETTINGS & { statsSocket: string },
  runtime: LabRuntime = "docker",
): { content: string; description: string } {
  const args = { ...labHaproxyArgs(plan, settings, runtime), hardStopAfterMs: HAPROXY_HARD_STOP_AFTER_MS };
  const description = `config-${createHash("sha256").update(renderHaproxyConfig(args)).digest("hex").slice(0, 16)}`;
  return { content: renderHaproxyConfig({ ...args, description }), description };
}

/** The namespace + veth + addresses every lab machine has. */
function labHost(
  name: string,
  net: Pick<LabNetwork, "names" | "lanSwitch">,
  host: AddressedHost & { name: string },
  parent: pulumi.Resource,
  options: { forwarding: boolean; routes: StaticRoute[]; acceptedVips?: string[] },
): Host {
  const { names, lanSwitch } = net;
  return new Host(
    name,
    {
      namespace: names.hostNamespace(host.name),
      switchNamespace: lanSwitch.namespace,
      bridge: lanSwitch.bridge,
      ifname: "eth0",
      peerIf: names.switchPort(host.name),
      ipv4Cidr: `${host.ipv4}/${host.ipv4PrefixLength}`,
      ipv6Cidr: `${host.ipv6}/${host.ipv6PrefixLength}`,
      forwarding: options.forwarding,
      routes: options.routes,
      ...(options.acceptedVips ? { acceptedVips: options.acceptedVips } : {}),
      stateDir: names.stateDir(host.name),
    },
    { parent },
  );
}

function probe(port: number, uri: string): string[] {
  return ["curl", "-sf", "-o", "/dev/null", "--max-time", "1", `http://127.0.0.1:${port}${uri}`];
}

export function clientAddress(plan: AddressPlan): AddressedHost & { name: string } {
  return hostAtOffset(plan, plan.ingress.network, "client", CLIENT_OFFSET);
}

/** The control-plane host of runtime kubernetes: on the first node's network. */
export function controlPlaneAddress(plan: AddressPlan): AddressedHost & { name: string } {
  return hostAtOffset(plan, plan.nodes[0]?.network ?? plan.ingress.network, "control-plane", CONTROL_PLANE_OFFSET);
}

function hostAtOffset(plan: AddressPlan, networkName: string, name: string, offset: number): AddressedHost & { name: string } {
  const network = plan.networks.find((n) => n.name === networkName);
  if (!network) throw new Error(`lab: network "${networkName}" missing from the plan`);
  const v4 = parseCidr(network.ipv4Cidr, 4);
  const v6 = parseCidr(network.ipv6Cidr, 6);
  if (!v4.ok || !v6.ok) throw new Error(`lab: plan network ${network.name} has invalid CIDRs`);
  return {
    name,
    ipv4: v4.value.addressAt(offset),
    ipv6: v6.value.addressAt(offset),
    ipv4PrefixLength: v4.value.length,
    ipv6PrefixLength: v6.value.length,
  };
}
