import { describe, expect, it } from "vitest";
import { withRetries } from "../../src/core/retry.ts";

/** Work that fails its first `failures` runs, then answers how many runs it took. */
function failingAtFirst(failures: number) {
  let runs = 0;
  const gaps: number[] = [];
  let last = performance.now();
  const run = async () => {
    const now = performance.now();
    if (runs > 0) gaps.push(now - last);
    last = now;
    runs += 1;
    if (runs <= failures) throw new Error(`failure ${runs}`);
    return runs;
  };
  return { run, gaps, runs: () => runs };
}

describe("withRetries", () => {
  it("tries again after a doubling wait until the work succeeds", async () => {
    const work = failingAtFirst(2);
    expect(await withRetries(work.run, { attempts: 4, firstRetryMs: 20 })).toBe(3);
    expect(work.gaps).toHaveLength(2);
    // Timers never fire early: at least 20 ms, then at least 40.
    expect(work.gaps[0]).toBeGreaterThanOrEqual(19);
    expect(work.gaps[1]).toBeGreaterThanOrEqual(39);
  });

  it("throws the last error once every try has failed, and tries no more", async () => {
    const work = failingAtFirst(10);
    await expect(withRetries(work.run, { attempts: 3, firstRetryMs: 1 })).rejects.toThrow("failure 3");
    expect(work.runs()).toBe(3);
  });

  it("runs once when the first try succeeds", async () => {
    const work = failingAtFirst(0);
    expect(await withRetries(work.run, { attempts: 3, firstRetryMs: 1_000 })).toBe(1);
  });
});
