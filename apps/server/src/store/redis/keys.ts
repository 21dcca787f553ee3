import calculateSlot from "cluster-key-slot";

/**
 * Every key of a room carries the hash tag of the room's shard, so a room's record, side tables, outbox,
 * presence and drafts, and its shard's work index, sit in one Redis Cluster slot: each change is one atomic
 * script. 16 shards, their tags chosen so their slots spread evenly over the 16,384, spread rooms over a
 * cluster's masters. The count is part of every key name: changing it would orphan existing rooms.
 */
export const shardCount = 16;
const slotsPerShard = 16_384 / shardCount;

export const shardTags: readonly string[] = Array.from({ length: shardCount }, (_, shard) => {
  for (let n = 0; ; n++) {
    const tag = `m${shard}.${n}`;
    if (Math.floor(calculateSlot(tag) / slotsPerShard) === shard) return tag;
  }
});

export function shardOf(roomId: string): number {
  return calculateSlot(roomId) % shardCount;
}

function shardBase(keyPrefix: string, shard: number): string {
  return `${keyPrefix}{${shardTags[shard]}}:`;
}

/** The work index of each shard: rooms by when they next need a look. */
export function workIndexKeys(keyPrefix: string): string[] {
  return shardTags.map((_, shard) => `${shardBase(keyPrefix, shard)}due`);
}

/**
 * The keys of one room. Each name is made when asked for: a request uses two or three of them, and every
 * request makes its own.
 */
export class RoomKeys {
  private readonly shardBase: string;

  constructor(
    keyPrefix: string,
    private readonly roomId: string,
  ) {
    this.shardBase = shardBase(keyPrefix, shardOf(roomId));
  }

  /** The room: hash {data (the hot record), past (its past rounds), version, dueAt, announced}. */
  get room(): string {
    return `${this.shardBase}room:${this.roomId}`;
  }

  /** Events of changes not yet confirmed announced: hash room version → JSON list. */
  get outbox(): string {
    return `${this.shardBase}outbox:${this.roomId}`;
  }

  /** A side table: hash key → JSON. */
  table(name: string): string {
    return `${this.shardBase}${name}:${this.roomId}`;
  }

  /** Connections: hash connection id → "participantId nodeId". */
  get presence(): string {
    return `${this.shardBase}presence:${this.roomId}`;
  }

  draft(draftId: string): string {
    return `${this.shardBase}draft:${this.roomId}:${draftId}`;
  }

  /** The shard's work index. */
  get due(): string {
    return `${this.shardBase}due`;
  }

  /** Every key of the room shares this prefix's hash tag; other features put theirs under it too. */
  get base(): string {
    return `${this.shardBase}${this.roomId}:`;
  }
}

export function roomKeys(keyPrefix: string, roomId: string): RoomKeys {
  return new RoomKeys(keyPrefix, roomId);
}
