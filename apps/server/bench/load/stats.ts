/** The p-th percentile (nearest rank) of some figures; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** A histogram's counts by upper bound (seconds), as Prometheus keeps them: each bound counts everything at or below it. */
export type CumulativeBuckets = Map<number, number>;

/**
 * The bound a quantile falls under, from two readings of one cumulative histogram (the window between them):
 * the smallest bound that holds at least `p`% of the window's observations. Infinity past the last bound.
 */
export function bucketQuantile(before: CumulativeBuckets, after: CumulativeBuckets, p: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const inWindow = (bound: number) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
  const total = inWindow(Infinity);
  if (total === 0) return NaN;
  return bounds.find((bound) => inWindow(bound) >= (p / 100) * total) ?? Infinity;
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : "–");
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
export const bytes = (value: number) => (value >= 1024 ? `${(value / 1024).toFixed(2)} KB` : `${value.toFixed(0)} B`);
/** A histogram bound (seconds) a quantile falls under, as "≤ 5.00 ms". */
export const bound = (seconds: number) => (Number.isNaN(seconds) ? "–" : seconds === Infinity ? "above every bound" : `≤ ${ms(seconds * 1000)}`);
/** A span in ms as seconds, "10.3 s". */
export const inSeconds = (spanMs: number) => `${(spanMs / 1000).toFixed(1)} s`;
