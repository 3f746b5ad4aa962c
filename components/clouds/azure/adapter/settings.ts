// What the Azure adapter needs to know of the stack: where (region, resource
// group), and what the VMs are (size, admin, key, zones).
export const AZURE_ZONES = ["1", "2", "3"] as const;
export type AzureZone = (typeof AZURE_ZONES)[number];

/** Where every resource of the cluster lives: one region, one resource group. */
export interface AzurePlacement {
  location: string;
  resourceGroupName: string;
}

export interface AzureAdapterArgs extends AzurePlacement {
  vmSize: string;
  adminUsername: string;
  sshPublicKey: string;
  /** Availability zones for the VMs, round-robin by node; unset: regional VMs. */
  zones?: readonly AzureZone[];
}
