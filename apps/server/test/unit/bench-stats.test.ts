import { describe, expect, it } from "vitest";
import { bucketQuantile, percentile, type CumulativeBuckets } from "../../bench/load/stats.ts";

const histogram = (counts: [number, number][]): CumulativeBuckets => new Map(counts);

describe("the load benchmark's figures", () => {
  it("takes a percentile by nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });

  it("reads a quantile's bound from the window between two readings of a cumulative histogram", () => {
    // Before the window: 1,000 fast ones (the warm-up). In it: 50 at ≤ 1 ms, 40 more at ≤ 5 ms, 9 more at ≤ 25 ms, 1 above.
    const before = histogram([[0.001, 1000], [0.005, 1000], [0.025, 1000], [Infinity, 1000]]);
    const after = histogram([[0.001, 1050], [0.005, 1090], [0.025, 1099], [Infinity, 1100]]);
    expect(bucketQuantile(before, after, 50)).toBe(0.001);
    expect(bucketQuantile(before, after, 90)).toBe(0.005);
    expect(bucketQuantile(before, after, 99)).toBe(0.025);
    expect(bucketQuantile(before, after, 100)).toBe(Infinity);
    // Read from zero, the warm-up's fast ones would pull the window's p90 and p99 down.
    expect(bucketQuantile(new Map(), after, 90)).toBe(0.001);
    expect(bucketQuantile(new Map(), after, 99)).toBe(0.005);
    expect(bucketQuantile(after, after, 50)).toBeNaN();
  });
});
