// Failover: keepalived VRRPv3 moving the IPv4 and IPv6 VIPs together.
export {
  ADVERT_INTERVAL_SECONDS,
  groupName,
  instanceName,
  renderKeepalivedConfig,
  takeoverTimeSeconds,
  type KeepalivedConfigArgs,
  type KeepalivedNotify,
  type KeepalivedTrackScript,
  type KeepalivedUnicast,
  type KeepalivedVips,
} from "./keepalived-config";
export * from "./from-plan";
