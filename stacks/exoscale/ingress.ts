// Dual-stack ingress on Exoscale. The NLB is IPv4 only, so the entry points
// are two managed elastic IPs, inet4 and inet6, each attached to every
// ingress host: Exoscale sends an EIP's traffic to the attached hosts whose
// healthcheck (HAProxy's monitor-uri) passes. That replaces keepalived.
// HAProxy listens on every address of each family: Exoscale documents managed
// EIPs as needing no guest set-up (their traffic may arrive addressed to the
// instance's own address), and the EIPs also sit on the loopback interface
// in case it arrives addressed to the EIP. Either way each family is proxied
// to every node's private address of the same family.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedIngressHost } from "../../components/addressing";
import { ElasticIp, ElasticIpAttachment, Instance } from "../../components/clouds/exoscale";
import { MAX_USER_DATA_BASE64 } from "../../components/clouds/exoscale/providers/instance";
import {
  DEFAULT_INGRESS_SETTINGS,
  HAPROXY_DEFAULTS,
  haproxyArgsFromPlan,
  renderHaproxyConfig,
  renderIngressUserData,
} from "../../components/ingress";
import { DEMO_APP_DEFAULTS } from "../../components/runtime";
import type { ConfigProblem } from "../config";
import { hostSummary, HostSummary, plannedInstance, PRIVATE_INTERFACE, type RoleArgs } from "./hosts";
import { networkOf } from "./network";

/** The port clients use, where HAProxy listens and where the EIP healthcheck probes. */
export const INGRESS_PORT = DEFAULT_INGRESS_SETTINGS.port;

/** Probes HAProxy itself (monitor-uri on every frontend), not the nodes behind it. */
export const EIP_HEALTHCHECK = {
  mode: "http",
  port: INGRESS_PORT,
  uri: HAPROXY_DEFAULTS.monitorUri,
  interval: 10,
  timeout: 3,
  strikesOk: 2,
  strikesFail: 3,
} as const;

export interface ElasticIps {
  ipv4: ElasticIp;
  ipv6: ElasticIp;
}

export type IngressArgs = RoleArgs;

export interface Ingress {
  elasticIps: ElasticIps;
  instances: Instance[];
  summaries: HostSummary[];
}

export function elasticIps(prefix: string, zone: string, opts?: pulumi.CustomResourceOptions): ElasticIps {
  const eip = (family: "inet4" | "inet6") =>
    new ElasticIp(`eip-${family}`, { zone, addressFamily: family, description: `${prefix} ingress (${family})`, healthcheck: EIP_HEALTHCHECK }, opts);
  return { ipv4: eip("inet4"), ipv6: eip("inet6") };
}

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

/**
 * HAProxy lists every node, so the ingress user data grows with the node
 * count, past what Exoscale accepts at about 200 nodes. Checked at preview
 * with the widest addresses: the real EIPs are only known during `up`.
 */
export function ingressUserDataProblems(plan: AddressPlan): ConfigProblem[] {
  const size = Buffer.from(ingressUserData(plan, plan.ingress.hosts[0], WIDEST_EIPS), "utf8").toString("base64").length;
  if (size <= MAX_USER_DATA_BASE64) return [];
  const message =
    `is too many for the ingress hosts' user data: HAProxy lists every node, and the user data would take up to ${size} ` +
    `characters in base64 where Exoscale accepts ${MAX_USER_DATA_BASE64}; use fewer nodes per stack`;
  return [{ key: "dualstack:nodes.count", value: plan.nodes.length, message }];
}

/** Both EIPs on every ingress host: each is served by whichever hosts pass the healthcheck. */
function attachElasticIps(eips: ElasticIps, hosts: PlannedIngressHost[], instances: Instance[], opts?: pulumi.CustomResourceOptions): void {
  for (const [family, eip] of [["v4", eips.ipv4], ["v6", eips.ipv6]] as const) {
    instances.forEach((instance, i) => new ElasticIpAttachment(`eip-${family}-${hosts[i].name}`, { elasticIp: eip.id, instance: instance.id }, opts));
  }
}

export function ingress(a: IngressArgs, opts?: pulumi.CustomResourceOptions): Ingress {
  const eips = elasticIps(a.prefix, a.settings.zone, opts);
  const hosts = a.plan.ingress.hosts;
  const instances = hosts.map((host, i) =>
    plannedInstance(
      host,
      {
        prefix: a.prefix,
        settings: a.settings,
        instanceType: a.settings.ingressInstanceType,
        securityGroup: a.securityGroups.ingress,
        antiAffinityGroup: a.antiAffinity.groupOf(i),
        network: networkOf(a.networks, host),
        userData: pulumi.all([eips.ipv4.ip, eips.ipv6.ip]).apply(([ipv4, ipv6]) => ingressUserData(a.plan, host, { ipv4, ipv6 })),
      },
      opts,
    ),
  );
  attachElasticIps(eips, hosts, instances, opts);
  return { elasticIps: eips, instances, summaries: hosts.map((host, i) => hostSummary(host, instances[i])) };
}
