// The ingress layer's HAProxy config for an address plan: frontends on the
// plan's two VIPs, every node as a backend server in both families.
import type { AddressPlan } from "../addressing";
import type { HaproxyConfigArgs } from "./haproxy-config";

export interface IngressSettings {
  /** Port the VIPs listen on. */
  port: number;
  /** Port the nodes' app listens on. */
  backendPort: number;
  /** Loopback-only monitor port for the keepalived track script. */
  localMonitorPort: number;
  healthPath: string;
  /**
   * Bare addresses the frontends bind instead of the plan's VIPs: a cloud's
   * floating IPs, which the plan cannot know (the cloud allocates them).
   */
  vips?: { ipv4: string; ipv6: string };
  /** Runtime files (absolute paths); the lab puts them in the host's state dir. */
  pidFile?: string;
  statsSocket?: string;
}

export const DEFAULT_INGRESS_SETTINGS: IngressSettings = {
  port: 80,
  backendPort: 8080,
  localMonitorPort: 8404,
  healthPath: "/healthz",
};

export function haproxyArgsFromPlan(plan: AddressPlan, settings: IngressSettings): HaproxyConfigArgs {
  return {
    name: plan.name,
    vips: settings.vips ?? plan.ingress.vips,
    port: settings.port,
    servers: plan.nodes.map((node) => ({ name: node.name, ipv4: node.ipv4, ipv6: node.ipv6, port: settings.backendPort })),
    healthCheck: { path: settings.healthPath, intervalMs: 500, rise: 2, fall: 2 },
    localMonitorPort: settings.localMonitorPort,
    pidFile: settings.pidFile,
    statsSocket: settings.statsSocket,
  };
}
