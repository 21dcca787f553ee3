import { describe, expect, it } from "vitest";
import { errorText } from "./error-text.ts";

describe("an error as the page says it", () => {
  it("says what an unanswered request means, not the client's technical reason", () => {
    const text = errorText({ code: "NO_ANSWER", message: "no answer to timer:start: socket has been disconnected" });
    expect(text).toContain("may have gone through");
    expect(text).not.toContain("timer:start");
  });

  it("keeps the server's own message for everything else", () => {
    expect(errorText({ code: "FORBIDDEN", message: "Only the interviewer can push questions." })).toBe("Only the interviewer can push questions.");
  });
});
