import type { SegmentEnded, TimerView } from "@mockloop/protocol";
import type { RoomRecord, TimerState } from "../../core/room-record.ts";
import { roundLengthMs, type EndedSegment } from "./timer-rules.ts";

export function timerView(timer: TimerState): TimerView {
  return {
    status: timer.status,
    segments: timer.segments.map(({ id, name, durationMs }) => ({ id, name, durationMs })),
    segmentIndex: timer.segmentIndex,
    remainingMs: timer.remainingMs,
    deadline: timer.deadline,
    autoAdvance: timer.autoAdvance,
    durationMs: roundLengthMs(timer),
    version: timer.version,
  };
}

/** The "segment ended" events for ends just applied to `room`. */
export function segmentEndedEvents(room: RoomRecord, ended: readonly EndedSegment[]): SegmentEnded[] {
  return ended.map((segment) => ({
    roomId: room.id,
    segmentIndex: segment.index,
    segmentId: segment.id,
    name: segment.name,
    endedAt: segment.endedAt,
    version: room.timer.version,
    roundOver: segment.index === room.timer.segments.length - 1,
  }));
}
