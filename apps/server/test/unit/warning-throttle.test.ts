import { describe, expect, it } from "vitest";
import { WarningThrottle } from "../../src/logging.ts";

describe("warnings throttled per source", () => {
  it("lets the first through, then one per interval with the count left out, and tells the rest at the end", () => {
    let now = 0;
    const throttle = new WarningThrottle<object>(60_000, () => now);
    const source = {};
    expect(throttle.admit(source)).toEqual({ suppressed: 0 });
    for (let i = 0; i < 99; i++) expect(throttle.admit(source)).toBeUndefined();
    now = 59_999;
    expect(throttle.admit(source)).toBeUndefined();
    now = 60_000;
    expect(throttle.admit(source)).toEqual({ suppressed: 100 });
    // Another source has its own first warning.
    expect(throttle.admit({})).toEqual({ suppressed: 0 });
    throttle.admit(source);
    throttle.admit(source);
    expect(throttle.flush(source)).toBe(2);
    expect(throttle.flush(source)).toBe(0);
  });
});
