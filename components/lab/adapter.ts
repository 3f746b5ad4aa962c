// The cluster in the local lab: a Linux bridge in its own namespace as the
// network (plus a client namespace on it to test from), a namespace per
// host with its planned IPv4 + IPv6 on a veth into the switch, the demo app
// on every node, and HAProxy + keepalived on the ingress hosts. The entry
// point is the plan's VIPs, moved on the wire by keepalived (VRRPv3, one
// instance per family in a sync group): no resource of its own. Configs
// come from the same renderers the clouds use.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, type AddressPlan, type PlannedHost, type PlannedIngressHost, type PlannedNode } from "../addressing";
import type { AdapterTypes, CloudAdapter, EntryAddresses, HostRequest } from "../cluster";
import { keepalivedArgsFromPlan, renderKeepalivedConfig } from "../failover";
import { DEFAULT_INGRESS_SETTINGS, HAPROXY_DEFAULTS, haproxyArgsFromPlan, renderHaproxyConfig } from "../ingress";
import type { ConfigProblem } from "../problems";
import { DEMO_APP_SOURCE_PATH } from "../runtime/demo-app-source";
import type { NodeRuntime } from "../runtime/node-runtime";
import { labNames, type LabNames } from "./names";
import { Host, Process, Switch } from "./resources";

export interface LabAdapterArgs {
  advertIntervalSeconds: number;
  appPort: number;
  /** Override of /run/dualstack, for tests. */
  stateRoot?: string;
}

/** The client sits at offset 9 of the ingress network: below the hosts (10+), above the VIP (4). */
export const CLIENT_OFFSET = 9;

export interface LabNetwork {
  names: LabNames;
  lanSwitch: Switch;
  /** The namespace the dual-stack checks run from. */
  client: Host;
}

/** What a lab host runs: processes started in its namespace, in order. */
export type LabSoftware = (host: Host, stateDir: string, name: string, parent: pulumi.Resource) => Process[];

export interface LabHost {
  host: Host;
  processes: Process[];
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

/** Lab nodes run the demo app directly, so the runtime is docker. */
export const LAB_RUNTIME_PROBLEM: ConfigProblem = {
  key: "dualstack:runtime",
  value: "kubernetes",
  message:
    "is not available on the local lab: lab nodes are namespaces that run the demo app directly; use docker here, " +
    "and kubernetes (self-managed k3s or managed) on a cloud stack",
};

type AddressedHost = Pick<PlannedHost, "ipv4" | "ipv6" | "ipv4PrefixLength" | "ipv6PrefixLength">;

export class LabAdapter implements CloudAdapter<LabTypes> {
  readonly cloud = "the local lab";

  constructor(private readonly a: LabAdapterArgs) {}

  preflight(_plan: AddressPlan, runtime: NodeRuntime): ConfigProblem[] {
    return runtime.kind === "docker" ? [] : [LAB_RUNTIME_PROBLEM];
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource): LabNetwork {
    const names = labNames(plan.name, this.a.stateRoot);
    const lanSwitch = new Switch(`${prefix}-switch`, { namespace: names.switchNamespace, bridge: names.bridge, stateRoot: names.stateRoot }, { parent });
    const client = labHost(`${prefix}-client`, { names, lanSwitch }, clientAddress(plan), parent);
    return { names, lanSwitch, client };
  }

  placement(): undefined {
    return undefined;
  }

  nodeSoftware(_plan: AddressPlan, node: PlannedNode): LabSoftware {
    const port = this.a.appPort;
    return (host, stateDir, name, parent) => [
      new Process(
        `${name}-app`,
        {
          namespace: host.namespace,
          stateDir,
          name: "demo-app",
          command: process.execPath,
          args: [DEMO_APP_SOURCE_PATH],
          env: { NODE_NAME: node.name, PORT: String(port), BIND: "::" },
          files: [],
          readyCommand: probe(port, "/healthz"),
        },
        { parent },
      ),
    ];
  }

  entryPoint(_prefix: string, plan: AddressPlan): EntryAddresses {
    return { ipv4: pulumi.output(plan.ingress.vips.ipv4), ipv6: pulumi.output(plan.ingress.vips.ipv6) };
  }

  ingressSoftware(plan: AddressPlan, planned: PlannedIngressHost): LabSoftware {
    const advertIntervalSeconds = this.a.advertIntervalSeconds;
    return (host, stateDir, name, parent) => {
      const settings = { ...DEFAULT_INGRESS_SETTINGS, statsSocket: path.join(stateDir, "haproxy.sock") };
      const haproxy = new Process(
        `${name}-haproxy`,
        {
          namespace: host.namespace,
          stateDir,
          name: "haproxy",
          // Master-worker in the foreground: the recorded pid is haproxy's own.
          command: "haproxy",
          args: ["-W", "-db", "-f", path.join(stateDir, "haproxy.cfg")],
          env: {},
          files: [{ name: "haproxy.cfg", content: renderHaproxyConfig(haproxyArgsFromPlan(plan, settings)) }],
          readyCommand: probe(settings.localMonitorPort, HAPROXY_DEFAULTS.monitorUri),
        },
        { parent },
      );
      const keepalivedCfg = renderKeepalivedConfig(
        keepalivedArgsFromPlan(plan, planned.name, {
          interface: "eth0",
          advertIntervalSeconds,
          haproxyMonitorPort: settings.localMonitorPort,
          haproxyMonitorUri: HAPROXY_DEFAULTS.monitorUri,
        }),
      );
      const keepalived = new Process(
        `${name}-keepalived`,
        {
          namespace: host.namespace,
          stateDir,
          name: "keepalived",
          // Foreground, VRRP only, its own pid files (not <name>.pid: that is our record);
          // several keepalived share this machine.
          command: "keepalived",
          args: [
            "--dont-fork", "--log-console", "--log-detail", "--vrrp",
            "-f", path.join(stateDir, "keepalived.conf"),
            "-p", path.join(stateDir, "keepalived-daemon.pid"),
            "-r", path.join(stateDir, "keepalived-vrrp.pid"),
          ],
          env: {},
          files: [{ name: "keepalived.conf", content: keepalivedCfg }],
          staleFiles: ["keepalived-daemon.pid", "keepalived-vrrp.pid"],
        },
        { parent, dependsOn: [haproxy] },
      );
      return [haproxy, keepalived];
    };
  }

  host(r: HostRequest<LabTypes>, parent: pulumi.Resource): LabHost {
    const host = labHost(r.name, r.network, r.host, parent);
    return { host, processes: r.software(host, r.network.names.stateDir(r.host.name), r.name, parent), publicIpv4: undefined, publicIpv6: undefined };
  }

  attachEntryPoint(): void {
    // keepalived on the ingress hosts holds the VIPs: nothing to attach.
  }
}

/** The namespace + veth + addresses every lab machine has. */
function labHost(name: string, net: Pick<LabNetwork, "names" | "lanSwitch">, host: AddressedHost & { name: string }, parent: pulumi.Resource): Host {
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
      forwarding: false,
      stateDir: names.stateDir(host.name),
    },
    { parent },
  );
}

function probe(port: number, uri: string): string[] {
  return ["curl", "-sf", "-o", "/dev/null", "--max-time", "1", `http://127.0.0.1:${port}${uri}`];
}

export function clientAddress(plan: AddressPlan): AddressedHost & { name: string } {
  const network = plan.networks.find((n) => n.name === plan.ingress.network);
  if (!network) throw new Error(`lab: ingress network "${plan.ingress.network}" missing from the plan`);
  const v4 = parseCidr(network.ipv4Cidr, 4);
  const v6 = parseCidr(network.ipv6Cidr, 6);
  if (!v4.ok || !v6.ok) throw new Error(`lab: plan network ${network.name} has invalid CIDRs`);
  return {
    name: "client",
    ipv4: v4.value.addressAt(CLIENT_OFFSET),
    ipv6: v6.value.addressAt(CLIENT_OFFSET),
    ipv4PrefixLength: v4.value.length,
    ipv6PrefixLength: v6.value.length,
  };
}
