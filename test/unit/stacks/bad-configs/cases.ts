// Bad stack configs, as a new user would write them, on all five providers:
// wrong types, missing and unknown keys, special-purpose and overlapping
// ranges, out-of-range counts and prefix lengths, bad zones and flavors,
// missing secrets. Each names the key the message must start with, the value
// it must show, and what it must say fits.
import type { ProviderName } from "../../../../stacks/config";
import { SSH_KEY } from "../azure/harness";

export interface BadConfig {
  provider: ProviderName;
  what: string;
  /** Changes to the provider's valid config: dotted paths below `dualstack:`; undefined removes the key. */
  set?: Record<string, unknown>;
  /** Secrets left unset (by name). */
  unset?: string[];
  /** Extra secrets. */
  secrets?: Record<string, string>;
  stack?: string;
  /** The full config key the message names. */
  key: string;
  /** The value the message shows for it (undefined: "(not set)"). */
  value: unknown;
  /** What the message says fits. */
  fits: RegExp;
}

/** A valid config per provider, and the secrets it needs. */
export const VALID: Record<ProviderName, { config: Record<string, unknown>; secrets: Record<string, string> }> = {
  local: { config: { provider: "local", network: { ipv4Supernet: "10.77.0.0/16", zones: ["lab"], tiers: { ingress: "lab", nodes: "lab" } }, nodes: { count: 3 } }, secrets: {} },
  cloudscale: { config: { provider: "cloudscale", network: { ipv4Supernet: "10.60.0.0/16" }, nodes: { count: 2 } }, secrets: { cloudscaleToken: "cs-token-for-tests", cloudscaleFailoverToken: "cs-failover-token" } },
  exoscale: { config: { provider: "exoscale", network: { ipv4Supernet: "10.61.0.0/16" }, nodes: { count: 2 } }, secrets: { exoscaleApiKey: "EXO0123456789abcdef", exoscaleApiSecret: "exo-secret-for-tests" } },
  aws: { config: { provider: "aws", network: { ipv4Supernet: "10.70.0.0/16" }, nodes: { count: 2 } }, secrets: {} },
  azure: { config: { provider: "azure", network: { ipv4Supernet: "10.82.0.0/16" }, nodes: { count: 2 }, azure: { sshPublicKey: SSH_KEY } }, secrets: {} },
};

const PRIVATE_V4 = /use private space \(RFC 1918: 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16\) or the operator's own public range/;
const ULA_OR_GLOBAL = /use a unique local prefix in fd00::\/8 \(RFC 4193\) or the operator's own global prefix \(2000::\/3\)/;
const K3S = { runtime: "kubernetes" };

export const CASES: BadConfig[] = [
  // local
  { provider: "local", what: "a fraction for a count", set: { "nodes.count": 2.5 }, key: "dualstack:nodes.count", value: 2.5, fits: /must be a whole number/ },
  { provider: "local", what: "no nodes", set: { "nodes.count": 0 }, key: "dualstack:nodes.count", value: 0, fits: /is out of range: use 1\.\.4096/ },
  { provider: "local", what: "nine ingress hosts", set: { "ingress.count": 9 }, key: "dualstack:ingress.count", value: 9, fits: /is out of range: use 2\.\.8/ },
  { provider: "local", what: "a HAProxy binary that does not exist", set: { "local.haproxy": "/nonexistent/haproxy" }, key: "dualstack:local.haproxy", value: "/nonexistent/haproxy", fits: /is not an executable file: give the path of a haproxy binary, or leave it unset for the haproxy on PATH/ },
  { provider: "local", what: "ingress.maxCount below ingress.count", set: { "ingress.count": 3, "ingress.maxCount": 2 }, key: "dualstack:ingress.maxCount", value: 2, fits: /is out of range; use 3\.\.8 \(it counts the 3 ingress hosts there are and those to come\)/ },
  { provider: "local", what: "a CIDR where the network section goes", set: { network: "10.60.0.0/16" }, key: "dualstack:network", value: "10.60.0.0/16", fits: /must be a section \(a YAML map\) with the keys ipv4Supernet, ipv6Prefix, zones/ },
  { provider: "local", what: "a number for the supernet", set: { "network.ipv4Supernet": 12345 }, key: "dualstack:network.ipv4Supernet", value: 12345, fits: /must be a string: an IPv4 CIDR such as "10\.77\.0\.0\/16"/ },
  { provider: "local", what: "ipv6prefix in lower case", set: { "network.ipv6prefix": "fd12:3456:789a::/48" }, key: "dualstack:network", value: ["ipv6prefix"], fits: /did you mean dualstack:network\.ipv6Prefix\?/ },
  { provider: "local", what: "nodes.cout", set: { "nodes.cout": 3, "nodes.count": undefined }, key: "dualstack:nodes", value: ["cout"], fits: /did you mean dualstack:nodes\.count\?/ },
  { provider: "local", what: "a misspelt section", set: { nodez: { count: 3 } }, key: "dualstack", value: ["nodez"], fits: /did you mean dualstack:nodes\?/ },
  { provider: "local", what: "no provider", set: { provider: undefined }, key: "dualstack:provider", value: undefined, fits: /is required; one of: local, cloudscale, exoscale, aws, azure/ },
  { provider: "local", what: "an unknown provider", set: { provider: "gcp" }, key: "dualstack:provider", value: "gcp", fits: /expected one of: local, cloudscale, exoscale, aws, azure/ },
  { provider: "local", what: "an unknown runtime", set: { runtime: "podman" }, key: "dualstack:runtime", value: "podman", fits: /expected one of: docker, kubernetes/ },
  { provider: "local", what: "a loopback supernet", set: { "network.ipv4Supernet": "127.0.0.0/8" }, key: "dualstack:network.ipv4Supernet", value: "127.0.0.0/8", fits: /is loopback \(127\.0\.0\.0\/8, RFC 1122\).*use private space/ },
  { provider: "local", what: "the 'this network' block", set: { "network.ipv4Supernet": "0.0.0.0/8" }, key: "dualstack:network.ipv4Supernet", value: "0.0.0.0/8", fits: PRIVATE_V4 },
  { provider: "local", what: "a link-local supernet", set: { "network.ipv4Supernet": "169.254.0.0/16" }, key: "dualstack:network.ipv4Supernet", value: "169.254.0.0/16", fits: /is link-local .*use private space/ },
  { provider: "local", what: "an unspecified IPv6 prefix", set: { "network.ipv6Prefix": "::/48" }, key: "dualstack:network.ipv6Prefix", value: "::/48", fits: /the unspecified address .*fd00::\/8/ },
  { provider: "local", what: "a multicast IPv6 prefix", set: { "network.ipv6Prefix": "ff00::/48" }, key: "dualstack:network.ipv6Prefix", value: "ff00::/48", fits: ULA_OR_GLOBAL },
  { provider: "local", what: "a documentation IPv6 prefix", set: { "network.ipv6Prefix": "2001:db8::/48" }, key: "dualstack:network.ipv6Prefix", value: "2001:db8::/48", fits: /is documentation-only \(2001:db8::\/32, RFC 3849\).*fd00::\/8/ },
  { provider: "local", what: "an IPv6 prefix too long", set: { "network.ipv6Prefix": "fd00:1::/64" }, key: "dualstack:network.ipv6Prefix", value: "fd00:1::/64", fits: /use \/48\.\.\/62/ },
  { provider: "local", what: "an advert interval VRRPv3 cannot do", set: { "local.advertIntervalSeconds": 50 }, key: "dualstack:local.advertIntervalSeconds", value: 50, fits: /is out of range: use 0\.01\.\.40/ },
  { provider: "local", what: "a privileged app port", set: { "local.appPort": 80 }, key: "dualstack:local.appPort", value: 80, fits: /is out of range: use 1024\.\.65535/ },
  { provider: "local", what: "a zone with a space", set: { "network.zones": ["Zone A"] }, key: "dualstack:network.zones[0]", value: "Zone A", fits: /is not a zone name; expected lowercase letters, digits and "-"/ },
  { provider: "local", what: "a zone with a slash", set: { "network.zones": ["lab", "a/b"] }, key: "dualstack:network.zones[1]", value: "a/b", fits: /is not a zone name/ },
  { provider: "local", what: "networks of /30", set: { "network.ipv4SubnetPrefixLength": 30 }, key: "dualstack:network.ipv4SubnetPrefixLength", value: 30, fits: /is out of range: use 8\.\.28/ },
  { provider: "local", what: "a Docker pool inside the supernet", set: { "docker.ipv4Pool": "10.77.128.0/17" }, key: "dualstack:docker.ipv4Pool", value: "10.77.128.0/17", fits: /overlaps ipv4Supernet 10\.77\.0\.0\/16; use ranges that do not overlap/ },
  { provider: "local", what: "a public Docker pool", set: { "docker.ipv4Pool": "8.8.0.0/16" }, key: "dualstack:docker.ipv4Pool", value: "8.8.0.0/16", fits: /is not private address space .*use a range inside 172\.16\.0\.0\/12, 192\.168\.0\.0\/16/ },
  { provider: "local", what: "a VIP outside the ingress network", set: { "ingress.vips": { ipv4: "10.99.0.4" } }, key: "dualstack:ingress.vips.ipv4", value: "10.99.0.4", fits: /is outside the first zone's ingress network 10\.77\.0\.0\/24; use a free address of 10\.77\.0\.0\/24/ },
  { provider: "local", what: "a pod range on the supernet", set: { kubernetes: { clusterCidrV4: "10.77.0.0/16" } }, key: "dualstack:kubernetes.clusterCidrV4", value: "10.77.0.0/16", fits: /overlaps ipv4Supernet "10\.77\.0\.0\/16"; choose a pod range outside/ },
  { provider: "local", what: "a lab Kubernetes pod range on the supernet", set: { runtime: "kubernetes", kubernetes: { clusterCidrV4: "10.77.0.0/16" } }, key: "dualstack:kubernetes.clusterCidrV4", value: "10.77.0.0/16", fits: /overlaps ipv4Supernet "10\.77\.0\.0\/16"; choose a pod range outside/ },
  { provider: "local", what: "a lab Kubernetes multicast service range", set: { runtime: "kubernetes", kubernetes: { serviceCidrV6: "ff05::/112" } }, key: "dualstack:kubernetes.serviceCidrV6", value: "ff05::/112", fits: /is multicast \(ff00::\/8/ },
  { provider: "local", what: "managed Kubernetes in the lab", set: { runtime: "kubernetes", "kubernetes.mode": "managed" }, key: "dualstack:kubernetes.mode", value: "managed", fits: /is not available on the local lab: with runtime kubernetes the lab runs the upstream components/ },
  { provider: "local", what: "a service range in the pod quarter", set: { "network.ipv6Prefix": "fd12:3456:789a::/48", kubernetes: { serviceCidrV6: "fd12:3456:789a:4000::/112" } }, key: "dualstack:kubernetes.serviceCidrV6", value: "fd12:3456:789a:4000::/112", fits: /overlaps the pods quarter .*use a range inside fd12:3456:789a:8000::\/50 \(the services quarter\)/ },
  { provider: "local", what: "more nodes than a /24 holds", set: { "nodes.count": 300 }, key: "dualstack:nodes.count", value: 300, fits: /exceeds the plan's capacity.*use 1\.\.\d+/ },
  { provider: "local", what: "an IPv6 VIP that is link-local", set: { "ingress.vips": { ipv6: "fe80::4" } }, key: "dualstack:ingress.vips.ipv6", value: "fe80::4", fits: /is outside the first zone's ingress network .*use a free address of/ },
  // cloudscale
  { provider: "cloudscale", what: "no API token", unset: ["cloudscaleToken"], key: "dualstack:cloudscaleToken", value: undefined, fits: /pulumi config set --secret dualstack:cloudscaleToken/ },
  { provider: "cloudscale", what: "an unknown zone", set: { "cloudscale.zone": "lpg2" }, key: "dualstack:cloudscale.zone", value: "lpg2", fits: /expected one of: lpg1, rma1/ },
  { provider: "cloudscale", what: "a made-up flavor", set: { "cloudscale.flavor": "huge" }, key: "dualstack:cloudscale.flavor", value: "huge", fits: /is not a flavor; expected/ },
  { provider: "cloudscale", what: "flavour, British spelling", set: { "cloudscale.flavour": "flex-4-2" }, key: "dualstack:cloudscale", value: ["flavour"], fits: /did you mean dualstack:cloudscale\.flavor\?/ },
  { provider: "cloudscale", what: "network zones other than the section's", set: { "network.zones": ["rma1"] }, key: "dualstack:network.zones", value: ["rma1"], fits: /must be unset or \[lpg1\] on cloudscale/ },
  { provider: "cloudscale", what: "a multicast supernet", set: { "network.ipv4Supernet": "224.10.0.0/16" }, key: "dualstack:network.ipv4Supernet", value: "224.10.0.0/16", fits: /is multicast \(224\.0\.0\.0\/4, RFC 5771\).*use private space/ },
  { provider: "cloudscale", what: "a link-local IPv6 prefix", set: { "network.ipv6Prefix": "fe80::/48" }, key: "dualstack:network.ipv6Prefix", value: "fe80::/48", fits: /is link-local \(fe80::\/10, RFC 4291\).*fd00::\/8/ },
  { provider: "cloudscale", what: "an image without netplan", set: { "cloudscale.image": "centos-9" }, key: "dualstack:cloudscale.image", value: "centos-9", fits: /expected an Ubuntu or Debian 13\+ slug/ },
  { provider: "cloudscale", what: "a floating IPv6 of /64", set: { "cloudscale.floatingIpv6PrefixLength": 64 }, key: "dualstack:cloudscale.floatingIpv6PrefixLength", value: 64, fits: /128.*56|56.*128/ },
  { provider: "cloudscale", what: "managed Kubernetes", set: { runtime: "kubernetes", "kubernetes.mode": "managed" }, key: "dualstack:kubernetes.mode", value: "managed", fits: /cloudscale has no managed Kubernetes; use self-managed/ },
  { provider: "cloudscale", what: "k3s without its token", set: K3S, key: "dualstack:k3sToken", value: undefined, fits: /pulumi config set --secret dualstack:k3sToken/ },
  { provider: "cloudscale", what: "a 5 GB volume", set: { "cloudscale.volumeSizeGb": 5 }, key: "dualstack:cloudscale.volumeSizeGb", value: 5, fits: /is out of range: must be at least 10/ },
  { provider: "cloudscale", what: "one interface for both networks", set: { "cloudscale.privateInterface": "ens3" }, key: "dualstack:cloudscale.privateInterface", value: "ens3", fits: /equals dualstack:cloudscale\.publicInterface/ },
  // exoscale
  { provider: "exoscale", what: "no API secret", unset: ["exoscaleApiSecret"], key: "dualstack:exoscaleApiSecret", value: undefined, fits: /pulumi config set --secret dualstack:exoscaleApiSecret/ },
  { provider: "exoscale", what: "an unknown zone", set: { "exoscale.zone": "ch-zrh-1" }, key: "dualstack:exoscale.zone", value: "ch-zrh-1", fits: /expected one of: ch-gva-2, ch-dk-2, de-fra-1/ },
  { provider: "exoscale", what: "a made-up instance type", set: { "exoscale.instanceType": "huge" }, key: "dualstack:exoscale.instanceType", value: "huge", fits: /expected "family\.size" such as "standard\.medium"/ },
  { provider: "exoscale", what: "a 5 GiB disk", set: { "exoscale.diskSize": 5 }, key: "dualstack:exoscale.diskSize", value: 5, fits: /is out of range: use 10\.\.51200/ },
  { provider: "exoscale", what: "zon for zone", set: { "exoscale.zon": "ch-gva-2" }, key: "dualstack:exoscale", value: ["zon"], fits: /did you mean dualstack:exoscale\.zone\?/ },
  { provider: "exoscale", what: "network zones other than the section's", set: { "network.zones": ["de-fra-1"] }, key: "dualstack:network.zones", value: ["de-fra-1"], fits: /must be unset or \[ch-gva-2\]/ },
  { provider: "exoscale", what: "a multicast service range", set: { kubernetes: { serviceCidrV6: "ff05::/112" } }, key: "dualstack:kubernetes.serviceCidrV6", value: "ff05::/112", fits: /is multicast \(ff00::\/8.*e\.g\. "fd00:43::\/112"/ },
  { provider: "exoscale", what: "a multicast pod range", set: { kubernetes: { clusterCidrV4: "224.0.0.0/16" } }, key: "dualstack:kubernetes.clusterCidrV4", value: "224.0.0.0/16", fits: /is multicast.*e\.g\. "10\.42\.0\.0\/16"/ },
  { provider: "exoscale", what: "an SKS version that is not one", set: { runtime: "kubernetes", "kubernetes.mode": "managed", "exoscale.sks": { version: "latest" } }, key: "dualstack:exoscale.sks.version", value: "latest", fits: /expected e\.g\. "1\.33\.1"/ },
  { provider: "exoscale", what: "SKS without a version", set: { runtime: "kubernetes", "kubernetes.mode": "managed" }, key: "dualstack:exoscale.sks.version", value: undefined, fits: /is required with dualstack:kubernetes\.mode managed/ },
  { provider: "exoscale", what: "a benchmarking supernet", set: { "network.ipv4Supernet": "198.18.0.0/16" }, key: "dualstack:network.ipv4Supernet", value: "198.18.0.0/16", fits: /is for benchmarking \(198\.18\.0\.0\/15, RFC 2544\)/ },
  // aws
  { provider: "aws", what: "seven zones", set: { "aws.azCount": 7 }, key: "dualstack:aws.azCount", value: 7, fits: /is out of range: use 2\.\.6/ },
  { provider: "aws", what: "an instance type without a dot", set: { "aws.instanceType": "t3small" }, key: "dualstack:aws.instanceType", value: "t3small", fits: /expected "family\.size" such as "t3\.small"/ },
  { provider: "aws", what: "an instance type without IPv6", set: { "aws.instanceType": "m3.large" }, key: "dualstack:aws.instanceType", value: "m3.large", fits: /has no IPv6 support.*"t3\.small"/ },
  { provider: "aws", what: "an IPv6 prefix of the user's", set: { "network.ipv6Prefix": "2a0a:e5c0::/48" }, key: "dualstack:network.ipv6Prefix", value: "2a0a:e5c0::/48", fits: /must be unset on AWS/ },
  { provider: "aws", what: "network zones", set: { "network.zones": ["a", "b"] }, key: "dualstack:network.zones", value: ["a", "b"], fits: /must be unset on AWS.*dualstack:aws\.azCount/ },
  { provider: "aws", what: "a /8 VPC", set: { "network.ipv4Supernet": "10.0.0.0/8" }, key: "dualstack:network.ipv4Supernet", value: "10.0.0.0/8", fits: /an AWS VPC takes \/16\.\.\/28/ },
  { provider: "aws", what: "an IPAM pool id that is not one", set: { "aws.ipv6IpamPoolId": "pool-1" }, key: "dualstack:aws.ipv6IpamPoolId", value: "pool-1", fits: /expected e\.g\. "ipam-pool-0123456789abcdef0"/ },
  { provider: "aws", what: "natgateway in lower case", set: { "aws.natgateway": false }, key: "dualstack:aws", value: ["natgateway"], fits: /did you mean dualstack:aws\.natGateway\?/ },
  { provider: "aws", what: "port 0", set: { "aws.ingressPort": 0 }, key: "dualstack:aws.ingressPort", value: 0, fits: /is out of range: use 1\.\.65535/ },
  { provider: "aws", what: "a reserved supernet", set: { "network.ipv4Supernet": "240.1.0.0/16" }, key: "dualstack:network.ipv4Supernet", value: "240.1.0.0/16", fits: /is reserved for future use \(240\.0\.0\.0\/4, RFC 1112\)/ },
  // azure
  { provider: "azure", what: "no SSH key", set: { azure: {} }, key: "dualstack:azure.sshPublicKey", value: undefined, fits: /SSH key or a password|SSH/ },
  { provider: "azure", what: "zone 4", set: { "azure.zones": ["4"] }, key: "dualstack:azure.zones[0]", value: "4", fits: /expected one of: 1, 2, 3/ },
  { provider: "azure", what: "a VM size without Standard_", set: { "azure.vmSize": "B2s" }, key: "dualstack:azure.vmSize", value: "B2s", fits: /expected e\.g\. "Standard_B2s"/ },
  { provider: "azure", what: "admin as the admin user", set: { "azure.adminUsername": "admin" }, key: "dualstack:azure.adminUsername", value: "admin", fits: /is reserved by Azure.*"dualstack"/ },
  { provider: "azure", what: "region for location", set: { "azure.region": "westeurope" }, key: "dualstack:azure", value: ["region"], fits: /keys here: location, resourceGroupName/ },
  { provider: "azure", what: "a documentation IPv6 prefix", set: { "network.ipv6Prefix": "2001:db8:85::/62" }, key: "dualstack:network.ipv6Prefix", value: "2001:db8:85::/62", fits: /is documentation-only .*fd00::\/8/ },
  { provider: "azure", what: "IPv4-mapped pod range", set: { kubernetes: { clusterCidrV6: "::ffff:0:0/96" } }, key: "dualstack:kubernetes.clusterCidrV6", value: "::ffff:0:0/96", fits: /outside \/48\.\.\/56|use \/48\.\.\/56/ },
  { provider: "azure", what: "a mapped service range", set: { kubernetes: { serviceCidrV6: "::ffff:0:0/112" } }, key: "dualstack:kubernetes.serviceCidrV6", value: "::ffff:0:0/112", fits: /is IPv4-mapped \(::ffff:0:0\/96, RFC 4291\)/ },
  { provider: "azure", what: "a Docker pool on the pod range", set: { "docker.ipv4Pool": "10.42.0.0/16" }, key: "dualstack:docker.ipv4Pool", value: "10.42.0.0/16", fits: /overlaps the IPv4 pod range 10\.42\.0\.0\/16; use ranges that do not overlap/ },
];

/** The config of a case: the provider's valid one with the changes applied. */
export function configOf(c: BadConfig): { config: Record<string, unknown>; secrets: Record<string, string> } {
  const config = structuredClone(VALID[c.provider].config);
  for (const [path, value] of Object.entries(c.set ?? {})) {
    const parts = path.split(".");
    let cursor = config;
    for (const part of parts.slice(0, -1)) {
      if (cursor[part] === null || typeof cursor[part] !== "object") cursor[part] = {};
      cursor = cursor[part] as Record<string, unknown>;
    }
    if (value === undefined) delete cursor[parts[parts.length - 1]];
    else cursor[parts[parts.length - 1]] = value;
  }
  const secrets = { ...VALID[c.provider].secrets, ...c.secrets };
  for (const name of c.unset ?? []) delete secrets[name];
  return { config, secrets };
}
