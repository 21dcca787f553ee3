import type { ServerEventName, ServerEventPayload } from "@mockloop/protocol";
import { roomNotFound, type ArchivedRound, type FormerParticipant, type RoomRecord } from "./room-record.ts";

/** An event that must reach the room with a change (a segment end): kept with the change until it is announced. */
export type OutboxEvent = { [E in ServerEventName]: { event: E; payload: ServerEventPayload<E> } }[ServerEventName];

/** An event for everyone in the `to` channels but those in `except`: what `io.to(…).except(…).emit(…)` sends. */
export type ChannelBroadcast = OutboxEvent & { to: readonly string[]; except: readonly string[] };

/**
 * How a store that shares one Redis with the stream every node's Socket.IO adapter reads announces a change in
 * the change's own atomic write: the change's broadcasts (made from the room before and after it), each written
 * to that stream as an entry the adapters deliver. Nothing is left to confirm or resend, and it saves the node
 * a stream write per broadcast and the confirmation.
 */
export interface StreamAnnouncer {
  readonly streamKey: string;
  /** The stream's approximate length cap, as the adapter trims it. */
  readonly maxLen: number;
  /** The change's broadcasts in order (its patches, then its events), or undefined when it needs more (snapshots): it is then announced after the write. */
  broadcastsOf(before: RoomRecord, after: RoomRecord, events: readonly OutboxEvent[]): readonly ChannelBroadcast[] | undefined;
  /** One broadcast as the stream entry's fields and values, in turn: an entry this node's adapter skips, as its own. */
  entryOf(broadcast: ChannelBroadcast): string[];
  /** This node, as presence records its connections. */
  readonly nodeId: string;
  /**
   * The participants a broadcast is for when it goes to their own channels only (the interviewer's view, say),
   * or undefined when it goes to a whole room. Such a broadcast is appended only when one of them has a
   * connection on another node: this node delivers to its own connections itself, and a client that reconnects
   * rejoins and is answered the room as it is. (Appended every time, the interviewer's view of a push was an
   * entry every node read, almost always for nobody but the connection that asked.) Its entry (`entryOf`) is
   * built only once the store learns it is needed.
   */
  participantsOf(broadcast: ChannelBroadcast): readonly string[] | undefined;
  /**
   * Runs a write that may append entries, and learns from its answer (`appendedBy`) which ones it appended:
   * the node delivers those to its own connections itself, and any other of its entries it reads back (the
   * write ran, its answer was lost) from the stream.
   */
  write<A>(run: () => Promise<A>, appendedBy: (answer: A) => readonly (string | undefined)[]): Promise<A>;
}

/** The room's side tables: written once per entry, read rarely, never part of the hot record. */
export interface RoomTables {
  /** Finished rounds by round number. */
  rounds: ArchivedRound;
  /** People who left, by their token's hash. */
  formers: FormerParticipant;
}
export type RoomTableName = keyof RoomTables;
export type TableWrite = { [T in RoomTableName]: { table: T; key: string; value: RoomTables[T] } }[RoomTableName];

/** What a mutation answers: the new room, a result for the caller, and what the change carries along. */
export interface RoomChange<T> {
  room: RoomRecord;
  result: T;
  /** Events that must reach the room with this change; stored atomically with it until announced. */
  events?: OutboxEvent[];
  /** Side-table entries written atomically with the change. */
  tables?: TableWrite[];
}

/**
 * Applies a change to a room. Receives a private copy of the room and the store's clock reading; returns the new
 * room (or the same object, unchanged, to write nothing) and a result for the caller. Throwing (e.g. a
 * MockloopError) aborts the change and leaves the room as it was.
 */
export type RoomMutation<T> = (room: RoomRecord, now: number) => RoomChange<T> | Promise<RoomChange<T>>;

export interface RoomUpdate<T> {
  room: RoomRecord;
  /** The room as it was before this change (the same as `room` when nothing changed). */
  before: RoomRecord;
  result: T;
  changed: boolean;
  events: OutboxEvent[];
  /**
   * An earlier change was still unconfirmed when this one was made (its node died, or is slow): announcing this
   * one alone would skip it, so announce what is pending instead (`pendingAnnouncement`), in order.
   */
  earlierUnannounced: boolean;
  /**
   * The store announced the change with its write (`StreamAnnouncer`): these broadcasts are in the stream at these
   * offsets (undefined for one no other node needed, left out), and the other nodes' adapters deliver them from
   * there. Left to do: this node's own connections.
   */
  announcedWithWrite?: { broadcasts: readonly ChannelBroadcast[]; offsets: readonly (string | undefined)[] };
}

/**
 * Where rooms live. Shaped around the domain: one hot record per room, changed atomically by compare-and-set,
 * plus side tables. Every change is also an announcement the store keeps until a node confirms it reached the
 * room (`markAnnounced`): if the node that made it dies first, another node finds it (`pendingAnnouncement`)
 * and announces it, so no change is lost with a node. A store that can announces a change in its own write
 * instead (`announceWith`), leaving nothing to confirm.
 */
export interface RoomStore {
  readonly kind: "memory" | "redis";
  /** The store's clock (Redis TIME for Redis) so every node agrees on deadlines. */
  now(): Promise<number>;
  /**
   * The store's clock as this node tells it without a round trip each time (for Redis, an `OffsetClock`): never
   * behind `now()`, for clock syncs and the times of events.
   */
  quickNow(): Promise<number>;
  /** Writes a new room; fails if the id is already used. */
  createRoom(room: RoomRecord): Promise<void>;
  getRoom(roomId: string): Promise<RoomRecord | undefined>;
  /**
   * The room as this node last read or wrote it, which may be old, or as stored when it has none: for checks
   * that a write then confirms by the room's version (`DraftStore.saveDraft`), with no read of their own.
   */
  recentRoom(roomId: string): Promise<RoomRecord | undefined>;
  /** The room's version as stored now, never as remembered (undefined without one): whether a room read earlier is still current, for less than reading it. */
  roomVersion(roomId: string): Promise<number | undefined>;
  /**
   * Runs `mutate` and stores its room only if nobody changed the room in between (compare-and-set on
   * `version`), retrying on contention. The stored version is bumped by the store when the room changed.
   * Resolves undefined for an unknown room.
   */
  updateRoom<T>(roomId: string, mutate: RoomMutation<T>): Promise<RoomUpdate<T> | undefined>;
  /** Every entry of a side table, by key. */
  readTable<T extends RoomTableName>(roomId: string, table: T): Promise<Map<string, RoomTables[T]>>;
  /** One entry of a side table. */
  readTableEntry<T extends RoomTableName>(roomId: string, table: T, key: string): Promise<RoomTables[T] | undefined>;
  /** The room and the events of its changes not yet confirmed announced, or undefined when all were. */
  pendingAnnouncement(roomId: string): Promise<{ room: RoomRecord; events: OutboxEvent[] } | undefined>;
  /**
   * Confirms that every change up to `version` reached the room: their events are dropped, and nobody will
   * resend them. With `after`, confirms only if every change up to `after` was already confirmed (the caller
   * announced just the change from `after` to `version`); answers false when an earlier change is still
   * unconfirmed, so the caller resends it (`pendingAnnouncement`) instead of dropping it.
   */
  markAnnounced(roomId: string, version: number, after?: number): Promise<boolean>;
  /**
   * From now on, announce changes in their own write where this store can (one Redis, which also holds the
   * adapter's stream); stores that cannot leave this out, and their changes are announced after the write.
   */
  announceWith?(announcer: StreamAnnouncer): void;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * When the store should next look at a room: the deadline of its running timer segment, or null. The timer
 * feature supplies it; the store keeps its work index from it in the same atomic write as the room.
 */
export type RoomDueAt = (room: RoomRecord) => number | null;

/** `store.getRoom` for a room that must exist: an unknown room is ROOM_NOT_FOUND. */
export async function readExistingRoom(store: RoomStore, roomId: string): Promise<RoomRecord> {
  const room = await store.getRoom(roomId);
  if (!room) throw roomNotFound(roomId);
  return room;
}

/**
 * How many of each participant's latest request ids a room keeps. A command is sent again only right after its
 * connection came back, with at most the few commands the person sent meanwhile in between.
 */
export const REQUESTS_REMEMBERED = 4;

/** A command whose request id the room has applied already: answered as done, not applied a second time. */
export class AlreadyApplied extends Error {
  constructor(readonly requestId: string) {
    super(`request ${requestId} was applied already`);
    this.name = "AlreadyApplied";
  }
}

/**
 * The mutation, applied at most once per request id: the id is written with the change, in the same atomic
 * write, so a command sent again after its answer was lost (the connection dropped, its node died) finds it
 * and throws `AlreadyApplied` instead of changing the room twice, whichever node either copy reached.
 * Ids are kept per participant (their last `REQUESTS_REMEMBERED`), and only for people still in the room.
 */
export function applyOnce<T>(mutate: RoomMutation<T>, participantId: string, requestId: string): RoomMutation<T> {
  return async (room, now) => {
    if (room.appliedRequests?.[participantId]?.includes(requestId)) throw new AlreadyApplied(requestId);
    const change = await mutate(room, now);
    const after = change.room;
    const applied: Record<string, string[]> = {};
    for (const { id } of after.participants) {
      const ids = after.appliedRequests?.[id];
      if (ids) applied[id] = ids;
    }
    applied[participantId] = [...(applied[participantId] ?? []), requestId].slice(-REQUESTS_REMEMBERED);
    after.appliedRequests = applied;
    return change;
  };
}

/** Who sent a command, and the request id it carries if any: a command with one is applied once (`applyOnce`). */
export interface CommandOrigin {
  participantId: string;
  requestId?: string | undefined;
}

/**
 * `store.updateRoom` for a room that must exist: an unknown room is ROOM_NOT_FOUND. Given the command's origin
 * with a request id, a command already applied throws `AlreadyApplied`.
 */
export async function updateExistingRoom<T>(store: RoomStore, roomId: string, mutate: RoomMutation<T>, origin?: CommandOrigin): Promise<RoomUpdate<T>> {
  const once = origin?.requestId === undefined ? mutate : applyOnce(mutate, origin.participantId, origin.requestId);
  const outcome = await store.updateRoom(roomId, once);
  if (!outcome) throw roomNotFound(roomId);
  return outcome;
}
