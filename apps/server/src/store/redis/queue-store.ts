import type { QueueMatched } from "@mockloop/protocol";
import type { Cluster, Redis } from "ioredis";
import { partnerRoles } from "../../features/queue/matching.ts";
import { PAIRINGS_KEPT_MS, type NewTicket, type QueueStore, type QueueTicket } from "../../features/queue/port.ts";
import { randomText } from "../../core/ids.ts";
import { storeCall } from "./errors.ts";
import { LuaScript } from "./lua-script.ts";

export interface RedisQueueStoreOptions {
  keyPrefix: string;
  /** This node, as its requests are stamped with (a random id by default). */
  nodeId?: string;
  /** A node that has not recorded itself alive for this long has stopped (ms; `keepNodeAlive`). */
  nodeTimeoutMs?: number;
}

const DEFAULT_NODE_TIMEOUT_MS = 5_000;

// Keys, all under the one hash tag {queue} so each script runs in one Redis Cluster slot:
// base .. 'queue:stage:' .. track:stage — a sorted set of ticket ids in arrival order (score: a counter);
// base .. 'queue:all' — every ticket id scored by its arrival time (for expiry); base .. 'queue:ticket:' .. id —
// the ticket as JSON; base .. 'queue:paired:' .. id and 'queue:paired-with:' .. id — a recent pairing, by the
// newcomer and by the partner (enqueue below); base .. 'queue:match:' .. id — a paired ticket's match
// (`keepMatch`); base .. 'queue:node:' .. node id — set while that node is alive (`keepNodeAlive`), each ticket
// naming the node that holds its connection; base .. 'queue:dropped:' .. id — a ticket taken out because its node
// had stopped (`putBack`). Each script reads and writes all of them in one atomic step (KEYS[1], queue:all,
// routes it).
const timeLua = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

const takeLua = `
local function stageKeyOf(prefix, json)
  local ticket = cjson.decode(json)
  return prefix .. 'queue:stage:' .. ticket.trackId .. ':' .. ticket.stageId
end
-- Answers the ticket's JSON, its enqueue time and its place in its stage's line (the arrival counter).
local function take(prefix, id)
  local json = redis.call('GET', prefix .. 'queue:ticket:' .. id)
  local enqueuedAt = redis.call('ZSCORE', prefix .. 'queue:all', id)
  redis.call('ZREM', prefix .. 'queue:all', id)
  redis.call('DEL', prefix .. 'queue:ticket:' .. id)
  if not json then return nil end
  local stageKey = stageKeyOf(prefix, json)
  local arrival = redis.call('ZSCORE', stageKey, id)
  redis.call('ZREM', stageKey, id)
  return { json, enqueuedAt, arrival }
end
-- Whether a ticket's node has stopped: it died with the ticket in line (a ticket from before nodes were named is live).
local function nodeStopped(prefix, json)
  local nodeId = cjson.decode(json).nodeId
  return type(nodeId) == 'string' and redis.call('EXISTS', prefix .. 'queue:node:' .. nodeId) == 0
end
-- Takes out a ticket whose node stopped, marked so for that node to put it back if it was only out of reach.
local function dropStopped(prefix, id, keptMs)
  take(prefix, id)
  redis.call('SET', prefix .. 'queue:dropped:' .. id, '1', 'PX', keptMs)
end
`;

// ARGV: prefix, ticket id, ticket JSON (without enqueuedAt), stage key suffix, how long a pairing is kept (ms),
// this node's id and how long it counts as alive (ms: it is, as it enqueues), '1' to put back only a ticket taken
// out for its stopped node (`putBack`; answers {'settled'} for any other), then the partner roles. A waiting ticket
// whose node has stopped is taken out of line, not paired. A pairing is kept as queue:paired:<newcomer> (the
// partner as taken) and queue:paired-with:<partner> (the newcomer's id), for the remove script to undo it.
const enqueueScript = new LuaScript("queue-enqueue", `${timeLua}${takeLua}
local prefix = ARGV[1]
redis.call('SET', prefix .. 'queue:node:' .. ARGV[6], '1', 'PX', ARGV[7])
if ARGV[8] == '1' and redis.call('DEL', prefix .. 'queue:dropped:' .. ARGV[2]) == 0 then return { 'settled', '', '', '' } end
-- The same request again (its command sent again after its answer was lost): it waits where it was.
local waitingSince = redis.call('ZSCORE', prefix .. 'queue:all', ARGV[2])
if waitingSince then return { 'queued', '', '', waitingSince } end
-- Or after it was paired: the same partner, not a second one.
local pairedBefore = redis.call('GET', prefix .. 'queue:paired:' .. ARGV[2])
if pairedBefore then
  local partner = cjson.decode(pairedBefore)
  return { 'matched', partner.json, partner.enqueuedAt, tostring(nowMs()) }
end
local stageKey = prefix .. 'queue:stage:' .. ARGV[4]
for _, id in ipairs(redis.call('ZRANGE', stageKey, 0, -1)) do
  local json = redis.call('GET', prefix .. 'queue:ticket:' .. id)
  if not json then
    redis.call('ZREM', stageKey, id)
  elseif nodeStopped(prefix, json) then
    dropStopped(prefix, id, ARGV[5])
  else
    local role = cjson.decode(json).preferredRole
    for i = 9, #ARGV do
      if role == ARGV[i] then
        local taken = take(prefix, id)
        local pairing = cjson.encode({ id = id, json = taken[1], enqueuedAt = taken[2], arrival = taken[3] })
        redis.call('SET', prefix .. 'queue:paired:' .. ARGV[2], pairing, 'PX', ARGV[5])
        redis.call('SET', prefix .. 'queue:paired-with:' .. id, ARGV[2], 'PX', ARGV[5])
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

// ARGV: prefix, ticket id. Answers the ticket taken out of line, or the partner a recent pairing put back, or false.
const removeScript = new LuaScript("queue-remove", `${takeLua}
local prefix, id = ARGV[1], ARGV[2]
local taken = take(prefix, id)
if taken then return { taken[1], taken[2] } end
local pairing = redis.call('GET', prefix .. 'queue:paired:' .. id)
if pairing then
  -- Its sender never heard of the pairing: the partner goes back where they waited.
  local partner = cjson.decode(pairing)
  redis.call('DEL', prefix .. 'queue:paired:' .. id, prefix .. 'queue:paired-with:' .. partner.id)
  redis.call('SET', prefix .. 'queue:ticket:' .. partner.id, partner.json)
  redis.call('ZADD', prefix .. 'queue:all', partner.enqueuedAt, partner.id)
  redis.call('ZADD', stageKeyOf(prefix, partner.json), partner.arrival, partner.id)
  return { partner.json, partner.enqueuedAt }
end
-- The partner of a pairing leaves: nobody is put back for it.
local newcomer = redis.call('GET', prefix .. 'queue:paired-with:' .. id)
if newcomer then redis.call('DEL', prefix .. 'queue:paired-with:' .. id, prefix .. 'queue:paired:' .. newcomer) end
return false
`);

// ARGV: prefix, the longest wait (ms), how long a ticket taken out for its stopped node is marked so (ms). Takes
// out and answers the tickets that waited longer; takes out those whose node stopped (`dropStopped`).
const expireScript = new LuaScript("queue-expire", `${timeLua}${takeLua}
local cutoff = nowMs() - tonumber(ARGV[2])
local out = {}
local waiting = redis.call('ZRANGE', ARGV[1] .. 'queue:all', 0, -1, 'WITHSCORES')
for i = 1, #waiting, 2 do
  local id = waiting[i]
  local taken
  if tonumber(waiting[i + 1]) < cutoff then
    taken = take(ARGV[1], id)
  else
    local json = redis.call('GET', ARGV[1] .. 'queue:ticket:' .. id)
    -- Its node may only have been out of reach: it is told, for its owner to be put back (nobody else is).
    if json and nodeStopped(ARGV[1], json) then dropStopped(ARGV[1], id, ARGV[3]) end
  end
  if taken then
    table.insert(out, taken[1])
    table.insert(out, taken[2])
  end
end
return out
`);

function toTicket(json: string, enqueuedAt: string): QueueTicket {
  // The node a ticket names is the store's business alone.
  const { nodeId: _, ...ticket } = JSON.parse(json) as NewTicket & { nodeId?: string };
  return { ...ticket, enqueuedAt: Number(enqueuedAt) };
}

/** The partner queue in Redis: pairing, removal and expiry are Lua scripts, so two nodes never pair one person twice. */
export class RedisQueueStore implements QueueStore {
  private readonly nodeId: string;
  private readonly nodeTimeoutMs: number;

  /** The caller owns `redis`. */
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisQueueStoreOptions,
  ) {
    this.nodeId = options.nodeId ?? randomText(8);
    this.nodeTimeoutMs = options.nodeTimeoutMs ?? DEFAULT_NODE_TIMEOUT_MS;
  }

  /** The matching rule (`pickPartner`) as one atomic script: the oldest request of the stage whose role fits. */
  enqueue(ticket: NewTicket) {
    return this.runEnqueue(ticket, false) as Promise<{ ticket: QueueTicket; partner: QueueTicket | null }>;
  }

  putBack(ticket: NewTicket) {
    return this.runEnqueue(ticket, true);
  }

  private async runEnqueue(ticket: NewTicket, onlyIfDropped: boolean) {
    const [state, partnerJson, partnerEnqueuedAt, now] = (await enqueueScript.run(
      this.redis,
      [this.routeKey()],
      [
        this.base(),
        ticket.id,
        JSON.stringify({ ...ticket, nodeId: this.nodeId }),
        `${ticket.trackId}:${ticket.stageId}`,
        String(PAIRINGS_KEPT_MS),
        this.nodeId,
        String(this.nodeTimeoutMs),
        onlyIfDropped ? "1" : "",
        ...partnerRoles(ticket.preferredRole),
      ],
    )) as [string, string, string, string];
    if (state === "settled") return undefined;
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
    const flat = (await expireScript.run(this.redis, [this.routeKey()], [this.base(), String(maxWaitMs), String(PAIRINGS_KEPT_MS)])) as string[];
    const tickets: QueueTicket[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) tickets.push(toTicket(flat[i] ?? "{}", flat[i + 1] ?? "0"));
    return tickets;
  }

  async keepMatch(ticketId: string, match: QueueMatched) {
    await storeCall(this.redis.set(this.matchKey(ticketId), JSON.stringify(match), "PX", PAIRINGS_KEPT_MS));
  }

  async matchOf(ticketId: string) {
    const json = await storeCall(this.redis.get(this.matchKey(ticketId)));
    return json === null ? undefined : (JSON.parse(json) as QueueMatched);
  }

  async keepNodeAlive() {
    const before = await storeCall(this.redis.call("SET", `${this.base()}queue:node:${this.nodeId}`, "1", "PX", String(this.nodeTimeoutMs), "GET"));
    return before === null;
  }

  private matchKey(ticketId: string): string {
    return `${this.base()}queue:match:${ticketId}`;
  }

  /** Every queue key starts with this: the prefix and the {queue} hash tag. */
  private base(): string {
    return `${this.options.keyPrefix}{queue}:`;
  }

  private routeKey(): string {
    return `${this.base()}queue:all`;
  }
}
