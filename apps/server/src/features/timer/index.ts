import type { RoomRecord } from "../../core/room-record.ts";
import { nextDueAt } from "./timer-rules.ts";

export type { RoomWorkIndex, DueRooms } from "./port.ts";
export { newTimer, resetTimer, roundLengthMs, type EndedSegment } from "./timer-rules.ts";
export { timerView } from "./views.ts";
export { TimerService } from "./timer-service.ts";
export { TimerScheduler } from "./timer-scheduler.ts";
export { createTimerFeature } from "./feature.ts";

/** The store's due index is kept from this: when a room's timer next needs a look. */
export const timerDueAt = (room: RoomRecord): number | null => nextDueAt(room.timer);
