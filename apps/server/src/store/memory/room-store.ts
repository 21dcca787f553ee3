import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { DraftSaveOutcome, DraftStore, StoredDraft } from "../../core/draft-store.ts";
import type { RoomRecord } from "../../core/room-record.ts";
import type { RoomDueAt, RoomMutation, RoomStore } from "../../core/room-store.ts";
import type { DueTimerIndex, DueTimers } from "../../features/timer/port.ts";

export interface MemoryStoreOptions {
  /** A room untouched for this long is forgotten. */
  roomTtlMs: number;
  /** When a stored room next falls due (its timer's deadline): kept as the due index. None by default. */
  dueAt?: RoomDueAt;
  now?: () => number;
}

/**
 * The embedded store: one process, no dependencies. Rooms are kept serialized, exactly as Redis keeps
 * them, so no caller can hold a live reference into the store.
 */
export class MemoryRoomStore implements RoomStore, DueTimerIndex, DraftStore {
  readonly kind = "memory";
  private readonly rooms = new Map<string, { json: string; expiresAt: number }>();
  private readonly due = new Map<string, number>();
  private readonly drafts = new Map<string, { json: string; version: number; updatedAt: number; expiresAt: number }>();
  private readonly clock: () => number;

  constructor(private readonly options: MemoryStoreOptions) {
    this.clock = options.now ?? Date.now;
  }

  async now(): Promise<number> {
    return this.clock();
  }

  async createRoom(room: RoomRecord): Promise<void> {
    if (this.read(room.id)) throw new MockloopError(ErrorCode.Conflict, `room ${room.id} already exists`);
    this.write(room);
  }

  async getRoom(roomId: string): Promise<RoomRecord | undefined> {
    return this.read(roomId);
  }

  async updateRoom<T>(roomId: string, mutate: RoomMutation<T>) {
    // Other callers may run while an async mutation awaits, so compare-and-set here too.
    for (;;) {
      const before = this.rooms.get(roomId)?.json;
      const current = this.read(roomId);
      if (!current || before === undefined) return undefined;
      const { room, result } = await mutate(current, this.clock());
      if (this.rooms.get(roomId)?.json !== before) continue;
      const changed = JSON.stringify(room) !== before;
      const stored = changed ? { ...room, version: current.version + 1 } : current;
      if (changed) this.write(stored);
      return { room: stored, result, changed };
    }
  }

  async dueRooms(limit: number): Promise<DueTimers> {
    const now = this.clock();
    const byDeadline = [...this.due.entries()].sort((a, b) => a[1] - b[1]);
    return {
      roomIds: byDeadline
        .filter(([, dueAt]) => dueAt <= now)
        .slice(0, limit)
        .map(([roomId]) => roomId),
      nextDueAt: byDeadline.find(([, dueAt]) => dueAt > now)?.[1] ?? null,
      now,
    };
  }

  async clearDue(roomId: string): Promise<void> {
    this.due.delete(roomId);
  }

  async getDraft(roomId: string, draftId: string): Promise<StoredDraft> {
    return this.readDraft(roomId, draftId);
  }

  async saveDraft(roomId: string, draftId: string, content: unknown, baseVersion: number): Promise<DraftSaveOutcome> {
    // Read and write with no await in between: that is what makes this compare-and-set atomic here.
    const latest = this.readDraft(roomId, draftId);
    if (latest.version !== baseVersion) return { saved: false, latest };
    const now = this.clock();
    const entry = { json: JSON.stringify(content), version: baseVersion + 1, updatedAt: now, expiresAt: now + this.options.roomTtlMs };
    this.drafts.set(`${roomId}:${draftId}`, entry);
    return { saved: true, draft: { content: JSON.parse(entry.json), version: entry.version, updatedAt: now } };
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

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.rooms.clear();
    this.due.clear();
    this.drafts.clear();
  }

  private read(roomId: string): RoomRecord | undefined {
    const entry = this.rooms.get(roomId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.rooms.delete(roomId);
      return undefined;
    }
    return JSON.parse(entry.json) as RoomRecord;
  }

  private write(room: RoomRecord): void {
    this.rooms.set(room.id, { json: JSON.stringify(room), expiresAt: this.clock() + this.options.roomTtlMs });
    const dueAt = this.options.dueAt?.(room) ?? null;
    if (dueAt === null) this.due.delete(room.id);
    else this.due.set(room.id, dueAt);
  }
}
