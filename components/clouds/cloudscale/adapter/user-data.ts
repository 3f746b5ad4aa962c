// An ingress host's #cloud-config on cloudscale: HAProxy binds the two
// floating IPs (one frontend per family, backends = every node's private
// IPv4 and ULA IPv6), and keepalived elects the host that holds them: VRRPv3
// adverts over the private network (unicast to the planned addresses), the
// floating IPs on the public interface (cloudscale routes them there), and a
// notify_master script that PATCHes both floating IPs to the new master
// (cloudscale ignores gratuitous ARP / unsolicited NA). The script's API
// token travels in the user data, which is therefore a Pulumi secret.
import type { AddressPlan, PlannedIngressHost } from "../../../addressing";
import { keepalivedArgsFromPlan, renderKeepalivedConfig } from "../../../failover";
import { renderCloudscaleNotifyScript } from "../../../failover/notify/cloudscale";
import { DEFAULT_INGRESS_SETTINGS, HAPROXY_DEFAULTS, haproxyArgsFromPlan, renderHaproxyConfig, renderIngressUserData } from "../../../ingress";
import { firstPerKey, planSources, renderProblems } from "../../../preflight";
import type { ConfigProblem } from "../../../problems";
import { DEMO_APP_DEFAULTS } from "../../../runtime";
import { DEFAULT_API_URL } from "../config";
import { serviceAddress } from "./entry-addresses";
import type { CloudscaleHostSettings } from "./settings";

/** Where the ingress hosts keep the failover script and its token (root-only). */
export const FAILOVER_PATHS = {
  notifyMaster: "/usr/local/sbin/dualstack-move-floating-ips",
  token: "/etc/dualstack/cloudscale-failover-token",
} as const;

/**
 * Modest adverts for a cloud: takeover after ~3.6 s, plus the two API calls.
 * The lab's 0.1 s would turn every hiccup of a shared cloud network into a
 * failover, and each failover costs API calls.
 */
export const CLOUD_ADVERT_INTERVAL_SECONDS = 1;

/** The floating IPs' networks as the API reports them: "192.0.2.7/32", "2001:db8::7/128" or "2001:db8:100::/56". */
export interface FloatingNetworks {
  ipv4: string;
  ipv6: string;
}

type IngressHostSettings = Pick<CloudscaleHostSettings, "apiUrl" | "publicInterface" | "privateInterface">;

/** The settings that reach the user data, by the config key a stack sets them with. */
export function settingKeys(s: Pick<CloudscaleHostSettings, "publicInterface" | "privateInterface">): Record<string, unknown> {
  return { "dualstack:cloudscale.privateInterface": s.privateInterface, "dualstack:cloudscale.publicInterface": s.publicInterface };
}

/** An ingress host's #cloud-config once the floating IPs and the token are known. Pure. */
export function ingressUserData(plan: AddressPlan, host: PlannedIngressHost, s: IngressHostSettings, fips: FloatingNetworks, token: string): string {
  const vips = { ipv4: serviceAddress(fips.ipv4), ipv6: serviceAddress(fips.ipv6) };
  // Nodes publish the app on the host's port 80 (Docker), so that is the backend port.
  const haproxy = renderHaproxyConfig(haproxyArgsFromPlan(plan, { ...DEFAULT_INGRESS_SETTINGS, backendPort: DEMO_APP_DEFAULTS.publicPort, vips }));
  const keepalived = renderKeepalivedConfig(
    keepalivedArgsFromPlan(plan, host.name, {
      interface: s.privateInterface,
      vipInterface: s.publicInterface,
      // Single addresses on the interface: a /56 stays routed to the host without being configured.
      vips: { ipv4: vips.ipv4, ipv4PrefixLength: 32, ipv6: vips.ipv6, ipv6PrefixLength: 128 },
      advertIntervalSeconds: CLOUD_ADVERT_INTERVAL_SECONDS,
      haproxyMonitorPort: DEFAULT_INGRESS_SETTINGS.localMonitorPort,
      haproxyMonitorUri: HAPROXY_DEFAULTS.monitorUri,
      notify: { master: FAILOVER_PATHS.notifyMaster },
    }),
  );
  // The script names floating IPs by their id (the network address; it drops the prefix).
  const notify = renderCloudscaleNotifyScript({ apiUrl: s.apiUrl ?? DEFAULT_API_URL, tokenFile: FAILOVER_PATHS.token, floatingIps: [fips.ipv4, fips.ipv6] });
  return renderIngressUserData({
    haproxyConfig: haproxy,
    keepalivedConfig: keepalived,
    scripts: [{ path: FAILOVER_PATHS.notifyMaster, content: notify }],
    secretFiles: [{ path: FAILOVER_PATHS.token, content: `${token}\n` }],
    // The unicast adverts' IPv6 source and HAProxy's way to the nodes' ULA addresses.
    privateIpv6: { interface: s.privateInterface, ipv6: host.ipv6, ipv6PrefixLength: host.ipv6PrefixLength },
  });
}

/** Documentation addresses in the floating IPs' place: the real ones are only known during `up`. */
const STAND_IN_FLOATING: Record<128 | 56, FloatingNetworks> = {
  128: { ipv4: "203.0.113.7/32", ipv6: "2001:db8:ffff::7/128" },
  56: { ipv4: "203.0.113.7/32", ipv6: "2001:db8:ff00::/56" },
};

/**
 * Every ingress host's user data rendered at preview as `up` will, with
 * stand-in floating IPs and token, so keepalived's, HAProxy's and
 * cloud-init's checks fail the preview (they run inside an apply on the
 * floating IPs otherwise, during `up` only).
 */
export function ingressUserDataProblems(plan: AddressPlan, s: IngressHostSettings & Pick<CloudscaleHostSettings, "floatingIpv6PrefixLength">): ConfigProblem[] {
  const sources = planSources(plan, settingKeys(s));
  const fips = STAND_IN_FLOATING[s.floatingIpv6PrefixLength];
  const token = "x".repeat(64);
  return firstPerKey(
    plan.ingress.hosts.flatMap((host) => renderProblems("the ingress hosts' user data", () => ingressUserData(plan, host, s, fips, token), sources)),
  );
}
