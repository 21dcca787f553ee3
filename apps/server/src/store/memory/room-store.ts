import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { DraftSaveOutcome, DraftStore, StoredDraft } from "../../core/draft-store.ts";
import type { RoomRecord } from "../../core/room-record.ts";
import type { OutboxEvent, RoomDueAt, RoomMutation, RoomStore, RoomTableName, RoomTables, RoomUpdate } from "../../core/room-store.ts";
import type { DueRooms, RoomWorkIndex } from "../../features/timer/port.ts";

export interface MemoryStoreOptions {
  /** A room untouched for this long is forgotten. */
  roomTtlMs: number;
  /** When a stored room next falls due (its timer's deadline): kept in the work index. None by default. */
  dueAt?: RoomDueAt;
  /** How long a change may wait for the confirmation that it was announced before it is due for a resend (ms). */
  announceGraceMs?: number;
  /** How long a caller that took a due room has it to itself (ms). */
  claimLeaseMs?: number;
  now?: () => number;
}

interface StoredRoom {
  json: string;
  version: number;
  announced: number;
  dueAt: number | null;
  expiresAt: number;
  /** Events of changes not yet confirmed announced, by the room version of their change. */
  outbox: Map<number, OutboxEvent[]>;
  tables: { [T in RoomTableName]: Map<string, string> };
}

/**
 * The embedded store: one process, no dependencies, the same contract as the Redis store. Rooms are kept
 * serialized, exactly as Redis keeps them, so no caller can hold a live reference into the store.
 */
export class MemoryRoomStore implements RoomStore, RoomWorkIndex, DraftStore {
  readonly kind = "memory";
  private readonly rooms = new Map<string, StoredRoom>();
  /** The work index: room id → when it next needs a look. */
  private readonly due = new Map<string, number>();
  private readonly drafts = new Map<string, { json: string; version: number; updatedAt: number; expiresAt: number }>();
  private readonly clock: () => number;

  constructor(private readonly options: MemoryStoreOptions) {
    this.clock = options.now ?? Date.now;
  }

  async now(): Promise<number> {
    return this.clock();
  }

  /** The embedded store's clock is this process's own: already without a round trip. */
  quickNow(): Promise<number> {
    return this.now();
  }

  async createRoom(room: RoomRecord): Promise<void> {
    if (this.live(room.id)) throw new MockloopError(ErrorCode.Conflict, `room ${room.id} already exists`);
    const dueAt = this.dueAtOf(room);
    this.rooms.set(room.id, {
      json: JSON.stringify(room),
      version: room.version,
      announced: room.version,
      dueAt,
      expiresAt: this.clock() + this.options.roomTtlMs,
      outbox: new Map(),
      tables: { rounds: new Map(), formers: new Map() },
    });
    this.index(room.id, dueAt);
  }

  async getRoom(roomId: string): Promise<RoomRecord | undefined> {
    const stored = this.live(roomId);
    return stored ? (JSON.parse(stored.json) as RoomRecord) : undefined;
  }

  async roomVersion(roomId: string): Promise<number | undefined> {
    return this.live(roomId)?.version;
  }

  /** Nothing here is ever old: the room as stored. */
  recentRoom(roomId: string): Promise<RoomRecord | undefined> {
    return this.getRoom(roomId);
  }

  async updateRoom<T>(roomId: string, mutate: RoomMutation<T>): Promise<RoomUpdate<T> | undefined> {
    // Other callers may run while an async mutation awaits, so compare-and-set here too.
    for (;;) {
      const stored = this.live(roomId);
      if (!stored) return undefined;
      const before = stored.json;
      const current = JSON.parse(before) as RoomRecord;
      const now = this.clock();
      const { room, result, events = [], tables = [] } = await mutate(JSON.parse(before) as RoomRecord, now);
      if (this.live(roomId)?.json !== before) continue;
      if (JSON.stringify(room) === before && events.length === 0 && tables.length === 0) {
        return { room: current, before: current, result, changed: false, events: [], earlierUnannounced: false };
      }
      const next = { ...room, version: current.version + 1 };
      stored.json = JSON.stringify(next);
      stored.version = next.version;
      stored.dueAt = this.dueAtOf(next);
      stored.expiresAt = now + this.options.roomTtlMs;
      if (events.length > 0) stored.outbox.set(next.version, events);
      for (const write of tables) stored.tables[write.table].set(write.key, JSON.stringify(write.value));
      const graceUntil = now + (this.options.announceGraceMs ?? 1_000);
      this.index(roomId, stored.dueAt === null ? graceUntil : Math.min(stored.dueAt, graceUntil));
      return { room: next, before: current, result, changed: true, events, earlierUnannounced: stored.announced < current.version };
    }
  }

  async readTable<N extends RoomTableName>(roomId: string, table: N): Promise<Map<string, RoomTables[N]>> {
    const entries = this.live(roomId)?.tables[table] ?? new Map<string, string>();
    return new Map([...entries].map(([key, json]) => [key, JSON.parse(json) as RoomTables[N]]));
  }

  async readTableEntry<N extends RoomTableName>(roomId: string, table: N, key: string): Promise<RoomTables[N] | undefined> {
    const json = this.live(roomId)?.tables[table].get(key);
    return json === undefined ? undefined : (JSON.parse(json) as RoomTables[N]);
  }

  async pendingAnnouncement(roomId: string): Promise<{ room: RoomRecord; events: OutboxEvent[] } | undefined> {
    const stored = this.live(roomId);
    if (!stored || stored.version <= stored.announced) return undefined;
    const events = [...stored.outbox]
      .filter(([version]) => version > stored.announced)
      .sort((a, b) => a[0] - b[0])
      .flatMap(([, batch]) => batch);
    return { room: JSON.parse(stored.json) as RoomRecord, events };
  }

  async markAnnounced(roomId: string, version: number, after?: number): Promise<boolean> {
    const stored = this.live(roomId);
    if (!stored) {
      this.due.delete(roomId);
      return true;
    }
    if (after !== undefined && stored.announced < after) return false;
    stored.announced = Math.max(stored.announced, version);
    for (const changeVersion of stored.outbox.keys()) if (changeVersion <= stored.announced) stored.outbox.delete(changeVersion);
    if (stored.announced >= stored.version) this.index(roomId, stored.dueAt);
    return true;
  }

  async takeDue(limit: number): Promise<DueRooms> {
    const now = this.clock();
    const byTime = [...this.due.entries()].sort((a, b) => a[1] - b[1]);
    const roomIds = byTime
      .filter(([, at]) => at <= now)
      .slice(0, limit)
      .map(([roomId]) => roomId);
    const nextDueAt = byTime.find(([, at]) => at > now)?.[1] ?? null;
    for (const roomId of roomIds) this.due.set(roomId, now + (this.options.claimLeaseMs ?? 1_000));
    return { roomIds, nextDueAt, now };
  }

  async clearDue(roomId: string): Promise<void> {
    this.due.delete(roomId);
  }

  async getDraft(roomId: string, draftId: string): Promise<StoredDraft> {
    return this.readDraft(roomId, draftId);
  }

  async saveDraft(roomId: string, draftId: string, content: unknown, baseVersion: number, roomVersion?: number): Promise<DraftSaveOutcome> {
    // Read and write with no await in between: that is what makes this compare-and-set atomic here.
    if (roomVersion !== undefined && this.live(roomId)?.version !== roomVersion) return { saved: false, roomMoved: true };
    const latest = this.readDraft(roomId, draftId);
    if (latest.version !== baseVersion) return { saved: false, latest };
    const now = this.clock();
    const entry = { json: JSON.stringify(content), version: baseVersion + 1, updatedAt: now, expiresAt: now + this.options.roomTtlMs };
    this.drafts.set(`${roomId}:${draftId}`, entry);
    return { saved: true, draft: { content: JSON.parse(entry.json), version: entry.version, updatedAt: now } };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.rooms.clear();
    this.due.clear();
    this.drafts.clear();
  }

  private readDraft(roomId: string, draftId: string): StoredDraft {
    const key = `${roomId}:${draftId}`;
    const entry = this.drafts.get(key);
    if (!entry || entry.expiresAt <= this.clock()) {
      this.drafts.delete(key);
      return { content: null, version: 0, updatedAt: null };
    }
    return { content: JSON.parse(entry.json), version: entry.version, updatedAt: entry.updatedAt };
  }

  private live(roomId: string): StoredRoom | undefined {
    const stored = this.rooms.get(roomId);
    if (stored && stored.expiresAt <= this.clock()) {
      this.rooms.delete(roomId);
      return undefined;
    }
    return stored;
  }

  private dueAtOf(room: RoomRecord): number | null {
    return this.options.dueAt?.(room) ?? null;
  }

  private index(roomId: string, at: number | null): void {
    if (at === null) this.due.delete(roomId);
    else this.due.set(roomId, at);
  }
}
