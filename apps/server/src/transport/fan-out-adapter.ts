import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Cluster, Redis } from "ioredis";

type AdapterFactory = ReturnType<typeof createAdapter>;
type StreamsAdapter = ReturnType<AdapterFactory>;
/** An entry of the stream as the adapter reads it: its fields, with the writer's adapter id in `uid`. */
type RawEntry = { uid?: string };

/**
 * The Redis streams adapter, reading past its own node's entries without decoding them. Every node reads the
 * whole stream, its own writes included, and the adapter parses each entry's JSON before it sees whose it is,
 * then drops its own (socket.io-adapter's ClusterAdapter ignores messages from itself). A node's own entries
 * are most of what it reads, and a room's patches are the largest, so this spares a parse of each on every change.
 */
export function createFanOutAdapter(redis: Redis | Cluster, options: Parameters<typeof createAdapter>[1]): AdapterFactory {
  const factory = createAdapter(redis, options);
  // Socket.IO calls the factory with `new`, so it is a function (whose returned adapter `new` then gives), not an arrow.
  return function fanOutAdapter(nsp) {
    const adapter: StreamsAdapter = factory(nsp);
    const reading = adapter as unknown as { uid: string; onRawMessage(entry: RawEntry, offset: string): void };
    const decodeAndHandle = reading.onRawMessage.bind(adapter);
    reading.onRawMessage = (entry, offset) => {
      if (entry.uid !== reading.uid) decodeAndHandle(entry, offset);
    };
    return adapter;
  };
}
