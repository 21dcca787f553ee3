import type { SharedObserverNotes } from "@mockloop/protocol";
import type { SharedObserverNotesRecord } from "../../core/room-record.ts";

/** Notes observers shared, as readers see them. */
export function sharedNotesView(notes: readonly SharedObserverNotesRecord[]): SharedObserverNotes[] {
  return notes.map(({ round, observer, notes: text, sharedAt }) => ({ round, observer, notes: text, sharedAt }));
}
