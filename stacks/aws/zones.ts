// The availability zones the stack spreads over: the first `azCount`
// availability zones of the region (no Local or Wavelength Zones), looked up
// once with an invoke. Invokes run at preview too, so a region with too few
// zones fails the preview with a ConfigError naming dualstack:aws.azCount.
//
// The promise form (not getAvailabilityZonesOutput) on purpose: the zone
// names must be plain values, because they name per-zone resources and
// feed the address plan's layout, which is checked before anything is built.
import { getAvailabilityZones } from "@pulumi/aws/getAvailabilityZones";
import { ConfigError } from "../config";
import { regionName } from "./settings";

export async function availabilityZones(stack: string, azCount: number): Promise<string[]> {
  const result = await getAvailabilityZones({
    state: "available",
    filters: [{ name: "zone-type", values: ["availability-zone"] }],
  });
  const names = [...(result.names ?? [])].sort();
  if (names.length < azCount) {
    const listed = names.length ? ` (${names.join(", ")})` : "";
    const fix =
      names.length >= 2
        ? `use 2..${names.length}`
        : "use a region with at least 2 availability zones (the NLB and EKS need two)";
    throw new ConfigError(stack, [
      {
        key: "dualstack:aws.azCount",
        value: azCount,
        message: `is more than the ${names.length} available zone(s) of ${regionName()}${listed}; ${fix}`,
      },
    ]);
  }
  return names.slice(0, azCount);
}
