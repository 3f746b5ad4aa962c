// exoscale:SecurityGroupRule — one rule of a security group. The API answers
// an added rule with the group's id, so the new rule is found by its fields
// (which also adopts a rule whose create response was lost).
import type { ExoscaleClient } from "../client";
import { exoscaleProvider } from "../provider";
import { checkInt, checkOneOf, cidrFamily, failure, Failure } from "../validate";

export const RULE_PROTOCOLS = ["tcp", "udp", "icmp", "icmpv6", "esp", "gre", "ah", "ipip"] as const;

export interface SecurityGroupRuleInputs {
  securityGroup: string;
  flowDirection: "ingress" | "egress";
  protocol: (typeof RULE_PROTOCOLS)[number];
  /** CIDR, e.g. "0.0.0.0/0" or "::/0". */
  network?: string;
  /**
   * Instead of a network: a security group whose members (all their
   * addresses, both families) the rule matches, e.g. the group itself for
   * node-to-node traffic.
   */
  sourceSecurityGroup?: string;
  startPort?: number;
  endPort?: number;
  icmp?: { type: number; code: number };
  description?: string;
}

interface ApiRule {
  id: string;
  "flow-direction": string;
  protocol: string;
  network?: string;
  "security-group"?: { id?: string; name?: string };
  "start-port"?: number;
  "end-port"?: number;
  icmp?: { type?: number; code?: number };
  description?: string;
}

export function validateRule(r: SecurityGroupRuleInputs): Failure[] {
  const f: Failure[] = [
    ...(typeof r.securityGroup === "string" && r.securityGroup ? [] : [failure("securityGroup", r.securityGroup, "expected a security group id")]),
    ...checkOneOf("flowDirection", r.flowDirection, ["ingress", "egress"]),
    ...checkOneOf("protocol", r.protocol, RULE_PROTOCOLS),
  ];
  const family = r.network === undefined ? undefined : cidrFamily(r.network);
  if (r.network !== undefined && !family) f.push(failure("network", r.network, 'expected a CIDR such as "0.0.0.0/0" or "::/0"'));
  if ((r.network === undefined) === (r.sourceSecurityGroup === undefined)) {
    f.push(failure("network", r.network, "set exactly one of network (a CIDR) and sourceSecurityGroup (a security group id)"));
  }
  if (r.protocol === "icmpv6" && family === 4) {
    f.push(failure("network", r.network, "protocol icmpv6 needs an IPv6 network (e.g. ::/0)"));
  }
  if (r.protocol === "icmp" && family === 6) {
    f.push(failure("network", r.network, "protocol icmp is IPv4 only; use icmpv6 with an IPv6 network"));
  }
  const ported = r.protocol === "tcp" || r.protocol === "udp";
  if (ported) {
    f.push(...checkInt("startPort", r.startPort, 1, 65535), ...checkInt("endPort", r.endPort, 1, 65535));
    if (typeof r.startPort === "number" && typeof r.endPort === "number" && r.endPort < r.startPort) {
      f.push(failure("endPort", r.endPort, `expected >= startPort (${r.startPort})`));
    }
  } else if (r.startPort !== undefined || r.endPort !== undefined) {
    f.push(failure("startPort", r.startPort, `ports apply to tcp and udp only, not ${r.protocol}`));
  }
  if (r.protocol === "icmp" || r.protocol === "icmpv6") {
    if (!r.icmp) f.push(failure("icmp", r.icmp, `protocol ${r.protocol} needs icmp {type, code} (-1 for any)`));
    else f.push(...checkInt("icmp.type", r.icmp.type, -1, 254), ...checkInt("icmp.code", r.icmp.code, -1, 254));
  } else if (r.icmp) {
    f.push(failure("icmp", r.icmp, `icmp applies to protocols icmp and icmpv6 only, not ${r.protocol}`));
  }
  return f;
}

function toInputs(securityGroup: string, a: ApiRule): SecurityGroupRuleInputs {
  const r: SecurityGroupRuleInputs = {
    securityGroup,
    flowDirection: a["flow-direction"] as SecurityGroupRuleInputs["flowDirection"],
    protocol: a.protocol as SecurityGroupRuleInputs["protocol"],
  };
  if (a.network) r.network = a.network;
  if (a["security-group"]?.id) r.sourceSecurityGroup = a["security-group"].id;
  if (a["start-port"] !== undefined) r.startPort = a["start-port"];
  if (a["end-port"] !== undefined) r.endPort = a["end-port"];
  if (a.icmp) r.icmp = { type: a.icmp.type ?? -1, code: a.icmp.code ?? -1 };
  if (a.description) r.description = a.description;
  return r;
}

const key = (r: SecurityGroupRuleInputs) =>
  JSON.stringify([r.flowDirection, r.protocol, r.network ?? null, r.sourceSecurityGroup ?? null, r.startPort ?? null, r.endPort ?? null, r.icmp?.type ?? null, r.icmp?.code ?? null]);

async function rules(c: ExoscaleClient, sg: string): Promise<ApiRule[]> {
  const group = await c.get<{ rules?: ApiRule[] }>(`/security-group/${sg}`);
  return group.rules ?? [];
}

async function findRule(c: ExoscaleClient, r: SecurityGroupRuleInputs, exclude: Set<string>): Promise<string | undefined> {
  const all = await rules(c, r.securityGroup);
  return all.find((a) => !exclude.has(a.id) && key(toInputs(r.securityGroup, a)) === key(r))?.id;
}

export const provider = exoscaleProvider<SecurityGroupRuleInputs, SecurityGroupRuleInputs>({
  type: "SecurityGroupRule",
  inputKeys: ["securityGroup", "flowDirection", "protocol", "network", "sourceSecurityGroup", "startPort", "endPort", "icmp", "description"],
  replaceKeys: ["securityGroup", "flowDirection", "protocol", "network", "sourceSecurityGroup", "startPort", "endPort", "icmp", "description"],
  defaults: (r) => (r.startPort !== undefined && r.endPort === undefined ? { ...r, endPort: r.startPort } : r),
  validate: validateRule,

  async create(c, r) {
    // Rules that already exist are not ours to adopt on the first try.
    const before = new Set((await rules(c, r.securityGroup)).filter((a) => key(toInputs(r.securityGroup, a)) === key(r)).map((a) => a.id));
    const body = {
      "flow-direction": r.flowDirection,
      protocol: r.protocol,
      ...(r.network ? { network: r.network } : {}),
      ...(r.sourceSecurityGroup ? { "security-group": { id: r.sourceSecurityGroup } } : {}),
      ...(r.startPort !== undefined ? { "start-port": r.startPort, "end-port": r.endPort ?? r.startPort } : {}),
      ...(r.icmp ? { icmp: r.icmp } : {}),
      ...(r.description ? { description: r.description } : {}),
    };
    const find = () => findRule(c, r, before);
    await c.create(`/security-group/${r.securityGroup}/rules`, body, async () => ((await find()) ? r.securityGroup : undefined));
    const id = await find();
    if (!id) throw new Error(`exoscale SecurityGroupRule: rule created in ${r.securityGroup} but not found afterwards`);
    return { id, outs: { ...r } };
  },

  async read(c, id, props) {
    const group = await c.find<{ rules?: ApiRule[] }>(`/security-group/${props.securityGroup}`);
    const rule = group?.rules?.find((a) => a.id === id);
    return rule && toInputs(props.securityGroup, rule);
  },

  async delete(c, id, props) {
    await c.remove(`/security-group/${props.securityGroup}/rules/${id}`);
  },
});
