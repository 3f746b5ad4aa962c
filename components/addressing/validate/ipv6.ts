// The environment's IPv6 prefix: the operator's or provider's (/48../62), or
// else the ULA /48 derived from the name.
import { Cidr, parseCidr } from "../cidr";
import { InputError } from "../errors";
import type { PlanInput } from "../types";
import { ulaPrefixFor } from "../ula";
import { IPV6_PREFIX_LENGTHS } from "./rules";
import type { ValidInput } from "./valid-input";
import { notSpecial, type SpecialPolicy } from "./values";

export function validIpv6(input: PlanInput, name: string, policy: SpecialPolicy): Pick<ValidInput, "ipv6Prefix" | "ipv6PrefixSource"> {
  const source: unknown = input.ipv6PrefixSource;
  if (source !== undefined && source !== "operator" && source !== "provider") {
    throw new InputError("ipv6PrefixSource", source, "is not a known source", 'use "operator" or "provider"');
  }
  if (input.ipv6Prefix !== undefined) {
    const ipv6PrefixSource = source ?? "operator";
    const prefix = validIpv6Prefix(input.ipv6Prefix);
    // A provider's prefix is the cloud's to choose (AWS's preview plans with a documentation stand-in, stacks/aws/plan.ts).
    const prefixPolicy = ipv6PrefixSource === "provider" ? { allowDocumentation: true } : policy;
    return { ipv6Prefix: notSpecial("ipv6Prefix", input.ipv6Prefix, prefix, prefixPolicy, '"fd12:3456:789a::/48"'), ipv6PrefixSource };
  }
  if (source !== undefined) {
    throw new InputError(
      "ipv6PrefixSource",
      source,
      "is set but ipv6Prefix is not",
      "set ipv6Prefix too, or drop ipv6PrefixSource to get a ULA prefix derived from the name",
    );
  }
  return { ipv6Prefix: ulaPrefixFor(name), ipv6PrefixSource: "ula" };
}

function validIpv6Prefix(value: unknown): Cidr {
  const { min, max } = IPV6_PREFIX_LENGTHS;
  const parsed = parseCidr(value, 6);
  if (!parsed.ok) {
    const expected = parsed.fix ?? `use an IPv6 prefix /${min}../${max}, e.g. "2001:db8:40::/48"`;
    throw new InputError("ipv6Prefix", value, parsed.problem, expected);
  }
  const prefix = parsed.value;
  if (prefix.length > max) {
    throw new InputError(
      "ipv6Prefix",
      value,
      `is a /${prefix.length}: too small to carve networks, pods, services and Docker ranges`,
      `use /${min}../${max}`,
    );
  }
  if (prefix.length < min) {
    throw new InputError(
      "ipv6Prefix",
      value,
      `is a /${prefix.length}, larger than one environment needs`,
      `use /${min}../${max}, e.g. "${prefix.subnet(min, 0)}" out of it`,
    );
  }
  return prefix;
}
