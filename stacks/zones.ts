import type { ConfigProblem, ProviderName, StackConfig } from "./config";

/** Zones a stack uses when `dualstack:network.zones` is not set. */
export function defaultZonesFor(provider: ProviderName): string[] {
  switch (provider) {
    case "local":
      return ["lab"];
    case "cloudscale":
      return ["lpg1"];
    case "exoscale":
      return ["ch-gva-2"];
    case "aws":
      return ["a", "b"];
    case "azure":
      return ["1", "2"];
  }
}

export interface SingleZoneCloud {
  /** The provider section holding the zone, e.g. "exoscale" for dualstack:exoscale.zone. */
  section: string;
  /** The cloud's name as the message says it. */
  label: string;
  /** Why a stack is confined to one zone, if there is more to say. */
  why?: string;
}

/** One stack, one zone: `dualstack:network.zones` must be unset or exactly the zone the provider section chose. */
export function singleZoneProblems(config: StackConfig, zone: string, cloud: SingleZoneCloud): ConfigProblem[] {
  const zones = config.network.zones;
  if (zones === undefined || (zones.length === 1 && zones[0] === zone)) return [];
  const because = cloud.why ? `${cloud.why}, so ` : "";
  return [
    {
      key: "dualstack:network.zones",
      value: zones,
      message: `must be unset or [${zone}] on ${cloud.label}: ${because}a stack lives in one zone, chosen by dualstack:${cloud.section}.zone (now ${zone})`,
    },
  ];
}
