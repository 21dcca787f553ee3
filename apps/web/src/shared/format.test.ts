import { describe, expect, it } from "vitest";
import { formatOffset, formatTimeLeft } from "./format.ts";

describe("formatTimeLeft", () => {
  it("rounds up to whole seconds", () => {
    expect(formatTimeLeft(30 * 60_000)).toBe("30:00");
    expect(formatTimeLeft(30 * 60_000 - 1)).toBe("30:00");
    expect(formatTimeLeft(59_001)).toBe("1:00");
    expect(formatTimeLeft(59_000)).toBe("0:59");
    expect(formatTimeLeft(1)).toBe("0:01");
  });
  it("never goes below zero", () => {
    expect(formatTimeLeft(0)).toBe("0:00");
    expect(formatTimeLeft(-5_000)).toBe("0:00");
  });
  it("counts long rounds in minutes", () => {
    expect(formatTimeLeft(60 * 60_000)).toBe("60:00");
    expect(formatTimeLeft(90 * 60_000 + 5_000)).toBe("90:05");
  });
});

describe("formatOffset", () => {
  it("signs the offset and keeps the error bound at least 1 ms", () => {
    expect(formatOffset(12.4, 3.2)).toBe("+12 ms ± 3 ms");
    expect(formatOffset(-40, 0.2)).toBe("−40 ms ± 1 ms");
  });
});
