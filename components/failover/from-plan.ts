// The failover layer's keepalived config for one ingress host of a plan: the
// plan's VIPs (or a cloud's floating IPs), its per-family VRRP ids, this
// host's priority, the other ingress hosts as unicast peers.
import type { AddressPlan } from "../addressing";
import type { KeepalivedConfigArgs, KeepalivedNotify, KeepalivedVips } from "./keepalived-config";

export interface FailoverSettings {
  /** Interface the VRRP adverts use (and the VIPs, unless `vipInterface` is set), e.g. "eth0". */
  interface: string;
  /** Interface the VIPs are added to, when it is not `interface` (a cloud's public interface). */
  vipInterface?: string;
  /**
   * VIPs instead of the plan's private ones: a cloud's floating IPs, which
   * the plan cannot know (the cloud allocates them).
   */
  vips?: KeepalivedVips;
  /** VRRPv3 advert interval; takeover takes about 3.6 of these. */
  advertIntervalSeconds: number;
  /** Loopback port where the host's own HAProxy answers its monitor URI. */
  haproxyMonitorPort: number;
  haproxyMonitorUri: string;
  /** Scripts that move cloud floating IPs (clouds ignore gratuitous ARP / NA). */
  notify?: KeepalivedNotify;
}

export function keepalivedArgsFromPlan(
  plan: AddressPlan,
  hostName: string,
  settings: FailoverSettings,
): KeepalivedConfigArgs {
  const hosts = plan.ingress.hosts;
  const self = hosts.find((h) => h.name === hostName);
  if (!self) {
    throw new Error(`failover: "${hostName}" is not an ingress host of plan "${plan.name}" (${hosts.map((h) => h.name).join(", ")})`);
  }
  const peers = hosts.filter((h) => h !== self);
  return {
    name: plan.name.replace(/-/g, "_"),
    routerId: self.name,
    interface: settings.interface,
    vipInterface: settings.vipInterface,
    priority: self.vrrpPriority,
    advertIntervalSeconds: settings.advertIntervalSeconds,
    virtualRouterIds: { ipv4: plan.ingress.vrrp.routerIdV4, ipv6: plan.ingress.vrrp.routerIdV6 },
    unicast: {
      sourceIpv4: self.ipv4,
      sourceIpv6: self.ipv6,
      peersIpv4: peers.map((p) => p.ipv4),
      peersIpv6: peers.map((p) => p.ipv6),
    },
    vips: settings.vips ?? {
      ipv4: plan.ingress.vips.ipv4,
      ipv4PrefixLength: self.ipv4PrefixLength,
      ipv6: plan.ingress.vips.ipv6,
      ipv6PrefixLength: self.ipv6PrefixLength,
    },
    trackScript: {
      name: "chk_haproxy",
      // This host's own HAProxy, over loopback: lab hosts share one pid namespace.
      command: `/usr/bin/curl -sf -o /dev/null --max-time 1 http://127.0.0.1:${settings.haproxyMonitorPort}${settings.haproxyMonitorUri}`,
      intervalSeconds: 1,
      fall: 2,
      rise: 2,
      timeoutSeconds: 2,
    },
    notify: settings.notify,
  };
}
