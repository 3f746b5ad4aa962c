// What nodes and ingress hosts share: a dual-stack instance (public IPv4 and
// IPv6) for a planned host, on its private network with its planned IPv4 as
// a static DHCP lease, and the host's summary for the stack outputs.
import * as pulumi from "@pulumi/pulumi";
import type { PlannedHost } from "../../components/addressing";
import { AntiAffinityGroup, Instance, PrivateNetwork, PrivateNetworkAttachment, SecurityGroup } from "../../components/clouds/exoscale";
import type { ExoscaleSection } from "./settings";

/** Exoscale's Ubuntu templates: eth0 is public, eth1 the first private network. */
export const PUBLIC_INTERFACE = "eth0";
export const PRIVATE_INTERFACE = "eth1";

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

export interface HostSummary {
  name: string;
  publicIpv4: pulumi.Output<string>;
  publicIpv6: pulumi.Output<string>;
  privateIpv4: string;
  privateIpv6: string;
  network: string;
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
  return {
    name: host.name,
    publicIpv4: instance.publicIp,
    publicIpv6: instance.ipv6Address,
    privateIpv4: host.ipv4,
    privateIpv6: host.ipv6,
    network: host.network,
  };
}
