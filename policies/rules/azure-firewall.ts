// Azure NSG rules (inline securityRules and standalone SecurityRule resources)
// on the shared firewall model. One NSG rule cannot mix IPv4 and IPv6
// prefixes, so a rule from 0.0.0.0/0 needs a separate ::/0 rule. "*",
// "Internet" and "Any" already cover both families (no twin needed), but they
// do count as "the whole Internet" for SSH.
import type { Finding, PlainResource, ResourceRule, StackRule } from "../lib/policy";
import { hasUnknown, isProps, isUnknown, list, str, strings, UNKNOWN, type Props, type Value } from "../lib/props";
import { groupBy, refOf } from "../lib/refs";
import { AZURE } from "../lib/types";
import { type FwRule, portsLabel, type PortRange, type Protocol, rulesMissingIpv6Twin, rulesOpeningSsh, sshMessage, twinMessage } from "./firewall";

function portRanges(single: Value | undefined, many: Value | undefined): FwRule["ports"] {
  if (hasUnknown(single) || hasUnknown(many)) return UNKNOWN;
  const texts = [...strings(single), ...strings(many)];
  if (texts.length === 0 || texts.some((t) => t.trim() === "*")) return "all";
  const out: PortRange[] = [];
  for (const t of texts) {
    const [a, b] = t.split("-").map((x) => Number(x.trim()));
    if (Number.isFinite(a)) out.push([a, Number.isFinite(b) ? b : a]);
  }
  return out;
}

/** An NSG security rule (inline or standalone) as a firewall rule; Deny rules open nothing. */
export function nsgRule(p: Props, urn?: string): FwRule | undefined {
  const access = str(p.access);
  if (typeof access === "string" && access.toLowerCase() !== "allow") return undefined;
  const dir = str(p.direction);
  if (isUnknown(dir) || dir === undefined) return undefined;
  const direction = dir.toLowerCase() === "inbound" ? "ingress" : "egress";
  const protoText = str(p.protocol);
  const protocol: Protocol | typeof UNKNOWN = isUnknown(protoText) ? UNKNOWN : protoText === "*" || protoText === undefined ? "all" : protoText.toLowerCase();
  // The "remote" end: the source for inbound rules, the destination for outbound ones.
  const [one, many]: (Value | undefined)[] = direction === "ingress" ? [p.sourceAddressPrefix, p.sourceAddressPrefixes] : [p.destinationAddressPrefix, p.destinationAddressPrefixes];
  const remotes = [...strings(one), ...strings(many)];
  const ports = protocol === "icmp" ? "all" : portRanges(p.destinationPortRange, p.destinationPortRanges);
  const name = str(p.name);
  return {
    direction,
    protocol,
    ports,
    remotes,
    remoteUnknown: hasUnknown(one) || hasUnknown(many) || isUnknown(access),
    urn,
    label: `${typeof name === "string" ? name + ": " : ""}${dir} ${portsLabel(protocol, ports)} ${direction === "ingress" ? "from" : "to"} ${remotes.join(",") || "-"}`,
  };
}

function inlineNsgRules(props: Props, urn?: string): FwRule[] {
  const rules = list(props.securityRules);
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((r) => (isProps(r) ? [nsgRule(r, urn)].filter((x): x is FwRule => !!x) : []));
}

export const azureNsgIpv6Twin: ResourceRule = {
  name: "azure-nsg-ipv6-twin",
  description:
    "Every Azure NSG rule allowing 0.0.0.0/0 has a ::/0 twin (same direction, protocol, ports): one NSG rule cannot hold both families, so the IPv6 rule is a separate one and easily forgotten.",
  types: [AZURE.nsg],
  check(props, name) {
    return rulesMissingIpv6Twin(inlineNsgRules(props)).map((r) => twinMessage(r, `NSG "${name}"`) + " (a separate rule: one rule cannot mix families).");
  },
};

export const azureSecurityRuleIpv6Twin: StackRule = {
  name: "azure-security-rule-ipv6-twin",
  description:
    "Every standalone Azure SecurityRule allowing 0.0.0.0/0 has a ::/0 twin in the same NSG: a stack rule, because the twin is another resource.",
  types: [AZURE.nsg, AZURE.securityRule],
  check(resources) {
    const nsgs = new Map(resources.filter((r) => r.type === AZURE.nsg).map((r) => [r.urn, r]));
    const standalone = resources.filter((r) => r.type === AZURE.securityRule);
    const findings: Finding[] = [];
    const key = (r: PlainResource) => refOf(r, "networkSecurityGroupName") ?? undefined;
    for (const [k, members] of groupBy(standalone, key)) {
      const nsg = nsgs.get(k);
      const own = members.map((m) => nsgRule(m.props, m.urn)).filter((x): x is FwRule => !!x);
      const all = [...own, ...(nsg ? inlineNsgRules(nsg.props, nsg.urn) : [])];
      for (const r of rulesMissingIpv6Twin(own, all)) findings.push({ urn: r.urn!, message: twinMessage(r, "security rule") });
    }
    return findings;
  },
};

export const azureNoPublicSsh: ResourceRule = {
  name: "azure-no-public-ssh",
  description:
    "No Azure NSG rule allows SSH (22) from the whole Internet (0.0.0.0/0, ::/0, *, Internet, Any): the IPv6 Internet gets scanned too; use Azure Bastion or admin prefixes of both families.",
  types: [AZURE.nsg, AZURE.securityRule],
  check(props, name, type) {
    const rules = type === AZURE.securityRule ? [nsgRule(props)].filter((x): x is FwRule => !!x) : inlineNsgRules(props);
    return rulesOpeningSsh(rules).map((r) => sshMessage(r, `"${name}"`));
  },
};
