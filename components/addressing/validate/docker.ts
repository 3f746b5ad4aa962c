// The operator's Docker IPv4 pool: private space (Docker NATs it), clear of the
// plan's other IPv4 ranges (checked with them in plan/overlaps.ts).
import type { Cidr } from "../cidr";
import { InputError } from "../errors";
import { PRIVATE_V4 } from "../special-ranges";
import { RULES } from "./rules";
import { cidrIn, type SpecialPolicy } from "./values";

export function validDockerPool(value: unknown, policy: SpecialPolicy): Cidr | undefined {
  if (value === undefined) return undefined;
  const pool = cidrIn("docker.ipv4Pool", value, 4, RULES.dockerPoolV4, '"192.168.0.0/16"', policy);
  if (!PRIVATE_V4.some((space) => space.contains(pool))) {
    const spaces = PRIVATE_V4.map(String).join(", ");
    throw new InputError("docker.ipv4Pool", value, "is not private address space (Docker masquerades it)", `use a range inside ${spaces}`);
  }
  return pool;
}
