// The fixed numbers of the layout (see the rules at the top of ./index.ts):
// host offsets, network and node range lengths, and P's four quarters.
import type { Cidr } from "../cidr";
import type { ValidInput } from "../validate";

export const OFFSET = {
  gateway: 1,
  /** Offsets below this are the network, the gateway and what clouds reserve (AWS: .0-.3). */
  firstUsable: 4,
  vip: 4,
  firstHost: 10,
};
export const NETWORK_LENGTH_V6 = 64;
export const NODE_POD_LENGTH_V4 = 24;
/** Docker networks (fixed-cidr-v6 and each pool network) are /80s. */
export const DOCKER_NETWORK_LENGTH = 80;

export interface Quarters {
  networks: Cidr;
  pods: Cidr;
  services: Cidr;
  docker: Cidr;
}

export function quartersOf(prefix: Cidr): Quarters {
  const quarter = (i: number) => prefix.subnet(prefix.length + 2, i);
  return { networks: quarter(0), pods: quarter(1), services: quarter(2), docker: quarter(3) };
}

/** Host addresses in an IPv4 /N from the first host offset on, leaving the broadcast address free. */
export function hostsPerNetwork(valid: ValidInput): number {
  return 2 ** (32 - valid.ipv4SubnetPrefixLength) - OFFSET.firstHost - 1;
}
