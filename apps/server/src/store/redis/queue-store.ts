import type { Cluster, Redis } from "ioredis";
import { partnerRoles } from "../../features/queue/matching.ts";
import type { NewTicket, QueueStore, QueueTicket } from "../../features/queue/port.ts";
import { storeCall } from "./errors.ts";
import { LuaScript } from "./lua-script.ts";

export interface RedisQueueStoreOptions {
  keyPrefix: string;
}

// Keys, all under the one hash tag {queue} so each script runs in one Redis Cluster slot:
// base .. 'queue:stage:' .. track:stage — a sorted set of ticket ids in arrival order (score: a counter);
// base .. 'queue:all' — every ticket id scored by its arrival time (for expiry); base .. 'queue:ticket:' .. id —
// the ticket as JSON. Each script reads and writes all of them in one atomic step (KEYS[1], queue:all, routes it).
const timeLua = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

const takeLua = `
local function take(prefix, id)
  local json = redis.call('GET', prefix .. 'queue:ticket:' .. id)
  local enqueuedAt = redis.call('ZSCORE', prefix .. 'queue:all', id)
  redis.call('ZREM', prefix .. 'queue:all', id)
  redis.call('DEL', prefix .. 'queue:ticket:' .. id)
  if not json then return nil end
  local ticket = cjson.decode(json)
  redis.call('ZREM', prefix .. 'queue:stage:' .. ticket.trackId .. ':' .. ticket.stageId, id)
  return { json, enqueuedAt }
end
`;

// ARGV: prefix, ticket id, ticket JSON (without enqueuedAt), stage key suffix, then the partner roles.
const enqueueScript = new LuaScript("queue-enqueue", `${timeLua}${takeLua}
local prefix = ARGV[1]
-- The same request again (its command sent again after its answer was lost): it waits where it was.
local waitingSince = redis.call('ZSCORE', prefix .. 'queue:all', ARGV[2])
if waitingSince then return { 'queued', '', '', waitingSince } end
local stageKey = prefix .. 'queue:stage:' .. ARGV[4]
for _, id in ipairs(redis.call('ZRANGE', stageKey, 0, -1)) do
  local json = redis.call('GET', prefix .. 'queue:ticket:' .. id)
  if not json then
    redis.call('ZREM', stageKey, id)
  else
    local role = cjson.decode(json).preferredRole
    for i = 5, #ARGV do
      if role == ARGV[i] then
        local taken = take(prefix, id)
        return { 'matched', taken[1], taken[2], tostring(nowMs()) }
      end
    end
  end
end
local now = nowMs()
redis.call('SET', prefix .. 'queue:ticket:' .. ARGV[2], ARGV[3])
redis.call('ZADD', prefix .. 'queue:all', now, ARGV[2])
redis.call('ZADD', stageKey, redis.call('INCR', prefix .. 'queue:arrivals'), ARGV[2])
return { 'queued', '', '', tostring(now) }
`);

const removeScript = new LuaScript("queue-remove", `${takeLua}
local taken = take(ARGV[1], ARGV[2])
if not taken then return false end
return taken
`);

const expireScript = new LuaScript("queue-expire", `${timeLua}${takeLua}
local cutoff = nowMs() - tonumber(ARGV[2])
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', ARGV[1] .. 'queue:all', '-inf', '(' .. cutoff)) do
  local taken = take(ARGV[1], id)
  if taken then
    table.insert(out, taken[1])
    table.insert(out, taken[2])
  end
end
return out
`);

function toTicket(json: string, enqueuedAt: string): QueueTicket {
  return { ...(JSON.parse(json) as NewTicket), enqueuedAt: Number(enqueuedAt) };
}

/** The partner queue in Redis: pairing, removal and expiry are Lua scripts, so two nodes never pair one person twice. */
export class RedisQueueStore implements QueueStore {
  /** The caller owns `redis`. */
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisQueueStoreOptions,
  ) {}

  /** The matching rule (`pickPartner`) as one atomic script: the oldest request of the stage whose role fits. */
  async enqueue(ticket: NewTicket) {
    const [state, partnerJson, partnerEnqueuedAt, now] = (await enqueueScript.run(
      this.redis,
      [this.routeKey()],
      [this.base(), ticket.id, JSON.stringify(ticket), `${ticket.trackId}:${ticket.stageId}`, ...partnerRoles(ticket.preferredRole)],
    )) as [string, string, string, string];
    return {
      ticket: { ...ticket, enqueuedAt: Number(now) },
      partner: state === "matched" ? toTicket(partnerJson, partnerEnqueuedAt) : null,
    };
  }

  async remove(ticketId: string) {
    const taken = (await removeScript.run(this.redis, [this.routeKey()], [this.base(), ticketId])) as [string, string] | null;
    return taken ? toTicket(taken[0], taken[1]) : undefined;
  }

  async waiting(trackId: string, stageId: string) {
    const base = this.base();
    const ids = await storeCall(this.redis.zrange(`${base}queue:stage:${trackId}:${stageId}`, 0, -1));
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.get(`${base}queue:ticket:${id}`).zscore(`${base}queue:all`, id);
    const replies = (await storeCall(pipeline.exec())) ?? [];
    const tickets: QueueTicket[] = [];
    for (let i = 0; i < ids.length; i++) {
      const json = replies[i * 2]?.[1];
      const enqueuedAt = replies[i * 2 + 1]?.[1];
      // A ticket taken between the two reads is simply no longer waiting.
      if (typeof json === "string" && typeof enqueuedAt === "string") tickets.push(toTicket(json, enqueuedAt));
    }
    return tickets;
  }

  async expire(maxWaitMs: number) {
    const flat = (await expireScript.run(this.redis, [this.routeKey()], [this.base(), String(maxWaitMs)])) as string[];
    const tickets: QueueTicket[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) tickets.push(toTicket(flat[i] ?? "{}", flat[i + 1] ?? "0"));
    return tickets;
  }

  /** Every queue key starts with this: the prefix and the {queue} hash tag. */
  private base(): string {
    return `${this.options.keyPrefix}{queue}:`;
  }

  private routeKey(): string {
    return `${this.base()}queue:all`;
  }
}
