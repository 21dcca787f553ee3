import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { TimerSegment, TimerState } from "../../core/room-record.ts";

/** A segment that ended, for the "segment ended" event. */
export interface EndedSegment {
  index: number;
  id: string;
  name: string;
  /** The server time it ended: its deadline, even when the end is applied later. */
  endedAt: number;
}

export function newTimer(segments: readonly { id: string; name: string; durationMs: number }[], autoAdvance = true): TimerState {
  const plan = segments.map((segment) => ({ ...segment, plannedMs: segment.durationMs }));
  const first = plan[0];
  if (!first) throw new Error("a round needs at least one segment");
  return { status: "idle", segments: plan, segmentIndex: 0, deadline: null, remainingMs: first.durationMs, autoAdvance, version: 0 };
}

function currentSegment(timer: TimerState): TimerSegment {
  const segment = timer.segments[timer.segmentIndex];
  if (!segment) throw new Error(`timer points at segment ${timer.segmentIndex} of ${timer.segments.length}`);
  return segment;
}

function conflict(message: string): MockloopError {
  return new MockloopError(ErrorCode.TimerConflict, message);
}

function bump(timer: TimerState, changes: Partial<TimerState>): TimerState {
  return { ...timer, ...changes, version: timer.version + 1 };
}

/** Time left in the current segment at `now`. */
export function segmentLeftMs(timer: TimerState, now: number): number {
  if (timer.status === "running" && timer.deadline !== null) return Math.max(0, timer.deadline - now);
  return timer.status === "finished" ? 0 : timer.remainingMs;
}

/** Time left in the whole round at `now`: the current segment's and every later one's. */
export function roundLeftMs(timer: TimerState, now: number): number {
  if (timer.status === "finished") return 0;
  const later = timer.segments.slice(timer.segmentIndex + 1).reduce((sum, segment) => sum + segment.durationMs, 0);
  return segmentLeftMs(timer, now) + later;
}

export function roundLengthMs(timer: TimerState): number {
  return timer.segments.reduce((sum, segment) => sum + segment.durationMs, 0);
}

/** Starts the round, or resumes a paused segment. */
export function startTimer(timer: TimerState, now: number): TimerState {
  if (timer.status === "running") throw conflict("the timer is already running");
  if (timer.status === "finished") throw conflict("the round is over; reset the timer to run it again");
  if (timer.remainingMs <= 0) throw conflict("no time is left in this segment; skip to the next one");
  return bump(timer, { status: "running", deadline: now + timer.remainingMs });
}

export function pauseTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== "running") throw conflict("the timer is not running");
  return bump(timer, { status: "paused", remainingMs: segmentLeftMs(timer, now), deadline: null });
}

/** Adds (positive) or removes (negative) time from the current segment. */
export function adjustTimer(timer: TimerState, deltaMs: number, now: number): TimerState {
  if (timer.status === "finished") throw conflict("the round is over");
  if (!Number.isInteger(deltaMs) || deltaMs === 0) throw new MockloopError(ErrorCode.BadRequest, "an adjustment is a whole, non-zero number of ms");
  if (Math.abs(deltaMs) > roundLengthMs(timer)) {
    throw new MockloopError(ErrorCode.BadRequest, "an adjustment cannot be longer than the round itself");
  }
  const left = segmentLeftMs(timer, now);
  if (left + deltaMs < 0) throw new MockloopError(ErrorCode.BadRequest, "cannot remove more time than is left in the segment");
  const segments = timer.segments.map((segment, index) =>
    index === timer.segmentIndex ? { ...segment, durationMs: Math.max(0, segment.durationMs + deltaMs) } : segment,
  );
  return timer.status === "running" && timer.deadline !== null
    ? bump(timer, { segments, deadline: timer.deadline + deltaMs })
    : bump(timer, { segments, remainingMs: left + deltaMs });
}

/** Ends the current segment now and moves to the next (the round is over after the last). */
export function skipSegment(timer: TimerState, now: number): TimerState {
  if (timer.status === "finished") throw conflict("the round is over");
  return moveToNext(timer, now, timer.status === "running");
}

export function resetTimer(timer: TimerState): TimerState {
  const segments = timer.segments.map((segment) => ({ ...segment, durationMs: segment.plannedMs }));
  return bump(timer, { status: "idle", segments, segmentIndex: 0, deadline: null, remainingMs: segments[0]?.durationMs ?? 0 });
}

export function setAutoAdvance(timer: TimerState, autoAdvance: boolean): TimerState {
  if (timer.autoAdvance === autoAdvance) return timer;
  return bump(timer, { autoAdvance });
}

function moveToNext(timer: TimerState, startsAt: number, keepRunning: boolean): TimerState {
  const nextIndex = timer.segmentIndex + 1;
  const next = timer.segments[nextIndex];
  if (!next) return bump(timer, { status: "finished", deadline: null, remainingMs: 0 });
  return keepRunning
    ? bump(timer, { status: "running", segmentIndex: nextIndex, deadline: startsAt + next.durationMs, remainingMs: next.durationMs })
    : bump(timer, { status: timer.status === "idle" ? "idle" : "paused", segmentIndex: nextIndex, deadline: null, remainingMs: next.durationMs });
}

/**
 * Applies every segment end that is due at `now`. With auto-advance, each next segment starts at the previous
 * one's deadline (not at `now`), so an end applied late — after a restart, say — keeps the round's timeline.
 * Without it, the timer waits paused at the start of the next segment.
 */
export function expireTimer(timer: TimerState, now: number): { timer: TimerState; ended: EndedSegment[] } {
  const ended: EndedSegment[] = [];
  let state = timer;
  while (state.status === "running" && state.deadline !== null && state.deadline <= now) {
    const segment = currentSegment(state);
    ended.push({ index: state.segmentIndex, id: segment.id, name: segment.name, endedAt: state.deadline });
    state = moveToNext(state, state.deadline, state.autoAdvance);
  }
  return { timer: state, ended };
}

/** When the store should next look at this timer: the current segment's deadline while it runs. */
export function nextDueAt(timer: TimerState): number | null {
  return timer.status === "running" ? timer.deadline : null;
}
