import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { TimerState } from "./room.ts";

export function idleTimer(durationMs: number): TimerState {
  return { status: "idle", durationMs, remainingMs: durationMs, deadline: null, version: 0 };
}

export function startTimer(timer: TimerState, now: number): TimerState {
  if (timer.status === "running") throw new MockloopError(ErrorCode.TimerConflict, "the timer is already running");
  if (timer.remainingMs <= 0) throw new MockloopError(ErrorCode.TimerConflict, "no time is left on the timer");
  return { ...timer, status: "running", deadline: now + timer.remainingMs, version: timer.version + 1 };
}

export function pauseTimer(timer: TimerState, now: number): TimerState {
  if (timer.status !== "running" || timer.deadline === null) {
    throw new MockloopError(ErrorCode.TimerConflict, "the timer is not running");
  }
  return {
    ...timer,
    status: "paused",
    remainingMs: Math.max(0, timer.deadline - now),
    deadline: null,
    version: timer.version + 1,
  };
}
