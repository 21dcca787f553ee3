import { describe, expect, it } from "vitest";
import { isTransient, retryDelayMs } from "./transient.ts";

describe("errors worth trying again", () => {
  it("tries again after no answer, a store outage or a rate limit, never after a refusal", () => {
    expect(isTransient({ code: "STORE_UNAVAILABLE", message: "" })).toBe(true);
    expect(isTransient({ code: "RATE_LIMITED", message: "" })).toBe(true);
    expect(isTransient({ code: "NO_ANSWER", message: "no answer" })).toBe(true);
    expect(isTransient({ code: "INTERNAL", message: "a fault" })).toBe(true);
    expect(isTransient({ code: "FORBIDDEN", message: "" })).toBe(false);
    expect(isTransient({ code: "BOARD_TOO_LARGE", message: "" })).toBe(false);
  });

  it("waits as long as the server asked, else the fallback", () => {
    expect(retryDelayMs({ code: "RATE_LIMITED", message: "", details: { retryAfterMs: 2_500 } }, 1_000)).toBe(2_500);
    expect(retryDelayMs({ code: "RATE_LIMITED", message: "", details: { retryAfterMs: 0 } }, 1_000)).toBe(50);
    expect(retryDelayMs({ code: "NO_ANSWER", message: "no answer" }, 1_000)).toBe(1_000);
    expect(retryDelayMs({ code: "STORE_UNAVAILABLE", message: "", details: { retryAfterMs: "soon" } }, 700)).toBe(700);
  });
});
