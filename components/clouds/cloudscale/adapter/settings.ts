// What the cloudscale adapter needs to know of the stack: zone, flavors,
// image, interfaces, the floating IPv6 size and the failover token.
import type * as pulumi from "@pulumi/pulumi";
import type { Zone } from "../zones";

export { REGION_OF_ZONE, type Zone } from "../zones";

export interface CloudscaleHostSettings {
  zone: Zone;
  /** The API endpoint the ingress hosts' failover script calls (default the real API). */
  apiUrl?: string;
  flavor: string;
  ingressFlavor: string;
  /** A netplan image (the planned private IPv6 is set by netplan): Ubuntu, or Debian 13+. */
  image: string;
  volumeSizeGb: number;
  /** Public keys (the text of id_ed25519.pub), not key names. */
  sshKeys?: string[];
  /** 128: one address; 56: a whole routed /56 (the service address is its ::1). */
  floatingIpv6PrefixLength: 128 | 56;
  /** Interface names of the image: public (IPv4 + IPv6, floating IPs) and the private network. */
  publicInterface: string;
  privateInterface: string;
}

/** What a stack gets when it leaves a setting out (the `dualstack:cloudscale` section defaults to the same). */
export const CLOUDSCALE_HOST_DEFAULTS = {
  flavor: "flex-4-2",
  ingressFlavor: "flex-4-1",
  image: "ubuntu-24.04",
  volumeSizeGb: 10,
  floatingIpv6PrefixLength: 128,
  publicInterface: "ens3",
  privateInterface: "ens4",
} as const satisfies Partial<CloudscaleHostSettings>;

export type CloudscaleHostDefaults = keyof typeof CLOUDSCALE_HOST_DEFAULTS;

export interface CloudscaleAdapterArgs extends Omit<CloudscaleHostSettings, CloudscaleHostDefaults>, Partial<Pick<CloudscaleHostSettings, CloudscaleHostDefaults>> {
  /** The token the ingress hosts' keepalived moves the floating IPs with (a secret; it goes into their user data). */
  failoverToken: pulumi.Input<string>;
}

/** Which Docker apt repository the image needs. */
export function distroOf(image: string): "debian" | "ubuntu" {
  return image.startsWith("debian-") ? "debian" : "ubuntu";
}
