import { requireRole, roomNotFound, type RoomRecord, type TimerState } from "../../core/room-record.ts";
import type { RoomStore } from "../../core/room-store.ts";
import {
  adjustTimer,
  expireTimer,
  pauseTimer,
  resetTimer,
  setAutoAdvance,
  skipSegment,
  startTimer,
  type EndedSegment,
} from "./timer-rules.ts";

/** The interviewer's timer commands, and the segment ends the scheduler applies. */
export class TimerService {
  constructor(private readonly deps: { store: RoomStore }) {}

  start(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.change(roomId, participantId, (timer, now) => startTimer(timer, now));
  }

  pause(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.change(roomId, participantId, (timer, now) => pauseTimer(timer, now));
  }

  adjust(roomId: string, participantId: string, deltaMs: number): Promise<RoomRecord> {
    return this.change(roomId, participantId, (timer, now) => adjustTimer(timer, deltaMs, now));
  }

  skip(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.change(roomId, participantId, (timer, now) => skipSegment(timer, now));
  }

  reset(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.change(roomId, participantId, (timer) => resetTimer(timer));
  }

  setAutoAdvance(roomId: string, participantId: string, autoAdvance: boolean): Promise<RoomRecord> {
    return this.change(roomId, participantId, (timer) => setAutoAdvance(timer, autoAdvance));
  }

  /**
   * Applies segment ends that are due. Safe to call from every node at once: the store's compare-and-set lets
   * exactly one caller apply a given end; the others find nothing due and get no `ended` segments.
   * Resolves undefined for a room that no longer exists.
   */
  async expire(roomId: string): Promise<{ room: RoomRecord; ended: EndedSegment[] } | undefined> {
    const outcome = await this.deps.store.updateRoom(roomId, (room, now) => {
      const { timer, ended } = expireTimer(room.timer, now);
      if (ended.length === 0) return { room, result: ended };
      room.timer = timer;
      return { room, result: ended };
    });
    if (!outcome) return undefined;
    return { room: outcome.room, ended: outcome.changed ? outcome.result : [] };
  }

  private async change(roomId: string, participantId: string, transition: (timer: TimerState, now: number) => TimerState): Promise<RoomRecord> {
    const outcome = await this.deps.store.updateRoom(roomId, (room, now) => {
      requireRole(room, participantId, "interviewer", "run the timer");
      // A segment end that is due but not yet applied comes first, so a command never acts on a stale segment.
      room.timer = transition(expireTimer(room.timer, now).timer, now);
      return { room, result: undefined };
    });
    if (!outcome) throw roomNotFound(roomId);
    return outcome.room;
  }
}
