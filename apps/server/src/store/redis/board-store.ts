import type { BoardElement } from "@mockloop/protocol";
import type { Cluster, Redis } from "ioredis";
import type { BoardMergeOutcome, BoardStore, SceneBounds } from "../../features/board/port.ts";
import { storeCall } from "./errors.ts";
import { roomKeys } from "./keys.ts";
import { LuaScript } from "./lua-script.ts";

export interface RedisBoardStoreOptions {
  keyPrefix: string;
  /** A room's boards untouched for this long expire, like the room. */
  roomTtlMs: number;
}

// KEYS[1]: the round's board, a hash element id → element JSON. KEYS[2]: the room's board hash, holding each
// round's totals ("bytes:<round>", "live:<round>") and the observers' switch. KEYS[3..]: the room's other boards,
// whose retention is refreshed with this one. Every key is under the room's own prefix (its shard's hash tag), so
// this runs on the room's slot.
// ARGV: round, most elements, most bytes, retention (ms), then five per element: id, version, versionNonce,
// deleted (1 or 0), JSON. The merge rule and the bounds are `planMerge` (features/board/merge-rules.ts), line for line.
const mergeScript = new LuaScript("board-merge", `
local round = ARGV[1]
local maxElements, maxBytes = tonumber(ARGV[2]), tonumber(ARGV[3])
local countBefore = redis.call('HLEN', KEYS[1])
local bytesBefore = tonumber(redis.call('HGET', KEYS[2], 'bytes:' .. round) or '0')
local count, bytes = countBefore, bytesBefore
local live = tonumber(redis.call('HGET', KEYS[2], 'live:' .. round) or '0')
local winners, held = {}, {}
for i = 5, #ARGV, 5 do
  local version, nonce, json = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), ARGV[i + 4]
  local stored = redis.call('HGET', KEYS[1], ARGV[i])
  local current = stored and cjson.decode(stored)
  local wins = true
  if current then
    if version ~= current.version then wins = version > current.version else wins = nonce < current.versionNonce end
    if version == current.version and nonce == current.versionNonce then table.insert(held, (i - 5) / 5) end
  end
  if wins then
    if current then
      bytes = bytes - #stored
      if not current.isDeleted then live = live - 1 end
    else
      count = count + 1
    end
    bytes = bytes + #json
    if ARGV[i + 3] == '0' then live = live + 1 end
    table.insert(winners, i)
  end
end
if count > maxElements and count > countBefore then return { 0, 'elements' } end
if bytes > maxBytes and bytes > bytesBefore then return { 0, 'bytes' } end
local stored = {}
for _, i in ipairs(winners) do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 4])
  table.insert(stored, (i - 5) / 5)
end
if #winners > 0 then redis.call('HSET', KEYS[2], 'bytes:' .. round, bytes, 'live:' .. round, live) end
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ARGV[4]) end
return { 1, stored, held }
`);

const setSwitchScript = new LuaScript("board-set-switch", `
redis.call('HSET', KEYS[1], 'observersMayDraw', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
`);

/** The boards in Redis: a hash per round, merged by a Lua script so each change is one atomic step on the room's slot. */
export class RedisBoardStore implements BoardStore {
  /** The caller owns `redis`. */
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisBoardStoreOptions,
  ) {}

  async mergeElements(roomId: string, round: number, elements: readonly BoardElement[], bounds: SceneBounds): Promise<BoardMergeOutcome> {
    const otherRounds = Array.from({ length: round - 1 }, (_, index) => this.boardKey(roomId, index + 1));
    const args = elements.flatMap((element) => [element.id, element.version, element.versionNonce, element.isDeleted ? 1 : 0, JSON.stringify(element)]);
    const [ok, detail, held] = (await mergeScript.run(
      this.redis,
      [this.boardKey(roomId, round), this.roomKey(roomId), ...otherRounds],
      [round, bounds.maxElements, bounds.maxSceneBytes, this.options.roomTtlMs, ...args],
    )) as [number, "elements" | "bytes" | number[], number[] | undefined];
    if (ok !== 1) return { ok: false, bound: detail as "elements" | "bytes" };
    const atIndex = (index: number) => elements[index] as BoardElement;
    return { ok: true, stored: (detail as number[]).map(atIndex), held: (held ?? []).map(atIndex) };
  }

  async readBoard(roomId: string, round: number): Promise<BoardElement[]> {
    const values = await storeCall(this.redis.hvals(this.boardKey(roomId, round)));
    return values.map((json) => JSON.parse(json) as BoardElement);
  }

  async liveElementCounts(roomId: string, rounds: readonly number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    if (rounds.length === 0) return counts;
    const values = await storeCall(this.redis.hmget(this.roomKey(roomId), ...rounds.map((round) => `live:${round}`)));
    rounds.forEach((round, index) => {
      const live = Number(values[index] ?? 0);
      if (live > 0) counts.set(round, live);
    });
    return counts;
  }

  async observersMayDraw(roomId: string): Promise<boolean> {
    return (await storeCall(this.redis.hget(this.roomKey(roomId), "observersMayDraw"))) === "1";
  }

  async setObserversMayDraw(roomId: string, mayDraw: boolean): Promise<void> {
    await setSwitchScript.run(this.redis, [this.roomKey(roomId)], [mayDraw ? "1" : "0", this.options.roomTtlMs]);
  }

  // Under the room's own prefix, which carries its shard's hash tag: one Redis Cluster slot for all of a room.
  private boardKey(roomId: string, round: number): string {
    return `${roomKeys(this.options.keyPrefix, roomId).base}board:${round}`;
  }

  private roomKey(roomId: string): string {
    return `${roomKeys(this.options.keyPrefix, roomId).base}board`;
  }
}
