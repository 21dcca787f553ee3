import type { Cluster, Redis } from "ioredis";
import type { PresenceStore, WentOffline } from "../../features/room/port.ts";
import { storeCall } from "./errors.ts";
import { roomKeys } from "./keys.ts";
import { LuaScript } from "./lua-script.ts";

export interface RedisPresenceOptions {
  keyPrefix: string;
  /** This process's id: its connections are recorded under it. */
  nodeId: string;
  /** A node whose heartbeat is older than this is presumed dead and its connections are removed (ms). */
  nodeTimeoutMs: number;
  /** Presence is kept as long as rooms are. */
  roomTtlMs: number;
}

// A room's presence is a hash: connection id → "participantId nodeId". The scripts count a participant's
// connections in the same step as they add or remove one, so "came online" and "went offline" are exact
// however many connections come and go at once.
const countLua = `
local function connectionsOf(key, participantId)
  local count = 0
  for _, value in ipairs(redis.call('HVALS', key)) do
    if string.sub(value, 1, #participantId + 1) == participantId .. ' ' then count = count + 1 end
  end
  return count
end
`;

/**
 * Lua for scripts on a room's keys (the room write, `connectedElsewhere`): the participants with a connection on a
 * node other than `nodeId`, as a set (participant id → true), read from the room's presence hash.
 */
export const participantsElsewhereLua = `
local function participantsElsewhere(key, nodeId)
  local found = {}
  for _, value in ipairs(redis.call('HVALS', key)) do
    local participantId, node = string.match(value, '^(%S+) (%S+)$')
    if participantId and node ~= nodeId then found[participantId] = true end
  end
  return found
end
`;

// KEYS: presence. ARGV: connection id, participant id, node id, ttl. Answers the participant's connections
// now, or 0 when the connection was already recorded.
const attachScript = new LuaScript("presence-attach", `${countLua}
local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if added == 0 then return 0 end
return connectionsOf(KEYS[1], ARGV[2])
`);

// KEYS: presence. ARGV: connection id. Answers { participant id, connections left, node id }, or false.
const detachScript = new LuaScript("presence-detach", `${countLua}
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
local participantId, nodeId = string.match(value, '^(%S+) (%S+)$')
return { participantId, connectionsOf(KEYS[1], participantId), nodeId }
`);

// KEYS: presence. ARGV: participant id. Removes all their connections; answers "connectionId nodeId" pairs.
const detachParticipantScript = new LuaScript("presence-detach-participant", `
local removed = {}
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local participantId, nodeId = string.match(entries[i + 1], '^(%S+) (%S+)$')
  if participantId == ARGV[1] then
    redis.call('HDEL', KEYS[1], entries[i])
    table.insert(removed, entries[i] .. ' ' .. nodeId)
  end
end
return removed
`);

// Heartbeats on Redis's clock, so nodes with drifting clocks still agree on who lapsed.
const heartbeatScript = new LuaScript("presence-heartbeat", `
local t = redis.call('TIME')
return redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
`);

// KEYS: presence. ARGV: node id, participant id. Answers 1 when the participant has a connection on another node.
const elsewhereScript = new LuaScript("presence-elsewhere", `${participantsElsewhereLua}
return participantsElsewhere(KEYS[1], ARGV[1])[ARGV[2]] and 1 or 0
`);

const lapsedScript = new LuaScript("presence-lapsed", `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
`);

/**
 * Presence in Redis: a hash per room (under the room's hash tag), a set per node of the connections it holds,
 * and a sorted set of node heartbeats. Any live node removes a dead node's connections.
 */
export class RedisPresenceStore implements PresenceStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisPresenceOptions,
  ) {}

  get nodeId(): string {
    return this.options.nodeId;
  }

  async attach(roomId: string, participantId: string, connectionId: string): Promise<{ cameOnline: boolean }> {
    // Two keys in two slots, written together: the node's list only matters once the node is dead.
    const [connections] = (await Promise.all([
      attachScript.run(this.redis, [this.presenceKey(roomId)], [connectionId, participantId, this.options.nodeId, String(this.options.roomTtlMs)]),
      storeCall(this.redis.sadd(this.nodeConnectionsKey(this.options.nodeId), `${roomId} ${connectionId}`)),
    ])) as [number, number];
    return { cameOnline: connections === 1 };
  }

  async detach(roomId: string, connectionId: string) {
    const outcome = (await detachScript.run(this.redis, [this.presenceKey(roomId)], [connectionId])) as [string, number, string] | null;
    if (!outcome) return undefined;
    const [participantId, left, nodeId] = outcome;
    await storeCall(this.redis.srem(this.nodeConnectionsKey(nodeId), `${roomId} ${connectionId}`));
    return { participantId, wentOffline: left === 0 };
  }

  async detachParticipant(roomId: string, participantId: string): Promise<void> {
    const removed = (await detachParticipantScript.run(this.redis, [this.presenceKey(roomId)], [participantId])) as string[];
    await Promise.all(
      removed.map((entry) => {
        const [connectionId, nodeId] = entry.split(" ");
        return storeCall(this.redis.srem(this.nodeConnectionsKey(nodeId ?? ""), `${roomId} ${connectionId}`));
      }),
    );
  }

  async online(roomId: string): Promise<string[]> {
    const values = await storeCall(this.redis.hvals(this.presenceKey(roomId)));
    return [...new Set(values.map((value) => value.split(" ")[0] ?? ""))];
  }

  async connectedElsewhere(roomId: string, participantId: string): Promise<boolean> {
    return (await elsewhereScript.run(this.redis, [this.presenceKey(roomId)], [this.options.nodeId, participantId])) === 1;
  }

  async heartbeat(): Promise<boolean> {
    const added = await heartbeatScript.run(this.redis, [this.nodesKey()], [this.options.nodeId]);
    return added === 1;
  }

  async sweepDeadNodes(): Promise<WentOffline[]> {
    const dead = (await lapsedScript.run(this.redis, [this.nodesKey()], [String(this.options.nodeTimeoutMs)])) as string[];
    const wentOffline: WentOffline[] = [];
    for (const nodeId of dead) {
      // Whoever removes the node from the set sweeps it; another sweeper finds nothing to do.
      if ((await storeCall(this.redis.zrem(this.nodesKey(), nodeId))) !== 1) continue;
      const connections = await storeCall(this.redis.smembers(this.nodeConnectionsKey(nodeId)));
      for (const entry of connections) {
        const [roomId = "", connectionId = ""] = entry.split(" ");
        const outcome = await this.detach(roomId, connectionId);
        if (outcome?.wentOffline) wentOffline.push({ roomId, participantId: outcome.participantId });
      }
      await storeCall(this.redis.del(this.nodeConnectionsKey(nodeId)));
    }
    return wentOffline;
  }

  private presenceKey(roomId: string): string {
    return roomKeys(this.options.keyPrefix, roomId).presence;
  }

  private nodesKey(): string {
    return `${this.options.keyPrefix}nodes`;
  }

  private nodeConnectionsKey(nodeId: string): string {
    return `${this.options.keyPrefix}node:${nodeId}:connections`;
  }
}
