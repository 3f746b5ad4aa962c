// The worker VMs (runtime docker, or kubernetes self-managed: k3s): one NIC each with two ip-configurations,
// the primary IPv4 and a second IPv6 one (Azure: every NIC needs IPv4; IPv6
// is an extra configuration), both static at the plan's addresses and each in
// its family's backend pool; Ubuntu 24.04 with Docker or k3s and the demo app
// from cloud-init user data (customData, stacks/node-user-data.ts; secret with
// k3s, whose user data carries the join token). With k3s the demo app's
// LoadBalancer Service is served by ServiceLB on port 80 of every node, the
// port the load balancer's rules and /healthz probes use, as with Docker.
// Azure hands the NIC's IPv6 to the guest by DHCPv6 itself, so the user data
// sets no private interface.
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import type * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedNode } from "../../components/addressing";
import type { StackConfig } from "../config";
import { nodeUserData } from "../node-user-data";
import type { Family } from "../../components/addressing";
import { subnetOf } from "./network";
import type { AzureZone, VmSettings } from "./settings";

export const UBUNTU_2404 = { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" } as const;

/** The primary NIC's name in Azure's Ubuntu images (cloud-init renames it to eth0). */
export const PRIMARY_INTERFACE = "eth0";

/** Azure decodes customData to at most 65,535 bytes. */
export const CUSTOM_DATA_MAX_BYTES = 65535;

export interface NodesArgs {
  plan: AddressPlan;
  settings: VmSettings;
  resourceGroup: resources.ResourceGroup;
  subnets: Map<string, network.Subnet>;
  poolIds: Record<Family, pulumi.Input<string>>;
  stack: string;
  config: StackConfig;
  /** The k3s join token (requireK3sToken); undefined for runtime docker. */
  k3sToken?: pulumi.Output<string>;
}

export interface NodeSummary {
  name: string;
  /** Availability zone, or null for a regional VM. */
  zone: AzureZone | null;
  subnet: string;
  ipv4: string;
  ipv6: string;
  vmId: pulumi.Output<string>;
}

export function nodes(a: NodesArgs): NodeSummary[] {
  return a.plan.nodes.map((node, i) => {
    const zone = vmZone(a.settings.zones, i);
    const nic = nodeNic(node, a);
    const vm = nodeVm(node, zone, nic, userDataOf(node.name, a), a);
    return { name: node.name, zone: zone ?? null, subnet: node.network, ipv4: node.ipv4, ipv6: node.ipv6, vmId: vm.id };
  });
}

/** Round-robin over the configured zones by node index; undefined: a regional VM. */
export function vmZone(zones: readonly AzureZone[] | undefined, index: number): AzureZone | undefined {
  return zones?.length ? zones[index % zones.length] : undefined;
}

/** A node's #cloud-config for the runtime (Docker or k3s), eth0 keeping its IPv6 default route (router advertisements) while forwarding. */
export function userDataOf(node: string, a: Pick<NodesArgs, "stack" | "config" | "plan" | "k3sToken">): pulumi.Output<string> {
  return nodeUserData({ stack: a.stack, config: a.config, plan: a.plan, node, hostNetwork: { acceptRaInterfaces: [PRIMARY_INTERFACE] } }, a.k3sToken);
}

/** customData: the user data base64-encoded, within Azure's size limit. */
export function customData(userData: string): string {
  const bytes = Buffer.byteLength(userData, "utf8");
  if (bytes > CUSTOM_DATA_MAX_BYTES) throw new Error(`azure: user data of ${bytes} bytes exceeds customData's ${CUSTOM_DATA_MAX_BYTES}`);
  return Buffer.from(userData, "utf8").toString("base64");
}

function nodeNic(node: PlannedNode, a: NodesArgs): network.NetworkInterface {
  const subnet = { id: subnetOf(a.subnets, node.network).id };
  return new network.NetworkInterface(`${node.name}-nic`, {
    resourceGroupName: a.resourceGroup.name,
    location: a.settings.location,
    networkInterfaceName: `${node.name}-nic`,
    ipConfigurations: [
      {
        name: "ipv4",
        primary: true,
        privateIPAddressVersion: "IPv4",
        privateIPAllocationMethod: "Static",
        privateIPAddress: node.ipv4,
        subnet,
        loadBalancerBackendAddressPools: [{ id: a.poolIds.ipv4 }],
      },
      {
        name: "ipv6",
        primary: false,
        privateIPAddressVersion: "IPv6",
        privateIPAllocationMethod: "Static",
        privateIPAddress: node.ipv6,
        subnet,
        loadBalancerBackendAddressPools: [{ id: a.poolIds.ipv6 }],
      },
    ],
  });
}

function nodeVm(node: PlannedNode, zone: AzureZone | undefined, nic: network.NetworkInterface, userData: pulumi.Output<string>, a: NodesArgs): compute.VirtualMachine {
  const user = a.settings.adminUsername;
  return new compute.VirtualMachine(node.name, {
    resourceGroupName: a.resourceGroup.name,
    location: a.settings.location,
    vmName: node.name,
    zones: zone ? [zone] : undefined,
    hardwareProfile: { vmSize: a.settings.vmSize },
    storageProfile: {
      imageReference: { ...UBUNTU_2404 },
      osDisk: { name: `${node.name}-os`, createOption: "FromImage", deleteOption: "Delete", managedDisk: { storageAccountType: "StandardSSD_LRS" } },
    },
    osProfile: {
      computerName: node.name,
      adminUsername: user,
      // Stays secret with k3s: apply keeps the user data's secretness.
      customData: userData.apply(customData),
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: `/home/${user}/.ssh/authorized_keys`, keyData: a.settings.sshPublicKey }] },
      },
    },
    networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
    // The serial log shows cloud-init's run; managed boot diagnostics need no storage account.
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
  });
}
