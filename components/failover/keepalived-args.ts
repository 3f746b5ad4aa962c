// What renderKeepalivedConfig takes: one ingress host's VRRP settings, VIPs,
// unicast peers, health check and notify scripts.

export interface KeepalivedUnicast {
  /** This host's global/ULA addresses (never link-local) on `interface`. */
  sourceIpv4: string;
  sourceIpv6: string;
  /** The other hosts' addresses. */
  peersIpv4: string[];
  peersIpv6: string[];
}

export interface KeepalivedVips {
  ipv4: string;
  ipv4PrefixLength: number;
  ipv6: string;
  ipv6PrefixLength: number;
}

export interface KeepalivedTrackScript {
  name: string;
  /**
   * Command line; keepalived splits it itself (single quotes group words). It must
   * check THIS host's haproxy (pid file or local monitor URL), never `pidof`/`killall`:
   * lab hosts share one pid namespace.
   */
  command: string;
  intervalSeconds: number;
  fall: number;
  rise: number;
  timeoutSeconds?: number;
}

export interface KeepalivedNotify {
  /** Script paths, run on sync-group transitions (clouds: move floating IPs by API). */
  master?: string;
  backup?: string;
  fault?: string;
}

export interface KeepalivedConfigArgs {
  /** Environment name: instances VI_<name>_v4 / _v6, group VG_<name>. */
  name: string;
  /** global_defs router_id, the host name. */
  routerId: string;
  /** Interface the VRRP adverts use (and the default for `vipInterface`). */
  interface: string;
  /**
   * Interface the VIPs are added to; default `interface`. Clouds route a
   * floating IP to the public interface while the adverts run over the
   * private network.
   */
  vipInterface?: string;
  /** 1..254, different on every host. */
  priority: number;
  /** VRRPv3: 0.01..40.95 in steps of 0.01. */
  advertIntervalSeconds: number;
  virtualRouterIds: { ipv4: number; ipv6: number };
  unicast?: KeepalivedUnicast;
  vips: KeepalivedVips;
  trackScript?: KeepalivedTrackScript;
  notify?: KeepalivedNotify;
  /** Default true: a higher-priority host takes the VIPs back when it returns. */
  preempt?: boolean;
  /** Default "root"; scripts run under enable_script_security. */
  scriptUser?: string;
  /**
   * A file keepalived watches (track_file): 0 keeps the host's priority, 1
   * drops it to 1, so a peer takes the VIPs before this host's daemons must
   * restart (see components/lab/providers/handover.ts). Absent: no such file.
   */
  handoverFile?: string;
}
