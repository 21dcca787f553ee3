import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../src/errors.ts";

describe("the wait before trying again", () => {
  it("waits as long as the server asked, else the fallback", () => {
    expect(retryDelayMs({ code: "RATE_LIMITED", message: "", details: { retryAfterMs: 2_500 } }, 1_000)).toBe(2_500);
    expect(retryDelayMs({ code: "RATE_LIMITED", message: "", details: { retryAfterMs: 0 } }, 1_000)).toBe(50);
    expect(retryDelayMs({ code: "NO_ANSWER", message: "no answer" }, 1_000)).toBe(1_000);
    expect(retryDelayMs({ code: "STORE_UNAVAILABLE", message: "", details: { retryAfterMs: "soon" } }, 700)).toBe(700);
  });
});
