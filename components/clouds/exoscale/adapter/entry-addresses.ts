// The cluster's entry point on Exoscale. The NLB is IPv4 only, so the entry
// points are two managed elastic IPs, inet4 and inet6, each attached to every
// ingress host: Exoscale sends an EIP's traffic to the attached hosts whose
// healthcheck (HAProxy's monitor-uri) passes. That replaces keepalived.
// Each host has its own attachments (one per EIP), made with the host: a
// replaced host detaches only itself, and the next host of the chain waits
// for them (MadeHost.settled), i.e. until this one serves the EIPs again.
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
  /** Names and options of the EIPs, for their attachments (children of the same parent, as they always were). */
  names: Names;
  opts?: pulumi.CustomResourceOptions;
}

export function elasticIps(n: Names, zone: string, opts?: pulumi.CustomResourceOptions): ElasticIps {
  const eip = (family: "inet4" | "inet6") =>
    new ElasticIp(named(n.pulumi, `eip-${family}`), { zone, addressFamily: family, description: `${n.api} ingress (${family})`, healthcheck: EIP_HEALTHCHECK }, opts);
  const ipv4 = eip("inet4");
  const ipv6 = eip("inet6");
  return { elasticIps: { ipv4, ipv6 }, ipv4: ipv4.ip, ipv6: ipv6.ip, names: n, opts };
}

/**
 * Both EIPs on one ingress host: each is served by whichever hosts pass the
 * healthcheck. An attachment is done once the host serves the EIP as far as
 * the API shows (providers/elastic-ip-attachment.ts).
 */
export function attachElasticIps(eips: ElasticIps, host: { name: string; instance: Instance }): ElasticIpAttachment[] {
  return ([["v4", eips.elasticIps.ipv4], ["v6", eips.elasticIps.ipv6]] as const).map(
    ([family, eip]) => new ElasticIpAttachment(named(eips.names.pulumi, `eip-${family}-${host.name}`), { elasticIp: eip.id, instance: host.instance.id }, { parent: eips.opts?.parent }),
  );
}
