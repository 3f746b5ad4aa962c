import type { ProviderName } from "./config";

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
