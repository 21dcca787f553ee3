import { ErrorCode, MockloopError } from "@mockloop/protocol";
import { roomNotFound, type RoomRecord } from "./room-record.ts";
import type { RoomStore } from "./room-store.ts";

/** A draft someone is writing (a scorecard, observer notes): saved often, never broadcast. */
export interface StoredDraft {
  /** JSON-serialisable; the feature validates it on the way in and out. */
  content: unknown;
  /** 0 means never saved. */
  version: number;
  updatedAt: number | null;
}

export type DraftSaveOutcome =
  | { saved: true; draft: StoredDraft }
  | { saved: false; latest: StoredDraft }
  /** The room is no longer at the version the save was checked on: nothing was saved. */
  | { saved: false; roomMoved: true };

/** Drafts of a room, apart from the room record so saving one never touches (or broadcasts) the room. */
export interface DraftStore {
  /** A room's draft by id, or a never-saved draft (version 0, content null). */
  getDraft(roomId: string, draftId: string): Promise<StoredDraft>;
  /**
   * Saves a draft if the stored one is still at `baseVersion` (compare-and-set); otherwise answers the stored
   * draft, so two tabs never silently overwrite each other. With `roomVersion`, only while the room is still at
   * that version (the one the caller's checks were made on), in the same atomic step. Drafts expire with the
   * room's retention.
   */
  saveDraft(roomId: string, draftId: string, content: unknown, baseVersion: number, roomVersion?: number): Promise<DraftSaveOutcome>;
}

/** How often a draft's save is worked out again when the room keeps changing under it, before it answers CONFLICT. */
const ROOM_DRAFT_ATTEMPTS = 5;

/**
 * Saves a draft whose rules depend on the room (who may write it, in which round): `check` applies them to the
 * room as this node last saw it, with no read, and answers the draft's id; the save then happens only while the
 * room is still at that version. If the room has moved on, or `check` refused a copy that may be old, they are
 * applied again to the room as stored. So an autosave costs one round trip, and is never saved on rules the room
 * no longer has.
 */
export async function saveRoomDraft(
  store: RoomStore,
  drafts: DraftStore,
  roomId: string,
  check: (room: RoomRecord) => string,
  content: unknown,
  baseVersion: number,
): Promise<Exclude<DraftSaveOutcome, { roomMoved: true }>> {
  let room = await store.recentRoom(roomId);
  for (let attempt = 0; attempt < ROOM_DRAFT_ATTEMPTS; attempt++) {
    if (!room) throw roomNotFound(roomId);
    let draftId: string;
    try {
      draftId = check(room);
    } catch (error) {
      // A refusal is only an answer when it is about the room as stored.
      if (attempt > 0) throw error;
      room = await store.getRoom(roomId);
      continue;
    }
    const outcome = await drafts.saveDraft(roomId, draftId, content, baseVersion, room.version);
    if (!("roomMoved" in outcome)) return outcome;
    room = await store.getRoom(roomId);
  }
  throw new MockloopError(ErrorCode.Conflict, "the room is busy with other changes; try again");
}
