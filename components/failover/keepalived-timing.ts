// VRRPv3 timing: the advert interval's range and the takeover time it gives.
import { InputError } from "../ingress/validate";

export const ADVERT_INTERVAL_SECONDS = { min: 0.01, max: 40.95 } as const;

/** RFC 5798 Master_Down_Interval: how long a backup waits before taking over. */
export function takeoverTimeSeconds(advertIntervalSeconds: number, priority: number): number {
  const advert = checkAdvert("advertIntervalSeconds", advertIntervalSeconds);
  const skew = ((256 - checkPriority("priority", priority)) / 256) * advert;
  return 3 * advert + skew;
}

export function checkAdvert(key: string, value: unknown): number {
  const { min, max } = ADVERT_INTERVAL_SECONDS;
  const ok =
    typeof value === "number" && value >= min && value <= max && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;
  if (!ok) {
    throw new InputError(key, value, "is not a VRRPv3 advert interval", `use ${min}..${max} seconds in steps of 0.01`);
  }
  return value;
}

export function checkPriority(key: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 254) {
    throw new InputError(key, value, "is out of range", "use an integer 1..254 (255 means address owner), different on every host");
  }
  return value;
}

/** Centiseconds are VRRPv3's unit: 1 → "1", 0.1 → "0.1". */
export function formatAdvert(seconds: number): string {
  return String(Math.round(seconds * 100) / 100);
}
