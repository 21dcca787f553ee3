import type { SharedObserverNotes } from "@mockloop/protocol";
import type { RoomRecord } from "../../core/room-record.ts";

/** Notes observers shared, of every round (each carries its round). */
export function sharedNotesView(room: RoomRecord): SharedObserverNotes[] {
  return room.observerNotes.map(({ round, observer, notes, sharedAt }) => ({ round, observer, notes, sharedAt }));
}
