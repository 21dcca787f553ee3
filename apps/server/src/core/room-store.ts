import type { RoomRecord } from "./room-record.ts";

/**
 * Applies a change to a room. Receives a private copy of the room and the store's clock reading;
 * returns the new room (or the same object, unchanged, to write nothing) and a result for the caller.
 * Throwing (e.g. a MockloopError) aborts the change and leaves the room as it was.
 */
export type RoomMutation<T> = (room: RoomRecord, now: number) => { room: RoomRecord; result: T } | Promise<{ room: RoomRecord; result: T }>;

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
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * When the store should next look at a room: the deadline of its running timer segment, or null. The timer
 * feature supplies it; the store keeps its due index from it in the same atomic write as the room.
 */
export type RoomDueAt = (room: RoomRecord) => number | null;
