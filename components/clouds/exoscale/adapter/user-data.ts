// What Exoscale hosts run, and the user-data limit it sets. HAProxy on the
// ingress hosts listens on every address of each family: Exoscale documents
// managed EIPs as needing no guest set-up (their traffic may arrive addressed
// to the instance's own address), and the EIPs also sit on the loopback
// interface in case it arrives addressed to the EIP. Either way each family
// is proxied to every node's private address of the same family. Nodes run
// Docker or self-managed k3s, reached over the private network (IPv4 by DHCP,
// the planned ULA IPv6 set statically on eth1).
import type { AddressPlan, PlannedIngressHost } from "../../../addressing";
import { DEFAULT_INGRESS_SETTINGS, haproxyArgsFromPlan, renderHaproxyConfig, renderIngressUserData } from "../../../ingress";
import { firstPerKey, planSources, renderProblems } from "../../../preflight";
import type { ConfigProblem } from "../../../problems";
import { DEMO_APP_DEFAULTS, type UserDataLimit } from "../../../runtime";
import type { HostNetworkOptions } from "../../../runtime/cloud-init";
import { MAX_USER_DATA_BASE64 } from "../providers/instance";
import { PRIVATE_INTERFACE, PUBLIC_INTERFACE } from "./settings";

/** eth1 gets the planned ULA; eth0 keeps its public IPv6 by RA although the node forwards. */
export const NODE_HOST_NETWORK: HostNetworkOptions = { privateInterface: PRIVATE_INTERFACE, acceptRaInterfaces: [PUBLIC_INTERFACE] };

/** An ingress host's #cloud-config once both EIP addresses are known. */
export function ingressUserData(plan: AddressPlan, host: PlannedIngressHost, eips: { ipv4: string; ipv6: string }): string {
  // Nodes publish the app on the host's port 80, both families: Docker's published
  // port, or k3s ServiceLB for the LoadBalancer Service. So that is the backend port.
  const settings = { ...DEFAULT_INGRESS_SETTINGS, backendPort: DEMO_APP_DEFAULTS.publicPort };
  // No keepalived, so no loopback monitor frontend for its track script.
  const haproxy = renderHaproxyConfig({ ...haproxyArgsFromPlan(plan, settings), vips: "any", localMonitorPort: undefined });
  return renderIngressUserData({
    haproxyConfig: haproxy,
    localAddresses: [`${eips.ipv4}/32`, `${eips.ipv6}/128`],
    privateIpv6: { interface: PRIVATE_INTERFACE, ipv6: host.ipv6, ipv6PrefixLength: host.ipv6PrefixLength },
  });
}

/** The longest addresses an EIP pair can have in text (15 and 39 characters). */
const WIDEST_EIPS = { ipv4: "223.255.255.254", ipv6: "2a05:ffff:ffff:ffff:ffff:ffff:ffff:ffff" };

const base64Length = (text: string) => Buffer.from(text, "utf8").toString("base64").length;

/**
 * Every ingress host's user data rendered at preview with the widest EIP
 * addresses (the real ones are only known during `up`), so the renderers'
 * checks fail the preview. And its size: HAProxy lists every node, so it
 * grows with the node count, past what Exoscale accepts at about 200 nodes.
 */
export function ingressUserDataProblems(plan: AddressPlan): ConfigProblem[] {
  const sources = planSources(plan);
  const invalid = firstPerKey(plan.ingress.hosts.flatMap((host) => renderProblems("the ingress hosts' user data", () => ingressUserData(plan, host, WIDEST_EIPS), sources)));
  if (invalid.length) return invalid;
  const size = base64Length(ingressUserData(plan, plan.ingress.hosts[0], WIDEST_EIPS));
  if (size <= MAX_USER_DATA_BASE64) return [];
  const message =
    `is too many for the ingress hosts' user data: HAProxy lists every node, and the user data would take up to ${size} ` +
    `characters in base64 where Exoscale accepts ${MAX_USER_DATA_BASE64}; use fewer nodes per stack`;
  return [{ key: "dualstack:nodes.count", value: plan.nodes.length, message }];
}

/** What the nodes' user data must fit: Exoscale counts base64 characters. */
export const NODE_USER_DATA_LIMIT: UserDataLimit = { cloud: "Exoscale", max: MAX_USER_DATA_BASE64, unit: "base64", hostNetwork: NODE_HOST_NETWORK };
