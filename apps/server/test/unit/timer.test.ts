import { ErrorCode } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import { idleTimer, pauseTimer, startTimer } from "../../src/domain/timer.ts";

describe("round timer transitions", () => {
  it("starts from idle with a deadline a full duration away", () => {
    const started = startTimer(idleTimer(30 * 60_000), 1_000);
    expect(started).toEqual({ status: "running", durationMs: 1_800_000, remainingMs: 1_800_000, deadline: 1_801_000, version: 1 });
  });

  it("pauses keeping exactly the time that was left, and resumes from it", () => {
    const started = startTimer(idleTimer(60_000), 10_000);
    const paused = pauseTimer(started, 25_500);
    expect(paused).toMatchObject({ status: "paused", remainingMs: 44_500, deadline: null, version: 2 });
    const resumed = startTimer(paused, 100_000);
    expect(resumed).toMatchObject({ status: "running", deadline: 144_500, version: 3 });
  });

  it("never keeps negative time when paused after the deadline", () => {
    expect(pauseTimer(startTimer(idleTimer(1_000), 0), 5_000).remainingMs).toBe(0);
  });

  it("refuses transitions that do not fit the state", () => {
    const running = startTimer(idleTimer(1_000), 0);
    expect(() => startTimer(running, 10)).toThrow(expect.objectContaining({ code: ErrorCode.TimerConflict }));
    expect(() => pauseTimer(idleTimer(1_000), 10)).toThrow(expect.objectContaining({ code: ErrorCode.TimerConflict }));
    const spent = pauseTimer(running, 2_000);
    expect(() => startTimer(spent, 3_000)).toThrow(expect.objectContaining({ code: ErrorCode.TimerConflict }));
  });
});
