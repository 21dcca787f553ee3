import { ErrorCode } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import {
  adjustTimer,
  expireTimer,
  newTimer,
  nextDueAt,
  pauseTimer,
  resetTimer,
  roundLeftMs,
  segmentLeftMs,
  setAutoAdvance,
  skipSegment,
  startTimer,
} from "../../src/features/timer/timer-rules.ts";

const minute = 60_000;
const phonePlan = [
  { id: "management", name: "Management", durationMs: 20 * minute },
  { id: "technical", name: "Technical", durationMs: 20 * minute },
  { id: "leadership", name: "Leadership", durationMs: 20 * minute },
];
const conflict = expect.objectContaining({ code: ErrorCode.TimerConflict });
const badRequest = expect.objectContaining({ code: ErrorCode.BadRequest });

describe("segment timer", () => {
  it("starts the first segment with a deadline, not a counter", () => {
    const started = startTimer(newTimer(phonePlan), 1_000);
    expect(started).toMatchObject({ status: "running", segmentIndex: 0, deadline: 1_000 + 20 * minute, version: 1 });
    expect(nextDueAt(started)).toBe(1_000 + 20 * minute);
    expect(segmentLeftMs(started, 1_000 + 5 * minute)).toBe(15 * minute);
    expect(roundLeftMs(started, 1_000 + 5 * minute)).toBe(55 * minute);
  });

  it("pauses keeping exactly what was left and resumes from it", () => {
    const paused = pauseTimer(startTimer(newTimer(phonePlan), 0), 90_500);
    expect(paused).toMatchObject({ status: "paused", remainingMs: 20 * minute - 90_500, deadline: null });
    expect(nextDueAt(paused)).toBeNull();
    expect(startTimer(paused, 1_000_000).deadline).toBe(1_000_000 + 20 * minute - 90_500);
  });

  it("adds and removes time in the current segment, running or paused", () => {
    const running = startTimer(newTimer(phonePlan), 0);
    const longer = adjustTimer(running, 5 * minute, 10);
    expect(longer.deadline).toBe(25 * minute);
    expect(roundLeftMs(longer, 0)).toBe(65 * minute);
    const paused = pauseTimer(longer, 5 * minute);
    expect(adjustTimer(paused, -minute, 5 * minute).remainingMs).toBe(19 * minute);
  });

  it("refuses adjustments that are zero, absurd, or remove more than is left", () => {
    const running = startTimer(newTimer(phonePlan), 0);
    expect(() => adjustTimer(running, 0, 0)).toThrow(badRequest);
    expect(() => adjustTimer(running, 61 * minute, 0)).toThrow(badRequest);
    expect(() => adjustTimer(running, -5 * minute, 18 * minute)).toThrow(badRequest);
    expect(() => adjustTimer(running, 0.5, 0)).toThrow(badRequest);
  });

  it("skips to the next segment, which starts now when running", () => {
    const running = startTimer(newTimer(phonePlan), 0);
    const skipped = skipSegment(running, 3 * minute);
    expect(skipped).toMatchObject({ status: "running", segmentIndex: 1, deadline: 23 * minute });
    const idleSkip = skipSegment(newTimer(phonePlan), 0);
    expect(idleSkip).toMatchObject({ status: "idle", segmentIndex: 1, remainingMs: 20 * minute });
    const last = skipSegment(skipSegment(skipped, 4 * minute), 5 * minute);
    expect(last).toMatchObject({ status: "finished", deadline: null, remainingMs: 0 });
    expect(() => skipSegment(last, 6 * minute)).toThrow(conflict);
    expect(() => startTimer(last, 6 * minute)).toThrow(conflict);
  });

  it("resets to the plan, undoing adjustments", () => {
    const changed = adjustTimer(skipSegment(startTimer(newTimer(phonePlan), 0), 1), minute, 2);
    const reset = resetTimer(changed);
    expect(reset).toMatchObject({ status: "idle", segmentIndex: 0, remainingMs: 20 * minute, deadline: null });
    expect(reset.segments.map((segment) => segment.durationMs)).toEqual([20 * minute, 20 * minute, 20 * minute]);
    expect(reset.version).toBeGreaterThan(changed.version);
  });

  it("ends a due segment and starts the next at the old deadline, keeping the timeline", () => {
    const running = startTimer(newTimer(phonePlan), 0);
    expect(expireTimer(running, 20 * minute - 1).ended).toEqual([]);
    const { timer, ended } = expireTimer(running, 20 * minute + 250);
    expect(ended).toEqual([{ index: 0, id: "management", name: "Management", endedAt: 20 * minute }]);
    expect(timer).toMatchObject({ status: "running", segmentIndex: 1, deadline: 40 * minute });
  });

  it("applies every end that passed while nobody looked, up to the end of the round", () => {
    const running = startTimer(newTimer(phonePlan), 0);
    const later = expireTimer(running, 45 * minute);
    expect(later.ended.map((segment) => segment.id)).toEqual(["management", "technical"]);
    expect(later.timer).toMatchObject({ segmentIndex: 2, deadline: 60 * minute });
    const over = expireTimer(running, 3 * 60 * minute);
    expect(over.ended).toHaveLength(3);
    expect(over.timer.status).toBe("finished");
    expect(nextDueAt(over.timer)).toBeNull();
  });

  it("waits, paused at the next segment, when auto-advance is off", () => {
    const running = startTimer(setAutoAdvance(newTimer(phonePlan), false), 0);
    const { timer, ended } = expireTimer(running, 50 * minute);
    expect(ended).toHaveLength(1);
    expect(timer).toMatchObject({ status: "paused", segmentIndex: 1, remainingMs: 20 * minute, deadline: null });
  });

  it("refuses transitions that do not fit the state", () => {
    const running = startTimer(newTimer(phonePlan), 0);
    expect(() => startTimer(running, 1)).toThrow(conflict);
    expect(() => pauseTimer(newTimer(phonePlan), 1)).toThrow(conflict);
  });
});
