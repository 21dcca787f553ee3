import type { StoreClock } from "../../core/clock.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { roomCommand, type HandlerMap } from "../../transport/socket-kit.ts";
import type { TimerService } from "./timer-service.ts";

type TimerEvent = "timer:start" | "timer:pause" | "timer:adjust" | "timer:skip" | "timer:reset" | "timer:auto-advance" | "clock:sync";

export function timerHandlers({ timers, publisher, now }: { timers: TimerService; publisher: RoomPublisher; now: StoreClock }): HandlerMap<TimerEvent> {
  return {
    "timer:start": roomCommand(publisher, ({ roomId, participantId }, payload) => timers.start(roomId, participantId, payload.requestId)),
    "timer:pause": roomCommand(publisher, ({ roomId, participantId }, payload) => timers.pause(roomId, participantId, payload.requestId)),
    "timer:adjust": roomCommand(publisher, ({ roomId, participantId }, payload) => timers.adjust(roomId, participantId, payload.deltaMs, payload.requestId)),
    "timer:skip": roomCommand(publisher, ({ roomId, participantId }, payload) => timers.skip(roomId, participantId, payload.requestId)),
    "timer:reset": roomCommand(publisher, ({ roomId, participantId }, payload) => timers.reset(roomId, participantId, payload.requestId)),
    "timer:auto-advance": roomCommand(publisher, ({ roomId, participantId }, payload) => timers.setAutoAdvance(roomId, participantId, payload.enabled, payload.requestId)),
    // The clock exchange clients use to render the deadline on their own clock.
    "clock:sync": async (_socket, payload) => ({ clientSentAt: payload.clientSentAt, serverTime: await now() }),
  };
}
