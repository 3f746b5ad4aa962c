// The Docker IPv4 pool every node's daemon.json carves its bridge networks
// from (/24s, masqueraded on the node): the operator's `docker.ipv4Pool`, or
// else the largest private block the plan leaves free, tried in a fixed
// order (deterministic): 172.16.0.0/12 (where Docker puts its own networks),
// then its /13s, /14s, ... down to /20s, then 192.168.0.0/16, the /12s of
// 10.0.0.0/8 and of 100.64.0.0/10 the same way. Each candidate must miss the
// supernet and the IPv4 pod and service ranges.
import type { Cidr } from "../cidr";
import { InputError } from "../errors";
import { PRIVATE_V4 } from "../special-ranges";
import type { ValidInput } from "../validate";

/** Each bridge network Docker takes from the pool. */
export const DOCKER_NETWORK_LENGTH_V4 = 24;
/** The largest pool the planner picks by itself (as large as Docker's own 172.16.0.0/12: 4096 networks)... */
const LARGEST_CHOSEN_POOL = 12;
/** ... and the smallest: 16 bridge networks. */
const SMALLEST_CHOSEN_POOL = 20;

export function dockerPoolV4(valid: ValidInput): Cidr {
  if (valid.dockerPoolV4) return valid.dockerPoolV4;
  const used = [valid.ipv4Supernet, valid.kubernetes.clusterCidrV4, valid.kubernetes.serviceCidrV4];
  for (const space of PRIVATE_V4) {
    for (let length = Math.max(space.length, LARGEST_CHOSEN_POOL); length <= SMALLEST_CHOSEN_POOL; length++) {
      for (let i = 0n; i < space.subnetCount(length); i++) {
        const candidate = space.subnet(length, i);
        if (!used.some((range) => range.overlaps(candidate))) return candidate;
      }
    }
  }
  throw new InputError(
    "docker.ipv4Pool",
    undefined,
    `cannot be chosen: the plan leaves no private /${SMALLEST_CHOSEN_POOL} free for Docker's bridge networks`,
    "set it to a private range clear of ipv4Supernet and the kubernetes IPv4 ranges",
  );
}
