import { describe, expect, it } from "vitest";
import { HeapGrowthPolicy } from "../../src/heap.ts";

function policy(percent = 30) {
  const flags: string[] = [];
  const growth = new HeapGrowthPolicy({ percent, arrivalsPerSample: 20, settleMs: 10_000, setFlag: (flag) => flags.push(flag) });
  return { growth, flags };
}

describe("HeapGrowthPolicy", () => {
  it("holds the growth from the start, while the node fills up", () => {
    const { growth, flags } = policy();
    growth.sample(0, 0);
    expect(growth.holding).toBe(true);
    expect(flags).toEqual(["--heap-growing-percent=30"]);
  });

  it("leaves the growth to V8 once arrivals have settled, and holds it again when many arrive", () => {
    const { growth, flags } = policy();
    growth.sample(0, 0);
    growth.sample(5_000, 1_000);
    // A few people now and then (reconnects) are no arrival wave.
    for (let second = 2; second <= 10; second++) growth.sample(5_000 + second, second * 1_000);
    expect(growth.holding).toBe(true);
    growth.sample(5_011, 11_000);
    expect(growth.holding).toBe(false);
    growth.sample(5_040, 12_000);
    expect(growth.holding).toBe(true);
    expect(flags).toEqual(["--heap-growing-percent=30", "--heap-growing-percent=0", "--heap-growing-percent=30"]);
  });

  it("sets the flag only when the choice changes", () => {
    const { growth, flags } = policy();
    for (let second = 0; second < 5; second++) growth.sample(second * 100, second * 1_000);
    expect(flags).toEqual(["--heap-growing-percent=30"]);
  });

  it("people leaving are no arrivals", () => {
    const { growth } = policy();
    growth.sample(10_000, 0);
    growth.sample(0, 10_000);
    expect(growth.holding).toBe(false);
  });

  it("with a percent of 0 always leaves the growth to V8", () => {
    const { growth, flags } = policy(0);
    growth.sample(0, 0);
    growth.sample(10_000, 1_000);
    expect(growth.holding).toBe(false);
    expect(flags).toEqual(["--heap-growing-percent=0"]);
  });
});
