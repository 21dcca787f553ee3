import type { StoreClock } from "../../core/clock.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { roomCommand, type HandlerMap } from "../../transport/socket-kit.ts";
import type { TimerService } from "./timer-service.ts";

type TimerEvent = "timer:start" | "timer:pause" | "timer:adjust" | "timer:skip" | "timer:reset" | "timer:auto-advance" | "clock:sync";

export function timerHandlers({ timers, publisher, now }: { timers: TimerService; publisher: RoomPublisher; now: StoreClock }): HandlerMap<TimerEvent> {
  return {
    "timer:start": roomCommand(publisher, ({ roomId, participantId }) => timers.start(roomId, participantId)),
    "timer:pause": roomCommand(publisher, ({ roomId, participantId }) => timers.pause(roomId, participantId)),
    "timer:adjust": roomCommand(publisher, ({ roomId, participantId }, payload) => timers.adjust(roomId, participantId, payload.deltaMs)),
    "timer:skip": roomCommand(publisher, ({ roomId, participantId }) => timers.skip(roomId, participantId)),
    "timer:reset": roomCommand(publisher, ({ roomId, participantId }) => timers.reset(roomId, participantId)),
    "timer:auto-advance": roomCommand(publisher, ({ roomId, participantId }, payload) => timers.setAutoAdvance(roomId, participantId, payload.enabled)),
    // The clock exchange clients use to render the deadline on their own clock.
    "clock:sync": async (_socket, payload) => ({ clientSentAt: payload.clientSentAt, serverTime: await now() }),
  };
}
