// A lab ingress host: HAProxy on both VIPs and keepalived moving the VIPs,
// with configs from the same renderers the cloud stacks use.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../addressing";
import { keepalivedArgsFromPlan, renderKeepalivedConfig } from "../failover";
import { DEFAULT_INGRESS_SETTINGS, haproxyArgsFromPlan, renderHaproxyConfig } from "../ingress";
import { labHost, LabHostArgs } from "./node";
import { Host, Process } from "./resources";

export interface LabIngressHostArgs extends Omit<LabHostArgs, "host"> {
  plan: AddressPlan;
  hostName: string;
  advertIntervalSeconds: number;
}

export class LabIngressHost extends pulumi.ComponentResource {
  readonly host: Host;
  readonly haproxy: Process;
  readonly keepalived: Process;

  constructor(name: string, args: LabIngressHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:lab:IngressHost", name, {}, opts);
    const planned = args.plan.ingress.hosts.find((h) => h.name === args.hostName);
    if (!planned) throw new Error(`lab: no ingress host "${args.hostName}" in the plan`);
    this.host = labHost({ ...args, host: planned }, this);

    const stateDir = args.names.stateDir(planned.name);
    const settings = { ...DEFAULT_INGRESS_SETTINGS, statsSocket: path.join(stateDir, "haproxy.sock") };
    const haproxyCfg = renderHaproxyConfig(haproxyArgsFromPlan(args.plan, settings));
    this.haproxy = new Process(
      `${name}-haproxy`,
      {
        namespace: this.host.namespace,
        stateDir,
        name: "haproxy",
        // Master-worker in the foreground: the recorded pid is haproxy's own.
        command: "haproxy",
        args: ["-W", "-db", "-f", path.join(stateDir, "haproxy.cfg")],
        env: {},
        files: [{ name: "haproxy.cfg", content: haproxyCfg }],
        readyCommand: monitorProbe(settings.localMonitorPort),
      },
      { parent: this },
    );

    const keepalivedCfg = renderKeepalivedConfig(
      keepalivedArgsFromPlan(args.plan, planned.name, {
        interface: "eth0",
        advertIntervalSeconds: args.advertIntervalSeconds,
        haproxyMonitorPort: settings.localMonitorPort,
        haproxyMonitorUri: "/haproxy-healthz",
      }),
    );
    this.keepalived = new Process(
      `${name}-keepalived`,
      {
        namespace: this.host.namespace,
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
      { parent: this, dependsOn: [this.haproxy] },
    );
    this.registerOutputs({ namespace: this.host.namespace, ipv4: planned.ipv4, ipv6: planned.ipv6 });
  }
}

function monitorProbe(port: number): string[] {
  return ["curl", "-sf", "-o", "/dev/null", "--max-time", "1", `http://127.0.0.1:${port}/haproxy-healthz`];
}
