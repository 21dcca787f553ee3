import type { RoomRecord } from "../../core/room-record.ts";
import type { RoomStore } from "../../core/room-store.ts";
import type { StoreClock } from "../../core/clock.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { timerHandlers } from "./handlers.ts";
import type { DueTimerIndex } from "./port.ts";
import type { EndedSegment } from "./timer-rules.ts";
import { TimerScheduler } from "./timer-scheduler.ts";
import { TimerService } from "./timer-service.ts";
import { segmentEndedEvents } from "./views.ts";

/** Tells a room that segments of its timer ended (on the one node that applied the ends): the new state, then each end. */
export function publishSegmentEnds(publisher: RoomPublisher, room: RoomRecord, ended: readonly EndedSegment[]): void {
  publisher.state(room);
  for (const event of segmentEndedEvents(room, ended)) publisher.toRoom(room.id, "timer:segment-ended", event);
}

export interface TimerFeatureDeps {
  store: RoomStore;
  index: DueTimerIndex;
  publisher: RoomPublisher;
  now: StoreClock;
  pollMs: number;
  onError: (error: unknown) => void;
}

/** The interviewer's timer commands, the clock exchange, and the scheduler that applies segment ends on every node. */
export function createTimerFeature({ store, index, publisher, now, pollMs, onError }: TimerFeatureDeps) {
  const timers = new TimerService({ store });
  const scheduler = new TimerScheduler({ index, timers, pollMs, onExpired: (room, ended) => publishSegmentEnds(publisher, room, ended), onError });
  return {
    service: timers,
    scheduler,
    handlers: timerHandlers({ timers, publisher, now }),
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
