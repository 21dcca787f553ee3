import { requireRole, type TimerState } from "../../core/room-record.ts";
import { updateExistingRoom, type RoomStore, type RoomUpdate } from "../../core/room-store.ts";
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
import { segmentEndedEvents } from "./views.ts";

/** The interviewer's timer commands, and the segment ends the scheduler applies. */
export class TimerService {
  constructor(private readonly deps: { store: RoomStore }) {}

  start(roomId: string, participantId: string, requestId?: string): Promise<RoomUpdate<undefined>> {
    return this.change(roomId, participantId, (timer, now) => startTimer(timer, now), requestId);
  }

  pause(roomId: string, participantId: string, requestId?: string): Promise<RoomUpdate<undefined>> {
    return this.change(roomId, participantId, (timer, now) => pauseTimer(timer, now), requestId);
  }

  adjust(roomId: string, participantId: string, deltaMs: number, requestId?: string): Promise<RoomUpdate<undefined>> {
    return this.change(roomId, participantId, (timer, now) => adjustTimer(timer, deltaMs, now), requestId);
  }

  skip(roomId: string, participantId: string, requestId?: string): Promise<RoomUpdate<undefined>> {
    return this.change(roomId, participantId, (timer, now) => skipSegment(timer, now), requestId);
  }

  reset(roomId: string, participantId: string, requestId?: string): Promise<RoomUpdate<undefined>> {
    return this.change(roomId, participantId, (timer) => resetTimer(timer), requestId);
  }

  setAutoAdvance(roomId: string, participantId: string, autoAdvance: boolean, requestId?: string): Promise<RoomUpdate<undefined>> {
    return this.change(roomId, participantId, (timer) => setAutoAdvance(timer, autoAdvance), requestId);
  }

  /**
   * Applies segment ends that are due. Safe to call from every node at once: the store's compare-and-set lets
   * exactly one caller apply a given end; the others find nothing due and get no `ended` segments. The ends'
   * events are stored with the change, so they reach the room even if this node dies before announcing them.
   * Resolves undefined for a room that no longer exists.
   */
  async expire(roomId: string): Promise<{ update: RoomUpdate<EndedSegment[]>; ended: EndedSegment[] } | undefined> {
    const update = await this.deps.store.updateRoom(roomId, (room, now) => {
      const { timer, ended } = expireTimer(room.timer, now);
      if (ended.length === 0) return { room, result: ended };
      room.timer = timer;
      return { room, result: ended, events: segmentEndedEvents(room, ended).map((payload) => ({ event: "timer:segment-ended" as const, payload })) };
    });
    if (!update) return undefined;
    return { update, ended: update.changed ? update.result : [] };
  }

  private change(roomId: string, participantId: string, transition: (timer: TimerState, now: number) => TimerState, requestId: string | undefined): Promise<RoomUpdate<undefined>> {
    return updateExistingRoom(this.deps.store, roomId, (room, now) => {
      requireRole(room, participantId, "interviewer", "run the timer");
      // A segment end that is due but not yet applied comes first, so a command never acts on a stale segment.
      const { timer, ended } = expireTimer(room.timer, now);
      room.timer = transition(timer, now);
      // Ends applied on the way still reach the room, as if the scheduler had applied them.
      const events = segmentEndedEvents({ ...room, timer }, ended).map((payload) => ({ event: "timer:segment-ended" as const, payload }));
      return { room, result: undefined, events };
    }, { participantId, requestId });
  }
}
