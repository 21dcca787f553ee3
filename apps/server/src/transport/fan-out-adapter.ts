import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Cluster, Redis } from "ioredis";
import { SeenRecently } from "../core/recently-used.ts";
import { broadcastOfEntry } from "./broadcast.ts";
import { WRITTEN_WITH_ROOM, type OwnEntries } from "./own-entries.ts";

type AdapterFactory = ReturnType<typeof createAdapter>;
type StreamsAdapter = ReturnType<AdapterFactory>;
/** The field that numbers the entries a node's adapter publishes, 1, 2, 3… in the order it sends them. */
const PUBLISH_NUMBER_FIELD = "n";
/** An entry of the stream as the adapter reads it: its fields, with the writer's adapter id in `uid`. */
type RawEntry = { uid?: string; data?: string } & Partial<Record<(typeof WRITTEN_WITH_ROOM)[0] | typeof PUBLISH_NUMBER_FIELD, string>>;
const [writtenWithRoomField, writtenWithRoomValue] = WRITTEN_WITH_ROOM;
/**
 * How many of the other nodes' publishes a node remembers reading: a copy is appended at most as many commands
 * after its first as were out on its writer's connection when that dropped (a few hundred under load).
 */
const PUBLISHES_REMEMBERED = 20_000;

/**
 * The Redis streams adapter, reading past its own node's entries without decoding them, and reading the stream
 * without gaps.
 *
 * Its own entries: every node reads the whole stream, its own writes included, and the adapter parses each
 * entry's JSON before it sees whose it is, then drops its own (socket.io-adapter's ClusterAdapter ignores
 * messages from itself). A node's own entries are most of what it reads, and a room's patches are the largest,
 * so this spares a parse of each on every change.
 *
 * Its own entries appended with a room's write go to `OwnEntries`, which tells when no answered write appended
 * one (Redis ran the write, its answer was lost): this node's people never had it.
 *
 * Gaps: see `readWithoutGaps`.
 *
 * Publishes sent twice: when the connection a node publishes on drops after Redis appended an entry but before
 * its answer came, ioredis sends the command again once it reconnects, and the stream holds the entry twice.
 * Patches carry versions the clients check, but a notice ("Cam joined") or a board's update would reach the
 * other nodes' people twice. So each publish carries a number, new for each one the node sends,
 * and an entry whose number was already read from that node is a copy, and is dropped. (Only exact repeats: on
 * a Redis Cluster a retried command may land after a newer one, so an older number is not a copy by itself.)
 * A client that comes back within the recovery window is replayed what it missed from a range of the stream
 * (the adapter's `restoreSession`), and that range leaves the copies out the same way (`rangesWithoutCopies`).
 */
export function createFanOutAdapter(
  redis: Redis | Cluster,
  { ownEntries, ...options }: Parameters<typeof createAdapter>[1] & { streamName: string; ownEntries?: OwnEntries | undefined },
): AdapterFactory {
  // The adapter reads through a duplicate of the client it is given, made as `createAdapter` runs
  // (`duplicateClient`): only that one reads without gaps; the client's other duplicates are left as they are.
  const duplicate = redis.duplicate;
  const makeReader = duplicate as (this: Redis | Cluster, ...args: unknown[]) => Redis | Cluster;
  redis.duplicate = ((...args: unknown[]) => readWithoutGaps(makeReader.apply(redis, args), options.streamName)) as typeof duplicate;
  rangesWithoutCopies(redis);
  let factory: AdapterFactory;
  try {
    factory = createAdapter(redis, options);
  } finally {
    redis.duplicate = duplicate;
  }
  // Socket.IO calls the factory with `new`, so it is a function (whose returned adapter `new` then gives), not an arrow.
  return function fanOutAdapter(nsp) {
    const adapter: StreamsAdapter = factory(nsp);
    const reading = adapter as unknown as { uid: string; onRawMessage(entry: RawEntry, offset: string): void; encode(message: unknown): RawEntry };
    const encode = reading.encode.bind(adapter);
    let published = 0;
    // The adapter encodes a message just before it sends it (and for nothing else), so the numbers go in send order.
    reading.encode = (message) => {
      const entry = encode(message);
      entry[PUBLISH_NUMBER_FIELD] = String(++published);
      return entry;
    };
    const read = new SeenRecently(PUBLISHES_REMEMBERED);
    const isResent = ({ uid, [PUBLISH_NUMBER_FIELD]: number }: RawEntry) => {
      const publish = publishKey(uid, number);
      return publish !== undefined && read.repeat(publish);
    };
    const decodeAndHandle = reading.onRawMessage.bind(adapter);
    reading.onRawMessage = (entry, offset) => {
      if (entry.uid !== reading.uid) return isResent(entry) ? undefined : decodeAndHandle(entry, offset);
      const { data } = entry;
      if (ownEntries && data !== undefined && entry[writtenWithRoomField] === writtenWithRoomValue) {
        ownEntries.readBack(offset, () => broadcastOfEntry(data));
      }
    };
    return adapter;
  };
}

/** What tells one publish from every other: its writer's adapter id and its number (none for an entry without them). */
function publishKey(uid: string | undefined, number: string | undefined): string | undefined {
  return uid === undefined || number === undefined ? undefined : `${uid} ${number}`;
}

/** The publish an entry is, from its fields as Redis answers them (name, value, …). */
function publishOf(fields: readonly string[]): string | undefined {
  let uid: string | undefined;
  let number: string | undefined;
  for (let at = 0; at + 1 < fields.length; at += 2) {
    if (fields[at] === "uid") uid = fields[at + 1];
    else if (fields[at] === PUBLISH_NUMBER_FIELD) number = fields[at + 1];
  }
  return publishKey(uid, number);
}

type RangeReply = [id: string, fields: string[]][];
type XRange = (...args: (string | number)[]) => Promise<RangeReply>;

/**
 * The adapter reads ranges of the stream on the client it publishes with only to replay what a client missed
 * while it was away: each range it is answered leaves out the copies of a publish sent twice.
 */
function rangesWithoutCopies(client: Redis | Cluster): void {
  const xrange = (client.xrange as unknown as XRange).bind(client);
  const withoutCopies: XRange = async (...args) => {
    const seen = new Set<string>();
    return (await xrange(...args)).filter(([, fields]) => {
      const publish = publishOf(fields);
      if (publish === undefined) return true;
      if (seen.has(publish)) return false;
      seen.add(publish);
      return true;
    });
  };
  (client as unknown as { xrange: XRange }).xrange = withoutCopies;
}

type StreamReply = [stream: string, entries: [id: string, fields: string[]][]][] | null;
type XRead = (...args: (string | number)[]) => Promise<StreamReply>;

/**
 * The adapter reads the stream from `$` (only entries added after the read starts) until it has read an entry,
 * and asks with `$` again after every read that timed out empty: an entry added between one such read and the
 * next was never read by this node, and its people missed that change or segment end. A node that has read
 * nothing yet is one just started, or one in a quiet deployment. So this node's reads ask from the last entry
 * the stream held when it first read (or the last it has read since) instead of `$`: a read then returns every
 * entry after it, whenever it was added.
 */
export function readWithoutGaps<C extends Redis | Cluster>(reader: C, streamName: string): C {
  const xread = (reader.xread as unknown as XRead).bind(reader);
  let lastRead: string | undefined;
  const readFrom = async (): Promise<string> => {
    // The newest entry now, or the stream's very start when it has none (an id below every real one).
    const [newest] = await reader.xrevrange(streamName, "+", "-", "COUNT", 1);
    return newest?.[0] ?? "0-0";
  };
  const gapless: XRead = async (...args) => {
    const at = args.length - 1;
    if (args[at] === "$" && args[at - 1] === streamName) {
      lastRead ??= await readFrom();
      args = [...args.slice(0, at), lastRead];
    }
    const reply = await xread(...args);
    const newest = reply?.find(([stream]) => stream === streamName)?.[1].at(-1)?.[0];
    if (newest !== undefined) lastRead = newest;
    return reply;
  };
  (reader as unknown as { xread: XRead }).xread = gapless;
  return reader;
}
