import { describe, expect, it } from "vitest";
import { isTransient } from "./transient.ts";

describe("errors worth trying again", () => {
  it("tries again after no answer, a store outage or a rate limit, never after a refusal", () => {
    expect(isTransient({ code: "STORE_UNAVAILABLE", message: "" })).toBe(true);
    expect(isTransient({ code: "RATE_LIMITED", message: "" })).toBe(true);
    expect(isTransient({ code: "NO_ANSWER", message: "no answer" })).toBe(true);
    expect(isTransient({ code: "INTERNAL", message: "a fault" })).toBe(true);
    expect(isTransient({ code: "FORBIDDEN", message: "" })).toBe(false);
    expect(isTransient({ code: "BOARD_TOO_LARGE", message: "" })).toBe(false);
  });
});
