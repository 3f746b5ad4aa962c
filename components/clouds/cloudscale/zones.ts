// cloudscale zones and regions, shared by check() of every resource and the adapter.

export const ZONES = ["lpg1", "rma1"] as const;
export type Zone = (typeof ZONES)[number];
export const ZONE_WHAT = `a zone: ${ZONES.join(" or ")}`;

/** Floating IPs are regional. */
export const REGIONS = ["lpg", "rma"] as const;

/** A zone's region is its location. */
export const REGION_OF_ZONE: Record<Zone, (typeof REGIONS)[number]> = { lpg1: "lpg", rma1: "rma" };
