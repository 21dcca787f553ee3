import type { DraftStore } from "../../core/draft-store.ts";
import type { RoomStore } from "../../core/room-store.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { observerNotesHandlers } from "./handlers.ts";
import { ObserverNotesService } from "./observer-notes-service.ts";

/** Observers' private notes, shared with the candidate when the observer chooses. */
export function createObserverNotesFeature({ store, drafts, publisher }: { store: RoomStore; drafts: DraftStore; publisher: RoomPublisher }) {
  const notes = new ObserverNotesService({ store, drafts });
  return { service: notes, handlers: observerNotesHandlers({ notes, publisher }) };
}
