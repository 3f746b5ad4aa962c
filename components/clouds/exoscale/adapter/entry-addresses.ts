// The cluster's entry point on Exoscale. The NLB is IPv4 only, so the entry
// points are two managed elastic IPs, inet4 and inet6, each attached to every
// ingress host: Exoscale sends an EIP's traffic to the attached hosts whose
// healthcheck (HAProxy's monitor-uri) passes. That replaces keepalived.
import type * as pulumi from "@pulumi/pulumi";
import type { EntryAddresses } from "../../../cluster";
import { DEFAULT_INGRESS_SETTINGS, HAPROXY_DEFAULTS } from "../../../ingress";
import { ElasticIp, ElasticIpAttachment, type Instance } from "../resources";
import { named, type Names } from "../../../cluster/names";

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

export interface ElasticIps extends EntryAddresses {
  elasticIps: { ipv4: ElasticIp; ipv6: ElasticIp };
}

export function elasticIps(n: Names, zone: string, opts?: pulumi.CustomResourceOptions): ElasticIps {
  const eip = (family: "inet4" | "inet6") =>
    new ElasticIp(named(n.pulumi, `eip-${family}`), { zone, addressFamily: family, description: `${n.api} ingress (${family})`, healthcheck: EIP_HEALTHCHECK }, opts);
  const ipv4 = eip("inet4");
  const ipv6 = eip("inet6");
  return { elasticIps: { ipv4, ipv6 }, ipv4: ipv4.ip, ipv6: ipv6.ip };
}

/** Both EIPs on every ingress host: each is served by whichever hosts pass the healthcheck. */
export function attachElasticIps(prefix: string, eips: ElasticIps, hosts: { name: string; instance: Instance }[], parent: pulumi.Resource): void {
  for (const [family, eip] of [["v4", eips.elasticIps.ipv4], ["v6", eips.elasticIps.ipv6]] as const) {
    for (const h of hosts) new ElasticIpAttachment(`${prefix}-eip-${family}-${h.name}`, { elasticIp: eip.id, instance: h.instance.id }, { parent });
  }
}
