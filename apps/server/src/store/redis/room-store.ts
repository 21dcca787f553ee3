import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { Redis } from "ioredis";
import type { DraftSaveOutcome, DraftStore, StoredDraft } from "../../core/draft-store.ts";
import type { RoomRecord } from "../../core/room-record.ts";
import type { RoomDueAt, RoomMutation, RoomStore } from "../../core/room-store.ts";
import type { DueTimerIndex, DueTimers } from "../../features/timer/port.ts";
import { LuaScript } from "./lua-script.ts";

export interface RedisStoreOptions {
  /** Prepended to every key, so several deployments (or tests) can share one Redis. */
  keyPrefix: string;
  /** A room untouched for this long expires. */
  roomTtlMs: number;
  /** Attempts at a contended compare-and-set before answering CONFLICT. */
  maxAttempts?: number;
  /** When a stored room next falls due (its timer's deadline): kept as the due index. None by default. */
  dueAt?: RoomDueAt;
}

// A room is a hash {data, version}; KEYS[2] is the sorted set of rooms whose timer falls due, scored by deadline.
// The write succeeds only if the version is still the one read, so two nodes changing one room at the same
// instant cannot interleave, and the due index always changes together with the room.
const scheduleLua = `
local function schedule(roomId, dueAt)
  if dueAt == '' then redis.call('ZREM', KEYS[2], roomId) else redis.call('ZADD', KEYS[2], dueAt, roomId) end
end
`;

const compareAndSetScript = new LuaScript(`${scheduleLua}
local current = redis.call('HGET', KEYS[1], 'version')
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[2], 'version', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
schedule(ARGV[5], ARGV[6])
return 1
`);

const createScript = new LuaScript(`${scheduleLua}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'version', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
schedule(ARGV[4], ARGV[5])
return 1
`);

// Due rooms on Redis's own clock, so every node agrees on what is due; also the next deadline to come.
const dueScript = new LuaScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local upcoming = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
return { due, upcoming[2] or '', tostring(now) }
`);

// A draft is a hash {data, version, updatedAt}; saved only if still at the version the writer read.
const saveDraftScript = new LuaScript(`
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then
  return { 0, redis.call('HGET', KEYS[1], 'data') or '', tostring(current), redis.call('HGET', KEYS[1], 'updatedAt') or '' }
end
local time = redis.call('TIME')
local now = tostring(tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
local version = tostring(current + 1)
redis.call('HSET', KEYS[1], 'data', ARGV[2], 'version', version, 'updatedAt', now)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return { 1, ARGV[2], version, now }
`);

function toDraft(data: string, version: string, updatedAt: string): StoredDraft {
  return { content: data === "" ? null : JSON.parse(data), version: Number(version), updatedAt: updatedAt === "" ? null : Number(updatedAt) };
}


/** The real store: rooms in Redis, time from Redis TIME, changes by compare-and-set. */
export class RedisRoomStore implements RoomStore, DueTimerIndex, DraftStore {
  readonly kind = "redis";
  private readonly maxAttempts: number;

  /** The caller owns `redis` and closes it. */
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisStoreOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 50;
  }

  async now(): Promise<number> {
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  async createRoom(room: RoomRecord): Promise<void> {
    const created = await createScript.run(
      this.redis,
      [this.roomKey(room.id), this.dueKey()],
      [JSON.stringify(room), String(room.version), String(this.options.roomTtlMs), room.id, this.dueArg(room)],
    );
    if (created !== 1) throw new MockloopError(ErrorCode.Conflict, `room ${room.id} already exists`);
  }

  async getRoom(roomId: string): Promise<RoomRecord | undefined> {
    const data = await this.redis.hget(this.roomKey(roomId), "data");
    return data === null ? undefined : (JSON.parse(data) as RoomRecord);
  }

  async updateRoom<T>(roomId: string, mutate: RoomMutation<T>) {
    const key = this.roomKey(roomId);
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const [[, data], [, time]] = (await this.redis.multi().hget(key, "data").time().exec()) as [
        [Error | null, string | null],
        [Error | null, [string, string]],
      ];
      if (data === null) return undefined;
      const current = JSON.parse(data) as RoomRecord;
      const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
      const { room, result } = await mutate(structuredClone(current), now);
      if (JSON.stringify(room) === data) return { room: current, result, changed: false };
      const stored = { ...room, version: current.version + 1 };
      const written = await compareAndSetScript.run(
        this.redis,
        [key, this.dueKey()],
        [String(current.version), JSON.stringify(stored), String(stored.version), String(this.options.roomTtlMs), roomId, this.dueArg(stored)],
      );
      if (written === 1) return { room: stored, result, changed: true };
      // Someone else won this round; back off a random, growing while so contenders spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
    throw new MockloopError(ErrorCode.Conflict, "the room is busy with other changes; try again");
  }

  async dueRooms(limit: number): Promise<DueTimers> {
    const [roomIds, nextDueAt, now] = (await dueScript.run(this.redis, [this.dueKey()], [String(limit)])) as [string[], string, string];
    return { roomIds, nextDueAt: nextDueAt === "" ? null : Number(nextDueAt), now: Number(now) };
  }

  async clearDue(roomId: string): Promise<void> {
    await this.redis.zrem(this.dueKey(), roomId);
  }

  async getDraft(roomId: string, draftId: string): Promise<StoredDraft> {
    const [data, version, updatedAt] = await this.redis.hmget(this.draftKey(roomId, draftId), "data", "version", "updatedAt");
    return toDraft(data ?? "", version ?? "0", updatedAt ?? "");
  }

  async saveDraft(roomId: string, draftId: string, content: unknown, baseVersion: number): Promise<DraftSaveOutcome> {
    const [saved, data, version, updatedAt] = (await saveDraftScript.run(
      this.redis,
      [this.draftKey(roomId, draftId)],
      [String(baseVersion), JSON.stringify(content), String(this.options.roomTtlMs)],
    )) as [number, string, string, string];
    const draft = toDraft(data, version, updatedAt);
    return saved === 1 ? { saved: true, draft } : { saved: false, latest: draft };
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    // The caller owns the connection.
  }

  private dueArg(room: RoomRecord): string {
    const dueAt = this.options.dueAt?.(room) ?? null;
    return dueAt === null ? "" : String(dueAt);
  }

  private draftKey(roomId: string, draftId: string): string {
    return `${this.options.keyPrefix}draft:${roomId}:${draftId}`;
  }

  private dueKey(): string {
    return `${this.options.keyPrefix}timers:due`;
  }

  private roomKey(roomId: string): string {
    return `${this.options.keyPrefix}room:${roomId}`;
  }
}
