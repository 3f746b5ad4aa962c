// Checks of one value each: names, integers, CIDRs, zones and VIPs.
import { Cidr, IpVersion, familyName, parseAddress, parseCidr } from "../cidr";
import { InputError } from "../errors";
import { specialProblem, specialPurposeOf, usableSpace } from "../special-ranges";
import { NAME_PATTERN, type Rule } from "./rules";
import type { GivenAddress } from "./valid-input";

export function validName(key: string, value: unknown, example: string): string {
  const expected = `use lowercase letters, digits and "-", e.g. "${example}"`;
  if (typeof value !== "string" || value === "") throw new InputError(key, value, "is empty or not a string", expected);
  if (!NAME_PATTERN.test(value)) throw new InputError(key, value, "has characters other than a-z, 0-9 and -", expected);
  return value;
}

export function integerIn(key: string, value: unknown, rule: Rule): number {
  const bounds = rule.max === undefined ? `${rule.min} or more` : `${rule.min}..${rule.max}`;
  const expected = `use ${bounds} (${rule.why})`;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new InputError(key, value, "is not an integer", expected);
  }
  if (value < rule.min || (rule.max !== undefined && value > rule.max)) {
    throw new InputError(key, value, "is out of range", expected);
  }
  return value;
}

/** Which special-purpose blocks a range may touch: documentation ranges only when allowed. */
export interface SpecialPolicy {
  allowDocumentation: boolean;
}

/**
 * A CIDR of `family` whose length follows `rule` and that uses no
 * special-purpose block (./special-ranges); `example` is shown when the text is unusable.
 */
export function cidrIn(key: string, value: unknown, family: IpVersion, rule: Required<Rule>, example: string, policy: SpecialPolicy): Cidr {
  const allowed = `/${rule.min}../${rule.max}`;
  const parsed = parseCidr(value, family);
  if (!parsed.ok) {
    const expected = parsed.fix ?? `use an ${familyName(family)} CIDR ${allowed}, e.g. ${example}`;
    throw new InputError(key, value, parsed.problem, expected);
  }
  const { length } = parsed.value;
  if (length < rule.min || length > rule.max) {
    const problem = `has prefix length /${length}, outside ${allowed}`;
    throw new InputError(key, value, problem, `use ${allowed} (${rule.why})`);
  }
  return notSpecial(key, value, parsed.value, policy, example);
}

/** Refuses loopback, link-local, multicast and the other special-purpose blocks, saying which and what fits. */
export function notSpecial(key: string, value: unknown, range: Cidr, policy: SpecialPolicy, example?: string): Cidr {
  const match = specialPurposeOf(range, policy);
  if (match) {
    const fits = usableSpace(range.family);
    throw new InputError(key, value, specialProblem(match, range.family), example ? `${fits}, e.g. ${example}` : fits);
  }
  return range;
}

export function validZones(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError("zones", value, "is empty", 'list at least one zone, e.g. ["lpg1"]');
  }
  const zones: string[] = [];
  value.forEach((zone: unknown, i) => {
    if (typeof zone !== "string" || zone === "") {
      throw new InputError(`zones[${i}]`, zone, "is empty or not a string", `use the provider's zone name, e.g. "lpg1"`);
    }
    // Zones name networks ("<tier>-<zone>") and through them cloud resources.
    if (!NAME_PATTERN.test(zone)) {
      throw new InputError(`zones[${i}]`, zone, "has characters other than a-z, 0-9 and -", `use the provider's zone name, e.g. "lpg1" or "ch-gva-2"`);
    }
    if (zones.includes(zone)) throw new InputError("zones", value, `lists "${zone}" twice`, "list each zone once");
    zones.push(zone);
  });
  return zones;
}

/** A VIP is an address; a prefix is tolerated when it is the host's (/32, /128) or the network's. */
export function validVip(key: string, value: unknown, family: IpVersion, networkLength: number): GivenAddress | undefined {
  if (value === undefined) return undefined;
  const parsed = parseAddress(value, family);
  if (!parsed.ok) {
    const expected = parsed.fix ?? `use an ${familyName(family)} address in the first zone's ingress network`;
    throw new InputError(key, value, parsed.problem, expected);
  }
  const { length } = parsed.value;
  const hostLength = family === 4 ? 32 : 128;
  if (length !== undefined && length !== hostLength && length !== networkLength) {
    const expected = `give a bare address, /${hostLength} or /${networkLength}`;
    throw new InputError(key, value, `has prefix length /${length}`, expected);
  }
  return { given: String(value), address: parsed.value.value };
}
