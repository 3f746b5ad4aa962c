// Human-readable views of an AddressPlan: a plain-text table for terminals and
// PR descriptions, and a Mermaid flowchart for Markdown docs.
import type { AddressPlan, PlannedHost } from "./types";

/** The plan as aligned plain-text tables, one section per concern. */
export function formatPlanTable(plan: AddressPlan): string {
  const { ingress, kubernetes: k8s } = plan;
  const hosts: PlannedHost[] = [...ingress.hosts, ...plan.nodes];
  const sections = [
    `Address plan "${plan.name}": IPv4 ${plan.ipv4Supernet}, IPv6 ${plan.ipv6Prefix} (${plan.ipv6PrefixSource})`,
    section(
      "Networks",
      ["NAME", "ZONE", "TIER", "IPV4", "IPV6", "GATEWAY IPV4", "GATEWAY IPV6"],
      plan.networks.map((n) => [n.name, n.zone, n.tier, n.ipv4Cidr, n.ipv6Cidr, n.ipv4Gateway, n.ipv6Gateway]),
    ),
    section(
      "Hosts",
      ["NAME", "ROLE", "ZONE", "NETWORK", "IPV4", "IPV6"],
      hosts.map((h) => [
        h.name,
        h.role,
        h.zone,
        h.network,
        `${h.ipv4}/${h.ipv4PrefixLength}`,
        `${h.ipv6}/${h.ipv6PrefixLength}`,
      ]),
    ),
    section(
      `Ingress on ${ingress.network}: VIPs ${ingress.vips.ipv4}, ${ingress.vips.ipv6}; ` +
        `VRRP router ids IPv4 ${ingress.vrrp.routerIdV4}, IPv6 ${ingress.vrrp.routerIdV6}`,
      ["HOST", "VRRP PRIORITY"],
      ingress.hosts.map((h) => [h.name, String(h.vrrpPriority)]),
    ),
    section(
      `Kubernetes (node masks IPv4 /${k8s.nodeCidrMaskSizeV4}, IPv6 /${k8s.nodeCidrMaskSizeV6}` +
        `${k8s.podRangeIsUla ? "; IPv6 pod range is ULA: masquerade it" : ""})`,
      ["RANGE", "IPV4", "IPV6"],
      [
        ["pods", k8s.clusterCidrV4, k8s.clusterCidrV6],
        ["services", k8s.serviceCidrV4, k8s.serviceCidrV6],
        ...plan.nodes.map((n) => [`pods of ${n.name}`, n.podCidrV4, n.podCidrV6]),
      ],
    ),
    section(
      "Docker",
      ["NODE", "IPV6 RANGE", "FIXED-CIDR-V6", "ADDRESS POOL", "IPV4 POOL"],
      plan.nodes.map((n) => [
        n.name,
        n.docker.ipv6Cidr,
        n.docker.fixedCidrV6,
        `${n.docker.addressPoolV6.base} as /${n.docker.addressPoolV6.size}s`,
        `${n.docker.addressPoolV4.base} as /${n.docker.addressPoolV4.size}s`,
      ]),
    ),
  ];
  return `${sections.join("\n\n")}\n`;
}

function section(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, col) => cell.padEnd(widths[col])).join("  ")}`.trimEnd();
  return [title, line(header), ...rows.map(line)].join("\n");
}

/** The plan as a Markdown Mermaid flowchart: prefix -> networks -> hosts, with the VIPs on the ingress network. */
export function planToMermaid(plan: AddressPlan): string {
  const networkId = new Map(plan.networks.map((n, i) => [n.name, `net${i}`]));
  const hosts: PlannedHost[] = [...plan.ingress.hosts, ...plan.nodes];
  const { vips, vrrp } = plan.ingress;
  const vip = label("VIP", vips.ipv4, vips.ipv6, `VRRP ${vrrp.routerIdV4} / ${vrrp.routerIdV6}`);
  const lines = [
    "```mermaid",
    "flowchart TD",
    `  env["${label(plan.name, `${plan.ipv6Prefix} (${plan.ipv6PrefixSource})`, plan.ipv4Supernet)}"]`,
    ...plan.networks.map((n) => `  env --> ${networkId.get(n.name)}["${label(n.name, n.ipv4Cidr, n.ipv6Cidr)}"]`),
    ...hosts.map((h, i) => `  ${networkId.get(h.network)} --> host${i}["${label(h.name, h.ipv4, h.ipv6)}"]`),
    `  ${networkId.get(plan.ingress.network)} -.- vip(["${vip}"])`,
    "```",
  ];
  return `${lines.join("\n")}\n`;
}

/** A multi-line Mermaid label; quotes and angle brackets as entities so zone names cannot break the syntax. */
function label(...lines: string[]): string {
  const entities: Record<string, string> = { '"': "#quot;", "<": "#lt;", ">": "#gt;" };
  return lines.map((line) => line.replace(/["<>]/g, (c) => entities[c])).join("<br/>");
}
