// Small statistics helpers for the benches' summaries.

/** Nearest-rank percentile (p in 0..100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Median; the mean of the two middle values for an even count (so p50 of 2 runs is their mean). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function max(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.max(...values);
}

/** Fixed decimals, "-" for NaN/undefined. */
export function fmt(value: number | undefined, decimals = 0): string {
  return value === undefined || Number.isNaN(value) ? "-" : value.toFixed(decimals);
}

/** Wall-clock milliseconds since the epoch with sub-ms resolution; the prober uses the same clock. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** `fn`'s value and its wall-clock time in seconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - started) / 1e9];
}
