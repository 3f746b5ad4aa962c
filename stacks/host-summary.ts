// A host of the address plan as the stack outputs list it: its public
// addresses (from the cloud) beside its planned private ones. Shared by the
// stacks that run their own instances (cloudscale, Exoscale).
import type * as pulumi from "@pulumi/pulumi";
import type { PlannedHost } from "../components/addressing";

export interface HostSummary {
  name: string;
  publicIpv4: pulumi.Output<string>;
  publicIpv6: pulumi.Output<string>;
  privateIpv4: string;
  privateIpv6: string;
  network: string;
}

export function plannedHostSummary(host: PlannedHost, publicIpv4: pulumi.Output<string>, publicIpv6: pulumi.Output<string>): HostSummary {
  return { name: host.name, publicIpv4, publicIpv6, privateIpv4: host.ipv4, privateIpv6: host.ipv6, network: host.network };
}
