// What nodes and ingress hosts share: a dual-stack instance (public IPv4 and
// IPv6) for a planned host, on its private network with its planned IPv4 as
// a static DHCP lease, and the host's summary for the stack outputs.
import * as pulumi from "@pulumi/pulumi";
import type { PlannedHost } from "../../components/addressing";
import { AntiAffinityGroup, Instance, PrivateNetwork, PrivateNetworkAttachment, SecurityGroup } from "../../components/clouds/exoscale";
import { plannedHostSummary, type HostSummary } from "../host-summary";
import type { AddressPlan } from "../../components/addressing";
import type { AntiAffinity, SecurityGroups } from "./security";
import type { ExoscaleSection } from "./settings";

export type { HostSummary };

/** Exoscale's Ubuntu templates: eth0 is public, eth1 the first private network. */
export const PUBLIC_INTERFACE = "eth0";
export const PRIVATE_INTERFACE = "eth1";

/** What building the nodes or the ingress hosts needs from the stack. */
export interface RoleArgs {
  plan: AddressPlan;
  prefix: string;
  settings: ExoscaleSection;
  securityGroups: SecurityGroups;
  antiAffinity: AntiAffinity;
  networks: Map<string, PrivateNetwork>;
}

export interface HostPlacement {
  /** Prefix of API names (instance names become host names, so DNS-safe). */
  prefix: string;
  settings: ExoscaleSection;
  instanceType: string;
  securityGroup: SecurityGroup;
  antiAffinityGroup: AntiAffinityGroup;
  network: PrivateNetwork;
  userData: pulumi.Input<string>;
}

export function plannedInstance(host: PlannedHost, p: HostPlacement, opts?: pulumi.CustomResourceOptions): Instance {
  const instance = new Instance(
    host.name,
    {
      name: `${p.prefix}-${host.name}`,
      zone: p.settings.zone,
      instanceType: p.instanceType,
      template: p.settings.template,
      diskSize: p.settings.diskSize,
      publicIpAssignment: "dual",
      securityGroups: [p.securityGroup.id],
      antiAffinityGroups: [p.antiAffinityGroup.id],
      sshKeys: p.settings.sshKeys,
      userData: p.userData,
    },
    opts,
  );
  new PrivateNetworkAttachment(`${host.name}-${host.network}`, { privateNetwork: p.network.id, instance: instance.id, ip: host.ipv4 }, opts);
  return instance;
}

export function hostSummary(host: PlannedHost, instance: Instance): HostSummary {
  return plannedHostSummary(host, instance.publicIp, instance.ipv6Address);
}
