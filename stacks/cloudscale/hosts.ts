// What nodes and ingress hosts share: a server for a planned host, with its
// public interface (IPv4 + IPv6) first and its planned private IPv4 on the
// private network second, in an anti-affinity group; and its summary for
// the stack outputs.
import * as pulumi from "@pulumi/pulumi";
import type { PlannedHost } from "../../components/addressing";
import { Server, ServerGroup } from "../../components/clouds/cloudscale";
import { plannedHostSummary, type HostSummary } from "../host-summary";
import type { PrivateNetwork } from "./network";
import type { CloudscaleSection } from "./settings";

export type { HostSummary };

/**
 * Servers per anti-affinity group. A strict group needs one hypervisor per
 * member, and cloudscale limits group sizes (unverified: we assume 4), so
 * larger roles are spread over several groups.
 */
export const ANTI_AFFINITY_GROUP_SIZE = 4;

export interface AntiAffinity {
  groups: ServerGroup[];
  /** The group of the role's i-th server. */
  groupOf(i: number): ServerGroup;
}

export function antiAffinityGroups(role: "nodes" | "ingress", prefix: string, zone: string, count: number): AntiAffinity {
  const n = Math.max(1, Math.ceil(count / ANTI_AFFINITY_GROUP_SIZE));
  const groups = Array.from({ length: n }, (_, g) => new ServerGroup(`group-${role}-${g + 1}`, { name: `${prefix}-${role}-${g + 1}`, zone, type: "anti-affinity" }));
  return { groups, groupOf: (i) => groups[Math.floor(i / ANTI_AFFINITY_GROUP_SIZE)] };
}

export interface HostPlacement {
  /** Prefix of API names (server names become host names, so DNS-safe). */
  prefix: string;
  settings: CloudscaleSection;
  flavor: string;
  serverGroup: ServerGroup;
  network: PrivateNetwork;
  userData: pulumi.Input<string>;
}

export function plannedServer(host: PlannedHost, p: HostPlacement, opts?: pulumi.CustomResourceOptions): Server {
  const s = p.settings;
  return new Server(
    host.name,
    {
      name: `${p.prefix}-${host.name}`,
      flavor: p.flavor,
      image: s.image,
      zone: s.zone,
      volumeSizeGb: s.volumeSizeGb,
      sshKeys: s.sshKeys,
      // IPv6 rides on the public interface (SLAAC); the private network is IPv4 by DHCP.
      useIpv6: true,
      interfaces: [{ network: "public" }, { addresses: [{ subnet: p.network.subnet.uuid, address: host.ipv4 }] }],
      serverGroups: [p.serverGroup.uuid],
      userData: p.userData,
    },
    opts,
  );
}


export function hostSummary(host: PlannedHost, server: Server): HostSummary {
  return plannedHostSummary(host, server.publicIpv4, server.publicIpv6);
}
