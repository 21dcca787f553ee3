import type { RoomStore } from "../../core/room-store.ts";
import type { StoreClock } from "../../core/clock.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { timerHandlers } from "./handlers.ts";
import type { RoomWorkIndex } from "./port.ts";
import { TimerScheduler } from "./timer-scheduler.ts";
import { TimerService } from "./timer-service.ts";

export interface TimerFeatureDeps {
  store: RoomStore;
  index: RoomWorkIndex;
  publisher: RoomPublisher;
  now: StoreClock;
  pollMs: number;
  /** Told how late (ms after its deadline) each segment end this node applied was announced. */
  onEndAnnounced?: (latenessMs: number) => void;
  onError: (error: unknown) => void;
}

/** The interviewer's timer commands, the clock exchange, and the scheduler that applies segment ends on every node. */
export function createTimerFeature({ store, index, publisher, now, pollMs, onEndAnnounced, onError }: TimerFeatureDeps) {
  const timers = new TimerService({ store });
  const scheduler = new TimerScheduler({
    index,
    timers,
    pollMs,
    // The change carries the ends' events: announcing it sends the new timer, then each end.
    announceEnds: async (update) => {
      await publisher.changed(update);
    },
    settle: (roomId) => publisher.settle(roomId),
    ...(onEndAnnounced ? { onEndAnnounced } : {}),
    onError,
  });
  return {
    service: timers,
    scheduler,
    handlers: timerHandlers({ timers, publisher, now }),
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
