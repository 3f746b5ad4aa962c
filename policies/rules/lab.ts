// The local lab's hosts (pulumi-nodejs:dynamic/local:Host): the lab stands in
// for the clouds, so a lab VM without IPv6 hides exactly the bugs the lab is
// there to catch (keepalived, HAProxy and the app must be exercised on both).
import { parseCidr } from "../lib/cidr";
import type { ResourceRule } from "../lib/policy";
import { isUnknown, str, type Props } from "../lib/props";
import { LAB } from "../lib/types";

function cidrProblem(props: Props, field: "ipv4Cidr" | "ipv6Cidr", family: 4 | 6, name: string): string | undefined {
  const v = str(props[field]);
  if (isUnknown(v)) return undefined;
  if (v === undefined || v === "") return `lab host "${name}" has no IPv${family} address: set ${field} (e.g. ${family === 4 ? '"10.77.0.10/24"' : '"fd00:77::a/64"'}).`;
  const p = parseCidr(v);
  if (p?.family !== family) return `lab host "${name}": ${field} "${v}" is not an IPv${family} CIDR.`;
  return undefined;
}

/** Both families present and well-formed (exported for the review's endpoint count). */
export function labHostIsDualStack(props: Props, name = "host"): boolean {
  return !cidrProblem(props, "ipv4Cidr", 4, name) && !cidrProblem(props, "ipv6Cidr", 6, name);
}

export const labHostDualStack: ResourceRule = {
  name: "lab-host-dual-stack",
  description:
    "Every lab host has an IPv4 and an IPv6 address (ipv4Cidr and ipv6Cidr): the lab reproduces the clouds' dual-stack topology, and an IPv4-only host would hide IPv6 failover and ingress bugs.",
  types: [LAB.host],
  check(props, name) {
    return [cidrProblem(props, "ipv4Cidr", 4, name), cidrProblem(props, "ipv6Cidr", 6, name)].filter((p): p is string => !!p);
  },
};
