// A lab node's daemon.json: the clouds' renderer for that node of the plan
// (its Docker /64, the plan's pools, ip6tables), plus only what makes the
// engine a lab tenant: its own directories, socket and cgroup parent.
import type { AddressPlan, PlannedNode } from "../../addressing";
import { renderDaemonJson, reservedRanges, type DaemonJson, type DaemonJsonOptions } from "../../runtime/docker/daemon-json";
import type { EngineDirs } from "./paths";

export interface LabDaemonJson extends DaemonJson {
  "data-root": string;
  "exec-root": string;
  pidfile: string;
  hosts: string[];
  "cgroup-parent": string;
  /** Published ports are DNAT rules only: no docker-proxy process per port (nothing on the node itself calls them). */
  "userland-proxy": false;
  /** Containers stop in 2 s on destroy instead of 15. */
  "shutdown-timeout": number;
}

export function labDaemonJson(
  plan: AddressPlan,
  node: PlannedNode,
  dirs: EngineDirs,
  cgroupParent: string,
  options: Omit<DaemonJsonOptions, "avoid"> = {},
): LabDaemonJson {
  const { config } = renderDaemonJson(node, { ...options, avoid: reservedRanges(plan) });
  return {
    ...config,
    "data-root": dirs.dataRoot,
    "exec-root": dirs.execRoot,
    pidfile: dirs.pidFile,
    hosts: [`unix://${dirs.socket}`],
    "cgroup-parent": cgroupParent,
    "userland-proxy": false,
    "shutdown-timeout": 2,
  };
}
