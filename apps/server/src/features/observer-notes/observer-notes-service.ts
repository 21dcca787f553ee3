import { ErrorCode, MockloopError, observerNotesSchema, type ObserverNotes } from "@mockloop/protocol";
import { saveRoomDraft, type DraftStore, type StoredDraft } from "../../core/draft-store.ts";
import { requireRole, type RoomRecord } from "../../core/room-record.ts";
import { readExistingRoom, updateExistingRoom, type RoomStore, type RoomUpdate } from "../../core/room-store.ts";

const observerDraftId = (round: number, observerId: string) => `observer:${round}:${observerId}`;

/** An observer's private notes for the round (a versioned draft), which they may share with the candidate. */
export class ObserverNotesService {
  constructor(private readonly deps: { store: RoomStore; drafts: DraftStore }) {}

  async get(roomId: string, participantId: string): Promise<ObserverNotes> {
    const room = await this.room(roomId);
    requireRole(room, participantId, "observer", "keep observer notes");
    return this.observerNotes(await this.deps.drafts.getDraft(roomId, observerDraftId(room.round, participantId)));
  }

  async save(roomId: string, participantId: string, notes: string, baseVersion: number): Promise<ObserverNotes> {
    const outcome = await saveRoomDraft(
      this.deps.store,
      this.deps.drafts,
      roomId,
      (room) => {
        requireRole(room, participantId, "observer", "keep observer notes");
        return observerDraftId(room.round, participantId);
      },
      notes,
      baseVersion,
    );
    if (!outcome.saved) {
      throw new MockloopError(ErrorCode.DraftConflict, "your notes were changed elsewhere (another tab?); here are the latest", {
        details: { latest: this.observerNotes(outcome.latest) },
      });
    }
    return this.observerNotes(outcome.draft);
  }

  /** Shares the observer's saved notes with the candidate; sharing again replaces what was shared. */
  async share(roomId: string, participantId: string, requestId: string): Promise<RoomUpdate<null>> {
    const room = await this.room(roomId);
    requireRole(room, participantId, "observer", "share observer notes");
    const { notes } = await this.get(roomId, participantId);
    if (!notes.trim()) throw new MockloopError(ErrorCode.BadRequest, "write some notes before sharing them");
    return updateExistingRoom(this.deps.store, roomId, (current, now) => {
      const observer = requireRole(current, participantId, "observer", "share observer notes");
      // The hot record holds this round's shared notes only; earlier rounds' went to the rounds table with them.
      const existing = current.observerNotes.find((shared) => shared.observer.id === observer.id);
      if (existing?.requestId === requestId) return { room: current, result: null };
      current.observerNotes = [
        ...current.observerNotes.filter((shared) => shared !== existing),
        { round: current.round, requestId, observer: { id: observer.id, name: observer.name }, notes, sharedAt: now },
      ];
      return { room: current, result: null };
    });
  }

  private room(roomId: string): Promise<RoomRecord> {
    return readExistingRoom(this.deps.store, roomId);
  }

  private observerNotes(stored: StoredDraft): ObserverNotes {
    const notes = typeof stored.content === "string" ? stored.content : "";
    return observerNotesSchema.parse({ notes, version: stored.version, updatedAt: stored.updatedAt });
  }
}
