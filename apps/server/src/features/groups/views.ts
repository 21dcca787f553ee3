import type { GroupView } from "@mockloop/protocol";
import { roundHasStarted, type RoomRecord } from "../../core/room-record.ts";

/** The group's host and its rotation board: the rounds still to come, numbered. Null for a pair. */
export function groupView(room: RoomRecord): GroupView | null {
  if (!room.group) return null;
  return {
    hostId: room.group.hostId,
    plannedRounds: room.group.plannedRounds,
    upcoming: room.group.upcoming.map((slot, index) => ({ round: room.round + index + (roundHasStarted(room) ? 1 : 0), ...slot })),
  };
}
