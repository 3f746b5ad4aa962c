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

/** Exoscale's Ubuntu templates: eth0 is public, eth1 the first private network. */
export const PUBLIC_INTERFACE = "eth0";
export const PRIVATE_INTERFACE = "eth1";

/** `${prefix}-${rest}`, or `rest` alone for parts that stand at a stack's root (SKS). */
export function named(prefix: string, rest: string): string {
  return prefix ? `${prefix}-${rest}` : rest;
}
