import type { RoomRecord } from "../domain/room.ts";

/**
 * Applies a change to a room. Receives a private copy of the room and the store's clock reading;
 * returns the new room (or the same object, unchanged, to write nothing) and a result for the caller.
 * Throwing (e.g. a MockloopError) aborts the change and leaves the room as it was.
 */
export type RoomMutation<T> = (room: RoomRecord, now: number) => { room: RoomRecord; result: T } | Promise<{ room: RoomRecord; result: T }>;

export interface DueTimers {
  /** Rooms whose timer deadline has passed, oldest first. */
  roomIds: string[];
  /** The earliest deadline not yet due, if any: when to look again. */
  nextDueAt: number | null;
  /** The store's clock at the time of the answer. */
  now: number;
}

/** A draft someone is writing (a scorecard, observer notes): saved often, never broadcast. */
export interface StoredDraft {
  /** JSON-serialisable; the domain validates it on the way in and out. */
  content: unknown;
  /** 0 means never saved. */
  version: number;
  updatedAt: number | null;
}

export type DraftSaveOutcome = { saved: true; draft: StoredDraft } | { saved: false; latest: StoredDraft };

/** Where rooms live. Shaped around the domain: one record per room, changed atomically. */
export interface RoomStore {
  readonly kind: "memory" | "redis";
  /** The store's clock (Redis TIME for Redis) so every node agrees on deadlines. */
  now(): Promise<number>;
  /** Writes a new room; fails if the id is already used. */
  createRoom(room: RoomRecord): Promise<void>;
  getRoom(roomId: string): Promise<RoomRecord | undefined>;
  /**
   * Runs `mutate` and stores its room only if nobody changed the room in between (compare-and-set on
   * `version`), retrying on contention. The stored version is bumped by the store when the room changed.
   * Resolves undefined for an unknown room.
   */
  updateRoom<T>(roomId: string, mutate: RoomMutation<T>): Promise<{ room: RoomRecord; result: T; changed: boolean } | undefined>;
  /**
   * Rooms whose timer is due (its running segment's deadline has passed on the store's clock), oldest first.
   * The store keeps this index itself, from each stored room's timer, in the same atomic write as the room.
   */
  dueRooms(limit: number): Promise<DueTimers>;
  /** Drops a room from the due index (for a room that no longer exists). */
  clearDue(roomId: string): Promise<void>;
  /** A room's draft by id, or a never-saved draft (version 0, content null). */
  getDraft(roomId: string, draftId: string): Promise<StoredDraft>;
  /**
   * Saves a draft if the stored one is still at `baseVersion` (compare-and-set); otherwise answers the stored
   * draft, so two tabs never silently overwrite each other. Drafts expire with the room's retention.
   */
  saveDraft(roomId: string, draftId: string, content: unknown, baseVersion: number): Promise<DraftSaveOutcome>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
