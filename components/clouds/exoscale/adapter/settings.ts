// What the Exoscale adapter needs to know of the stack.

export interface ExoscaleHostSettings {
  zone: string;
  instanceType: string;
  ingressInstanceType: string;
  template: string;
  /** GiB; the API accepts 10..51200. */
  diskSize: number;
  /** Names of SSH keys registered in the Exoscale organisation. */
  sshKeys?: string[];
}

/** What a stack gets when it leaves a setting out (the `dualstack:exoscale` section defaults to the same). */
export const EXOSCALE_HOST_DEFAULTS = {
  instanceType: "standard.medium",
  ingressInstanceType: "standard.small",
  template: "Linux Ubuntu 24.04 LTS 64-bit",
  diskSize: 20,
} as const satisfies Partial<ExoscaleHostSettings>;

export type ExoscaleAdapterArgs = Omit<ExoscaleHostSettings, keyof typeof EXOSCALE_HOST_DEFAULTS> & Partial<ExoscaleHostSettings>;

/** Exoscale's Ubuntu templates: eth0 is public, eth1 the first private network. */
export const PUBLIC_INTERFACE = "eth0";
export const PRIVATE_INTERFACE = "eth1";

