// Exoscale zones and what the API accepts, shared by check() of every resource.

/** Documented zones (reference: swiss-cloud-apis.md); the first is the default. */
export const ZONES = ["ch-gva-2", "ch-dk-2", "de-fra-1", "de-muc-1", "at-vie-1", "at-vie-2", "bg-sof-1"] as const;
export type Zone = (typeof ZONES)[number];
export const DEFAULT_ZONE: Zone = "ch-gva-2";

export const PUBLIC_IP_ASSIGNMENTS = ["inet4", "dual", "none"] as const;
export type PublicIpAssignment = (typeof PUBLIC_IP_ASSIGNMENTS)[number];

export const ADDRESS_FAMILIES = ["inet4", "inet6"] as const;
export type AddressFamily = (typeof ADDRESS_FAMILIES)[number];

/** Base URL of a zone's v2 API. */
export function zoneBaseUrl(zone: string): string {
  return `https://api-${zone}.exoscale.com/v2`;
}

export function isZone(value: unknown): value is Zone {
  return typeof value === "string" && (ZONES as readonly string[]).includes(value);
}
