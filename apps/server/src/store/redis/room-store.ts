import { ErrorCode, MockloopError } from "@mockloop/protocol";
import { Cluster, type Redis } from "ioredis";
import type { DraftSaveOutcome, DraftStore, StoredDraft } from "../../core/draft-store.ts";
import type { PastRoundSummary, RoomRecord } from "../../core/room-record.ts";
import { OffsetClock } from "../../core/clock.ts";
import { copyOfJson } from "../../core/json-copy.ts";
import { RecentlyUsed } from "../../core/recently-used.ts";
import type { OutboxEvent, RoomChange, RoomDueAt, RoomMutation, RoomStore, RoomTableName, RoomTables, RoomUpdate, StreamAnnouncer } from "../../core/room-store.ts";
import type { DueRooms, RoomWorkIndex } from "../../features/timer/port.ts";
import { storeCall } from "./errors.ts";
import { roomKeys, workIndexKeys } from "./keys.ts";
import { LuaScript } from "./lua-script.ts";
import { participantsElsewhereLua } from "./presence-store.ts";

export interface RedisStoreOptions {
  /** Prepended to every key, so several deployments (or tests) can share one Redis. */
  keyPrefix: string;
  /** A room untouched for this long expires. */
  roomTtlMs: number;
  /** Attempts at a contended compare-and-set before answering CONFLICT. */
  maxAttempts?: number;
  /**
   * How many rooms this node remembers as it last read or wrote them (2,000 by default; 0 for none). A change
   * to a remembered room starts from that copy and the store's clock as this node tells it, without reading
   * the room first; the compare-and-set still checks the version, and answers the room as it is if the copy was old.
   */
  rememberedRooms?: number;
  /** When a stored room next falls due (its timer's deadline): kept in the work index. None by default. */
  dueAt?: RoomDueAt;
  /** How long a change may wait for its node to confirm it was announced before another node resends it (ms). */
  announceGraceMs?: number;
  /** How long a node that took a due room has it to itself (ms); if it dies, the room is due again after this. */
  claimLeaseMs?: number;
}

const timeLua = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

// The room (its hot record, its past rounds and its version) and the store's clock in one round trip.
const readScript = new LuaScript("room-read", `${timeLua}
local fields = redis.call('HMGET', KEYS[1], 'data', 'past', 'version')
return { fields[1] or '', tostring(nowMs()), fields[2] or '', fields[3] or '0' }
`);

// KEYS: room, work index, outbox, one side-table key per table write, then (when announcing with the write) the
// adapter's stream and the room's presence. ARGV: expected version, data, new version, ttl, room id, due-at ('' for
// none), look-again-at (the announcement's grace), events JSON ('' for none), the past rounds' JSON ('' when they
// did not change), the number of table writes and a field and a value for each, then the number of stream entries,
// the stream's length cap, this node's id, and for each entry the number of participants it is for alone (0 for a
// whole room) and their ids, then its number of fields (-1 for an entry for some participants alone sent without
// them) and its fields and values in turn. The write succeeds only if the version is still the one read.
// Announcing: when the change comes with stream entries and every earlier change was announced, the entries are
// appended here, in the same atomic step, and the change is announced: answers {2, offset per entry}, the offset ''
// for an entry for some participants alone when none of them is connected to another node (left out: this node
// delivers to its own connections itself). Otherwise the room goes in the work index for the earlier of its timer
// deadline and the grace, with the change's events kept in the outbox: the node that made the change settles it
// when it has announced it (markAnnounced); if that node dies, a live one finds the room due and resends. Answers
// {1} or {0} then (whether every earlier change was confirmed announced), or {-1, data, time, past, version} when
// the version had moved on: the room as it is, to try again from; or {-2}, with nothing written, when an entry sent
// without its fields is needed after all (one of its participants has a connection on another node): send them.
const compareAndSetScript = new LuaScript("room-write", `${timeLua}${participantsElsewhereLua}
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then
  -- Someone else changed the room (or it is gone): answer it as it is, so the next try needs no read of its own.
  local fields = redis.call('HMGET', KEYS[1], 'data', 'past', 'version')
  return { -1, fields[1] or '', tostring(nowMs()), fields[2] or '', fields[3] or '0' }
end
local tables = tonumber(ARGV[10])
local at = 11 + tables * 2
local entries = tonumber(ARGV[at] or '0')
local earlierAnnounced = tonumber(redis.call('HGET', KEYS[1], 'announced') or '0') >= tonumber(ARGV[1])
-- Which entries go into the stream (where each one's fields begin, or false), decided before anything is written.
local appended = {}
if entries > 0 and earlierAnnounced then
  local presence, nodeId = KEYS[5 + tables], ARGV[at + 2]
  local elsewhere
  local i = at + 3
  for entry = 1, entries do
    local only = tonumber(ARGV[i])
    local needed = only == 0
    if not needed then
      elsewhere = elsewhere or participantsElsewhere(presence, nodeId)
      for j = 1, only do needed = needed or elsewhere[ARGV[i + j]] == true end
    end
    i = i + 1 + only
    local fields = tonumber(ARGV[i])
    if needed and fields < 0 then return { -2 } end
    appended[entry] = needed and i
    i = i + 1 + math.max(fields, 0) * 2
  end
end
redis.call('HSET', KEYS[1], 'data', ARGV[2], 'version', ARGV[3], 'dueAt', ARGV[6])
if ARGV[9] ~= '' then redis.call('HSET', KEYS[1], 'past', ARGV[9]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
for i = 1, tables do
  redis.call('HSET', KEYS[3 + i], ARGV[9 + i * 2], ARGV[10 + i * 2])
  redis.call('PEXPIRE', KEYS[3 + i], ARGV[4])
end
if entries > 0 and earlierAnnounced then
  local stream, maxLen = KEYS[4 + tables], ARGV[at + 1]
  local answer = { 2 }
  for entry = 1, entries do
    local i = appended[entry]
    if i then
      local command = { 'XADD', stream, 'MAXLEN', '~', maxLen, '*' }
      for j = 1, tonumber(ARGV[i]) * 2 do command[6 + j] = ARGV[i + j] end
      table.insert(answer, redis.call(unpack(command)))
    else
      table.insert(answer, '')
    end
  end
  redis.call('HSET', KEYS[1], 'announced', ARGV[3])
  if ARGV[6] ~= '' then redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5]) else redis.call('ZREM', KEYS[2], ARGV[5]) end
  return answer
end
local lookAt = tonumber(ARGV[7])
if ARGV[6] ~= '' and tonumber(ARGV[6]) < lookAt then lookAt = tonumber(ARGV[6]) end
redis.call('ZADD', KEYS[2], lookAt, ARGV[5])
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[3], ARGV[8])
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
end
-- Whether every change before this one was confirmed announced: 1 if so, 0 if not.
if earlierAnnounced then return { 1 } end
return { 0 }
`);

// KEYS: room, work index. ARGV: data, version, ttl, room id, due-at, past rounds. A new room has nothing to announce.
const createScript = new LuaScript("room-create", `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'version', ARGV[2], 'dueAt', ARGV[5], 'announced', ARGV[2], 'past', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4]) end
return 1
`);

// KEYS: room, work index, outbox. ARGV: the version confirmed announced, room id, and '' or the version that
// must already be confirmed (the change announced follows it). Drops the events up to it, and once nothing is
// left to announce, puts the room back in the index at its timer deadline (or takes it out). Answers 0 when an
// earlier change is still unconfirmed.
const markAnnouncedScript = new LuaScript("room-mark-announced", `
local fields = redis.call('HMGET', KEYS[1], 'version', 'announced', 'dueAt')
if not fields[1] then
  redis.call('ZREM', KEYS[2], ARGV[2])
  redis.call('DEL', KEYS[3])
  return 1
end
local version = tonumber(fields[1])
local announced = tonumber(fields[2] or '0')
if ARGV[3] ~= '' and announced < tonumber(ARGV[3]) then return 0 end
if tonumber(ARGV[1]) > announced then
  announced = tonumber(ARGV[1])
  redis.call('HSET', KEYS[1], 'announced', tostring(announced))
end
for _, field in ipairs(redis.call('HKEYS', KEYS[3])) do
  if tonumber(field) <= announced then redis.call('HDEL', KEYS[3], field) end
end
if announced >= version then
  if fields[3] and fields[3] ~= '' then redis.call('ZADD', KEYS[2], fields[3], ARGV[2]) else redis.call('ZREM', KEYS[2], ARGV[2]) end
end
return 1
`);

// KEYS: room, outbox. The room and its unannounced events, read together.
const pendingScript = new LuaScript("room-pending", `
local fields = redis.call('HMGET', KEYS[1], 'data', 'version', 'announced', 'past')
if not fields[1] then return { '', '0', '0', {}, '' } end
return { fields[1], fields[2], fields[3] or '0', redis.call('HGETALL', KEYS[2]), fields[4] or '' }
`);

// KEYS: shards' work indexes (all of them on one Redis; one per call on a cluster, where they sit in different
// slots). ARGV: limit per shard, lease. Due rooms on Redis's own clock (so every node agrees), each claimed until
// the lease ends; also the next time anything else falls due.
const takeDueScript = new LuaScript("due-take", `${timeLua}
local now = nowMs()
local due = {}
local nextDue = ''
for _, key in ipairs(KEYS) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))) do
    redis.call('ZADD', key, now + tonumber(ARGV[2]), id)
    table.insert(due, id)
  end
  local upcoming = redis.call('ZRANGEBYSCORE', key, '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  if upcoming[2] and (nextDue == '' or tonumber(upcoming[2]) < tonumber(nextDue)) then nextDue = upcoming[2] end
end
return { due, nextDue, tostring(now) }
`);

// A draft is a hash {data, version, updatedAt}; saved only if still at the version the writer read, and (ARGV[4],
// unless '') while the room (KEYS[2]) is still at the version the save was checked on: else answers {2}.
const saveDraftScript = new LuaScript("draft-save", `${timeLua}
if ARGV[4] ~= '' and (redis.call('HGET', KEYS[2], 'version') or '0') ~= ARGV[4] then return { 2 } end
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then
  return { 0, redis.call('HGET', KEYS[1], 'data') or '', tostring(current), redis.call('HGET', KEYS[1], 'updatedAt') or '' }
end
local now = tostring(nowMs())
local version = tostring(current + 1)
redis.call('HSET', KEYS[1], 'data', ARGV[2], 'version', version, 'updatedAt', now)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
-- Saved: the writer has the text it sent, so the answer leaves it out (a scorecard autosaves every few seconds).
return { 1, '', version, now }
`);

/**
 * A room as stored: its hot record's text (`data`), its version apart (so that the text a change is compared by is
 * the text it stores: one serialization a write), and its past rounds apart (`past`), written only when a round
 * ends so that a write costs the same in round 1 and round 30. The past rounds are parsed once per text and
 * frozen, and every copy of the room made from it shares that one list (rooms only ever replace it).
 */
interface StoredRoom {
  data: string;
  version: number;
  past: PastRounds;
}

interface PastRounds {
  /** '' for a room stored before the past rounds were kept apart: its record holds them. */
  text: string;
  rounds: readonly PastRoundSummary[];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A room of its own from the stored text and version (a text stored before the version was kept apart holds the
 * same version), sharing the stored past rounds (or, stored before they were kept apart, its own).
 */
function roomFrom({ data, version, past }: StoredRoom): RoomRecord {
  const room = JSON.parse(data) as RoomRecord;
  room.version = version;
  if (past.text !== "" || room.pastRounds === undefined) room.pastRounds = past.rounds;
  return room;
}

/** A room a mutation may change as it likes: every part its own but the past rounds, which are only ever replaced. */
function mutableCopyOf(room: RoomRecord): RoomRecord {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(room) as (keyof RoomRecord)[]) copy[key] = key === "pastRounds" ? room.pastRounds : copyOfJson(room[key]);
  return copy as unknown as RoomRecord;
}

/** The stream offsets a room write's answer names: one per entry it appended ('' for one left out), when it announced. */
function offsetsAppendedBy(answer: [number, ...string[]]): readonly string[] {
  return answer[0] === 2 ? (answer.slice(1) as string[]) : [];
}

/** The hot record's text, as stored and written with every change: the room without its version and past rounds. */
export function hotRecordText(room: RoomRecord): string {
  return JSON.stringify({ ...room, version: undefined, pastRounds: undefined });
}

function toDraft(data: string, version: string, updatedAt: string): StoredDraft {
  return { content: data === "" ? null : JSON.parse(data), version: Number(version), updatedAt: updatedAt === "" ? null : Number(updatedAt) };
}

/**
 * The real store: rooms in Redis, time from Redis TIME, changes by compare-and-set, every key of a room under
 * its shard's hash tag (Redis Cluster ready). Also the work index the timer scheduler takes due rooms from, and
 * the drafts.
 */
export class RedisRoomStore implements RoomStore, RoomWorkIndex, DraftStore {
  readonly kind = "redis";
  private readonly maxAttempts: number;
  private readonly announceGraceMs: number;
  private readonly claimLeaseMs: number;
  /** The rooms this node read or wrote last, as stored. */
  private readonly remembered: RecentlyUsed<string, StoredRoom>;
  /** Set when changes are announced with their write (`announceWith`). */
  private announcer: StreamAnnouncer | undefined;
  /** The store's clock without a round trip: for changes that start from a remembered room, and `quickNow`. */
  private readonly clock = new OffsetClock(() => this.now());

  /** The caller owns `redis` and closes it. */
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisStoreOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 50;
    this.announceGraceMs = options.announceGraceMs ?? 1_000;
    this.claimLeaseMs = options.claimLeaseMs ?? 1_000;
    this.remembered = new RecentlyUsed(options.rememberedRooms ?? 2_000);
  }

  async now(): Promise<number> {
    const [seconds, micros] = await storeCall(this.redis.time());
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  quickNow(): Promise<number> {
    return this.clock.now();
  }

  async createRoom(room: RoomRecord): Promise<void> {
    const keys = this.keys(room.id);
    const data = hotRecordText(room);
    const past = this.pastRoundsOf(room.id, JSON.stringify(room.pastRounds));
    const created = await createScript.run(this.redis, [keys.room, keys.due], [data, String(room.version), String(this.options.roomTtlMs), room.id, this.dueArg(room), past.text]);
    if (created !== 1) throw new MockloopError(ErrorCode.Conflict, `room ${room.id} already exists`);
    this.remembered.set(room.id, { data, version: room.version, past });
  }

  async getRoom(roomId: string): Promise<RoomRecord | undefined> {
    const [data = null, pastText = null, version = null] = await storeCall(this.redis.hmget(this.keys(roomId).room, "data", "past", "version"));
    if (data === null) {
      this.remembered.delete(roomId);
      return undefined;
    }
    const stored = this.storedRoom(roomId, data, version ?? "0", pastText ?? "");
    this.remembered.set(roomId, stored);
    return roomFrom(stored);
  }

  async recentRoom(roomId: string): Promise<RoomRecord | undefined> {
    const remembered = this.remembered.get(roomId);
    return remembered === undefined ? this.getRoom(roomId) : roomFrom(remembered);
  }

  async roomVersion(roomId: string): Promise<number | undefined> {
    const version = await storeCall(this.redis.hget(this.keys(roomId).room, "version"));
    return version === null ? undefined : Number(version);
  }

  async updateRoom<T>(roomId: string, mutate: RoomMutation<T>): Promise<RoomUpdate<T> | undefined> {
    const keys = this.keys(roomId);
    // Where this try starts: the room as this node last saw it (no read, but maybe old), or as Redis answered it.
    let start: { stored: StoredRoom; now: number | undefined } | undefined;
    const remembered = this.remembered.get(roomId);
    if (remembered !== undefined) start = { stored: remembered, now: undefined };
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      if (!start) {
        const [data, time, pastText, version] = (await readScript.run(this.redis, [keys.room], [])) as [string, string, string, string];
        start = { stored: this.storedRoom(roomId, data, version, pastText), now: Number(time) };
      }
      const { stored: from } = start;
      const fromMemory = start.now === undefined;
      const now = start.now ?? (await this.clock.now());
      start = undefined;
      if (from.data === "") {
        this.remembered.delete(roomId);
        return undefined;
      }
      const current = roomFrom(from);
      let change: RoomChange<T>;
      try {
        change = await mutate(mutableCopyOf(current), now);
      } catch (error) {
        // A refusal is only an answer when it is about the room as it is: a remembered copy may be old.
        if (fromMemory) continue;
        throw error;
      }
      const { room, result, events = [], tables = [] } = change;
      // Past rounds are only ever replaced (when a round ends), so the same list means the same past.
      const pastChanged = room.pastRounds !== current.pastRounds || from.past.text === "";
      // The version is not in the text, so this is both the comparison and what is stored.
      const storedData = hotRecordText(room);
      if (!pastChanged && storedData === from.data && events.length === 0 && tables.length === 0) {
        // Likewise "nothing to do" (a segment not yet over by this node's clock, say): asked again of Redis.
        if (fromMemory) continue;
        this.remembered.set(roomId, from);
        return { room: current, before: current, result, changed: false, events: [], earlierUnannounced: false };
      }
      const stored = { ...room, version: current.version + 1 };
      const past = pastChanged ? this.pastRoundsOf(roomId, JSON.stringify(stored.pastRounds)) : from.past;
      // The caller's room shares the stored past rounds, as any later copy will.
      const after = { ...stored, pastRounds: past.rounds };
      const announcer = this.announcer;
      const broadcasts = announcer?.broadcastsOf(current, after, events) ?? [];
      const onlyFor = announcer ? broadcasts.map((broadcast) => announcer.participantsOf(broadcast) ?? []) : [];
      // An entry for some participants alone (the interviewer's view) first goes without its fields: it is almost
      // never needed, and is the largest part of the command. The script asks for them when it is needed.
      const entriesOf = (whole: boolean) =>
        announcer ? broadcasts.map((broadcast, index) => (whole || onlyFor[index]?.length === 0 ? announcer.entryOf(broadcast) : undefined)) : [];
      const writeRoom = async (entries: readonly (string[] | undefined)[]) => (await compareAndSetScript.run(
        this.redis,
        [keys.room, keys.due, keys.outbox, ...tables.map((write) => keys.table(write.table)), ...(entries.length > 0 && announcer ? [announcer.streamKey, keys.presence] : [])],
        [
          String(current.version),
          storedData,
          String(stored.version),
          String(this.options.roomTtlMs),
          roomId,
          this.dueArg(stored),
          String(now + this.announceGraceMs),
          events.length > 0 ? JSON.stringify(events) : "",
          pastChanged ? past.text : "",
          String(tables.length),
          ...tables.flatMap((write) => [write.key, JSON.stringify(write.value)]),
          String(entries.length),
          String(announcer?.maxLen ?? 0),
          announcer?.nodeId ?? "",
          ...entries.flatMap((fields, index) => {
            const ids = onlyFor[index] ?? [];
            return [String(ids.length), ...ids, ...(fields ? [String(fields.length / 2), ...fields] : ["-1"])];
          }),
        ],
      )) as [number, ...string[]];
      // The node learns which of its entries each write appended, to deliver those itself (`StreamAnnouncer.write`).
      const announcedWrite = (entries: readonly (string[] | undefined)[]) => (announcer ? announcer.write(() => writeRoom(entries), offsetsAppendedBy) : writeRoom(entries));
      let answer = await announcedWrite(entriesOf(false));
      // Someone an entry left without its fields is for has a connection on another node: the same write, whole.
      if (answer[0] === -2) answer = await announcedWrite(entriesOf(true));
      const [status, latest, latestTime, latestPast, latestVersion] = answer;
      if (status !== -1) {
        this.remembered.set(roomId, { data: storedData, version: stored.version, past });
        const update = { room: after, before: current, result, changed: true, events, earlierUnannounced: status === 0 };
        if (status !== 2) return update;
        const offsets = (answer.slice(1) as string[]).map((offset) => (offset === "" ? undefined : offset));
        return { ...update, announcedWithWrite: { broadcasts, offsets } };
      }
      // The room had moved on; the refusal carries it as it is now, to try again from.
      start = { stored: this.storedRoom(roomId, latest ?? "", latestVersion ?? "0", latestPast ?? ""), now: Number(latestTime) };
      // Someone else won this round (not just an old copy): back off a random, growing while so contenders spread out.
      if (!fromMemory) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
    throw new MockloopError(ErrorCode.Conflict, "the room is busy with other changes; try again");
  }

  async readTable<N extends RoomTableName>(roomId: string, table: N): Promise<Map<string, RoomTables[N]>> {
    const entries = await storeCall(this.redis.hgetall(this.keys(roomId).table(table)));
    return new Map(Object.entries(entries).map(([key, json]) => [key, JSON.parse(json) as RoomTables[N]]));
  }

  async readTableEntry<N extends RoomTableName>(roomId: string, table: N, key: string): Promise<RoomTables[N] | undefined> {
    const json = await storeCall(this.redis.hget(this.keys(roomId).table(table), key));
    return json === null ? undefined : (JSON.parse(json) as RoomTables[N]);
  }

  async pendingAnnouncement(roomId: string): Promise<{ room: RoomRecord; events: OutboxEvent[] } | undefined> {
    const keys = this.keys(roomId);
    const [data, version, announced, flatOutbox, pastText] = (await pendingScript.run(this.redis, [keys.room, keys.outbox], [])) as [string, string, string, string[], string];
    const stored = this.storedRoom(roomId, data, version, pastText);
    if (data !== "") this.remembered.set(roomId, stored);
    if (data === "" || Number(version) <= Number(announced)) return undefined;
    const events: OutboxEvent[] = [];
    const batches: [number, OutboxEvent[]][] = [];
    for (let i = 0; i + 1 < flatOutbox.length; i += 2) {
      const changeVersion = Number(flatOutbox[i]);
      if (changeVersion > Number(announced)) batches.push([changeVersion, JSON.parse(flatOutbox[i + 1] ?? "[]") as OutboxEvent[]]);
    }
    for (const [, batch] of batches.sort((a, b) => a[0] - b[0])) events.push(...batch);
    return { room: roomFrom(stored), events };
  }

  async markAnnounced(roomId: string, version: number, after?: number): Promise<boolean> {
    const keys = this.keys(roomId);
    const confirmed = await markAnnouncedScript.run(this.redis, [keys.room, keys.due, keys.outbox], [String(version), roomId, after === undefined ? "" : String(after)]);
    return confirmed === 1;
  }

  announceWith(announcer: StreamAnnouncer): void {
    // On a cluster the stream and a room sit in different slots, which one script cannot both write.
    if (!(this.redis instanceof Cluster)) this.announcer = announcer;
  }

  async takeDue(limit: number): Promise<DueRooms> {
    // Every shard in one call on one Redis (a poll every few tens of ms per node adds up); shard by shard on a cluster.
    const keys = workIndexKeys(this.options.keyPrefix);
    const calls = this.redis instanceof Cluster ? keys.map((key) => [key]) : [keys];
    const answers = (await Promise.all(calls.map((shards) => takeDueScript.run(this.redis, shards, [String(limit), String(this.claimLeaseMs)])))) as [
      string[],
      string,
      string,
    ][];
    const upcoming = answers.map(([, next]) => next).filter((next) => next !== "").map(Number);
    return {
      roomIds: answers.flatMap(([due]) => due),
      nextDueAt: upcoming.length > 0 ? Math.min(...upcoming) : null,
      now: Math.max(...answers.map(([, , now]) => Number(now))),
    };
  }

  async clearDue(roomId: string): Promise<void> {
    await storeCall(this.redis.zrem(this.keys(roomId).due, roomId));
  }

  async getDraft(roomId: string, draftId: string): Promise<StoredDraft> {
    const [data, version, updatedAt] = await storeCall(this.redis.hmget(this.keys(roomId).draft(draftId), "data", "version", "updatedAt"));
    return toDraft(data ?? "", version ?? "0", updatedAt ?? "");
  }

  async saveDraft(roomId: string, draftId: string, content: unknown, baseVersion: number, roomVersion?: number): Promise<DraftSaveOutcome> {
    const keys = this.keys(roomId);
    const text = JSON.stringify(content);
    const [saved, data = "", version = "0", updatedAt = ""] = (await saveDraftScript.run(
      this.redis,
      [keys.draft(draftId), keys.room],
      [String(baseVersion), text, String(this.options.roomTtlMs), roomVersion === undefined ? "" : String(roomVersion)],
    )) as [number, string?, string?, string?];
    if (saved === 2) {
      // The copy the save was checked on is old: forget it, so the next check reads the room.
      this.remembered.delete(roomId);
      return { saved: false, roomMoved: true };
    }
    if (saved === 1) return { saved: true, draft: toDraft(text, version, updatedAt) };
    return { saved: false, latest: toDraft(data, version, updatedAt) };
  }

  async ping(): Promise<void> {
    await storeCall(this.redis.ping());
  }

  async close(): Promise<void> {
    // The caller owns the connection.
  }

  /** A room as Redis answered its fields (text, version, past rounds' text). */
  private storedRoom(roomId: string, data: string, version: string, pastText: string): StoredRoom {
    return { data, version: Number(version), past: this.pastRoundsOf(roomId, pastText) };
  }

  /** The past rounds of a stored text, parsed once: the remembered room's list when the text is the same. */
  private pastRoundsOf(roomId: string, text: string): PastRounds {
    const known = this.remembered.get(roomId)?.past;
    if (known && known.text === text) return known;
    return { text, rounds: text === "" ? [] : deepFreeze(JSON.parse(text) as PastRoundSummary[]) };
  }

  private keys(roomId: string) {
    return roomKeys(this.options.keyPrefix, roomId);
  }

  private dueArg(room: RoomRecord): string {
    const dueAt = this.options.dueAt?.(room) ?? null;
    return dueAt === null ? "" : String(dueAt);
  }
}
