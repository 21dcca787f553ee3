/** The p-th percentile (nearest rank) of some figures; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : "–");
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
export const bytes = (value: number) => (value >= 1024 ? `${(value / 1024).toFixed(2)} KB` : `${value.toFixed(0)} B`);
