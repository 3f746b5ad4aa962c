// The worker VMs (runtime docker, or kubernetes self-managed: k3s): one NIC each with two ip-configurations,
// the primary IPv4 and a second IPv6 one (Azure: every NIC needs IPv4; IPv6
// is an extra configuration), both static at the plan's addresses and each in
// its family's backend pool; Ubuntu 24.04 with Docker or k3s and the demo app
// from cloud-init user data (customData, components/runtime/node-runtime.ts; secret with
// k3s, whose user data carries the join token). With k3s the demo app's
// LoadBalancer Service is served by ServiceLB on port 80 of every node, the
// port the load balancer's rules and /healthz probes use, as with Docker.
// Azure hands the NIC's IPv6 to the guest by DHCPv6 itself, so the user data
// sets no private interface.
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import type * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import type { Family, PlannedHost } from "../../../addressing";
import type { HostNetworkOptions } from "../../../runtime/cloud-init";
import { subnetOf } from "./network";
import type { AzureAdapterArgs, AzureZone } from "./settings";

export const UBUNTU_2404 = { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" } as const;

/** The primary NIC's name in Azure's Ubuntu images (cloud-init renames it to eth0). */
export const PRIMARY_INTERFACE = "eth0";

/** Azure decodes customData to at most 65,535 bytes. */
export const CUSTOM_DATA_MAX_BYTES = 65535;

export interface VmArgs {
  /** Pulumi name of the VM; its NIC is `<name>-nic`. */
  name: string;
  host: PlannedHost;
  /** The host's index among the nodes (its zone). */
  index: number;
  settings: AzureAdapterArgs;
  resourceGroup: resources.ResourceGroup;
  subnets: Map<string, network.Subnet>;
  poolIds: Record<Family, pulumi.Input<string>>;
  /** cloud-init user data; a secret with k3s (it carries the join token). */
  userData: pulumi.Input<string>;
}

export interface Vm {
  vm: compute.VirtualMachine;
  nic: network.NetworkInterface;
  /** Availability zone, or null for a regional VM. */
  zone: AzureZone | null;
}

/** A node VM at the plan's addresses, in both backend pools. */
export function nodeVm(a: VmArgs, opts: pulumi.CustomResourceOptions): Vm {
  const zone = vmZone(a.settings.zones, a.index);
  const nic = nodeNic(a, opts);
  return { vm: virtualMachine(a, zone, nic, opts), nic, zone: zone ?? null };
}

/** Round-robin over the configured zones by node index; undefined: a regional VM. */
export function vmZone(zones: readonly AzureZone[] | undefined, index: number): AzureZone | undefined {
  return zones?.length ? zones[index % zones.length] : undefined;
}

/** eth0 keeps its IPv6 default route (router advertisements) while the node forwards. */
export const NODE_HOST_NETWORK: HostNetworkOptions = { acceptRaInterfaces: [PRIMARY_INTERFACE] };

/** customData: the user data base64-encoded, within Azure's size limit. */
export function customData(userData: string): string {
  const bytes = Buffer.byteLength(userData, "utf8");
  if (bytes > CUSTOM_DATA_MAX_BYTES) throw new Error(`azure: user data of ${bytes} bytes exceeds customData's ${CUSTOM_DATA_MAX_BYTES}`);
  return Buffer.from(userData, "utf8").toString("base64");
}

function nodeNic(a: VmArgs, opts: pulumi.CustomResourceOptions): network.NetworkInterface {
  const node = a.host;
  const subnet = { id: subnetOf(a.subnets, node.network).id };
  return new network.NetworkInterface(`${a.name}-nic`, {
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
  }, opts);
}

function virtualMachine(a: VmArgs, zone: AzureZone | undefined, nic: network.NetworkInterface, opts: pulumi.CustomResourceOptions): compute.VirtualMachine {
  const node = a.host;
  const user = a.settings.adminUsername;
  return new compute.VirtualMachine(a.name, {
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
      customData: pulumi.output(a.userData).apply(customData),
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: `/home/${user}/.ssh/authorized_keys`, keyData: a.settings.sshPublicKey }] },
      },
    },
    networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
    // The serial log shows cloud-init's run; managed boot diagnostics need no storage account.
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
  }, opts);
}
