import { Redis } from "ioredis";
import { Server } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, uniquePrefix, waitFor, type TestRedis } from "@mockloop/test-support";
import { COMMANDS_PER_WRITE, STORE_COMMAND_TIMEOUT_MS, batchWritesPerTurn, connectRedis } from "../../src/store/redis/connection.ts";
import { createFanOutAdapter, readWithoutGaps } from "../../src/transport/fan-out-adapter.ts";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe("batchWritesPerTurn", () => {
  /** A client whose socket writes are recorded: how many commands' chunks each write carried. */
  async function recordedClient(commandsPerWrite?: number) {
    const client = new Redis(redis.url, { lazyConnect: true });
    batchWritesPerTurn(client, commandsPerWrite);
    await client.connect();
    const socket = client.stream as unknown as { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
    const writes: number[] = [];
    const write = socket._write.bind(socket);
    const writev = socket._writev.bind(socket);
    socket._write = (...args) => {
      writes.push(1);
      write(...args);
    };
    socket._writev = (chunks, ...rest) => {
      writes.push((chunks as unknown[]).length);
      writev(chunks, ...rest);
    };
    return { client, writes };
  }

  it("sends the commands of one turn in one socket write, and answers each in order", async () => {
    const { client, writes } = await recordedClient(100);
    try {
      const key = `${uniquePrefix("batch")}counter`;
      expect(await Promise.all([client.set(key, "1"), client.incr(key), client.get(key), client.ping(), client.incr(key)])).toEqual(["OK", 2, "2", "PONG", 3]);
      expect(writes).toEqual([5]);
      // The next turn's commands are a write of their own.
      expect(await Promise.all([client.get(key), client.del(key)])).toEqual(["3", 1]);
      expect(writes).toEqual([5, 2]);
    } finally {
      client.disconnect();
    }
  });

  it(`sends a long turn's commands ${COMMANDS_PER_WRITE} to a write, not all at its end`, async () => {
    const { client, writes } = await recordedClient();
    try {
      const key = `${uniquePrefix("batch")}counter`;
      const count = COMMANDS_PER_WRITE * 2 + 2;
      const answers = Array.from({ length: count }, () => client.incr(key));
      // The first full batch left as the last of its commands was issued, before the turn ended.
      expect(writes).toEqual([COMMANDS_PER_WRITE, COMMANDS_PER_WRITE]);
      expect(await Promise.all(answers)).toEqual(Array.from({ length: count }, (_, index) => index + 1));
      expect(writes).toEqual([COMMANDS_PER_WRITE, COMMANDS_PER_WRITE, 2]);
      await client.del(key);
      expect(writes).toEqual([COMMANDS_PER_WRITE, COMMANDS_PER_WRITE, 2, 1]);
    } finally {
      client.disconnect();
    }
  });
});

describe("createFanOutAdapter", () => {
  /** A Socket.IO server on the streams adapter, recording whose entries its adapter decoded and handled. */
  function node(client: Redis, streamName: string) {
    const io = new Server({ serveClient: false });
    io.adapter(createFanOutAdapter(client, { streamName, blockTimeInMs: 100 }));
    const adapter = io.of("/").adapter as unknown as { uid: string; onMessage(message: { uid: string }, offset?: string): void };
    const handled: string[] = [];
    const onMessage = adapter.onMessage.bind(adapter);
    adapter.onMessage = (message, offset) => {
      handled.push(message.uid);
      onMessage(message, offset);
    };
    return { io, uid: adapter.uid, handled, close: () => io.of("/").adapter.close() };
  }

  /** Each adapter reads from the stream's end as it was when it began: wait until `count` readers are blocked on it. */
  async function readersWaiting(client: Redis, count: number) {
    await waitFor(async () => ((await client.client("LIST")) as string).split("\n").filter((line) => line.includes("cmd=xread")).length >= count, "the adapters to read the stream");
  }

  it("reads past its own node's entries without decoding them, and handles every other node's", async () => {
    const client = new Redis(redis.url);
    const streamName = `${uniquePrefix("fan-out")}socket.io`;
    const a = node(client, streamName);
    const b = node(client, streamName);
    try {
      await readersWaiting(client, 2);
      for (let i = 0; i < 3; i++) a.io.emit("room:presence", { roomId: "r", participantId: `p${i}`, online: true });
      await waitFor(() => b.handled.filter((uid) => uid === a.uid).length === 3, "b to handle a's three entries");
      // The stream is read in order: once a has handled b's later entry, it has read past its own three.
      b.io.emit("room:presence", { roomId: "r", participantId: "last", online: false });
      await waitFor(() => a.handled.includes(b.uid), "a to handle b's entry");
      expect(a.handled).toEqual([b.uid]);
      expect(b.handled).toEqual([a.uid, a.uid, a.uid]);
    } finally {
      await Promise.all([a.close(), b.close()]);
      client.disconnect();
    }
  });
});

describe("reading the stream without gaps", () => {
  /** A read as the streams adapter makes it (`XREAD … BLOCK … STREAMS <stream> <offset>`), blocking 50 ms at most. */
  const readAs = (reader: Redis, streamName: string, offset: string) => reader.xread("COUNT", 100, "BLOCK", 50, "STREAMS", streamName, offset);

  it("reads an entry added between two reads from `$` that came back empty", async () => {
    const writer = new Redis(redis.url);
    const plain = new Redis(redis.url);
    const gapless = readWithoutGaps(new Redis(redis.url), "unused");
    const streamName = `${uniquePrefix("gaps")}socket.io`;
    const reader = readWithoutGaps(new Redis(redis.url), streamName);
    try {
      await writer.xadd(streamName, "*", "n", "before");
      expect(await readAs(reader, streamName, "$")).toBeNull();
      expect(await readAs(plain, streamName, "$")).toBeNull();
      // Between one empty read and the next, as the adapter loops: the entry lands in the gap.
      const added = await writer.xadd(streamName, "*", "n", "in the gap");
      expect(await readAs(plain, streamName, "$")).toBeNull();
      expect(await readAs(reader, streamName, "$")).toEqual([[streamName, [[added, ["n", "in the gap"]]]]]);
      // From then on it reads on from what it read, and other streams' reads are left as they are.
      const next = await writer.xadd(streamName, "*", "n", "next");
      expect(await readAs(reader, streamName, "$")).toEqual([[streamName, [[next, ["n", "next"]]]]]);
      expect(await readAs(gapless, streamName, "$")).toBeNull();
    } finally {
      for (const client of [writer, plain, gapless, reader]) client.disconnect();
    }
  });

  it("leaves no read of the adapter's asking from `$`", async () => {
    const client = new Redis(redis.url);
    const streamName = `${uniquePrefix("gaps")}socket.io`;
    const offsets: string[] = [];
    // Underneath the fan-out adapter's own wrapping: what each of its reads really asks Redis for.
    const duplicate = client.duplicate.bind(client);
    client.duplicate = ((...args: Parameters<typeof client.duplicate>) => {
      const reader = duplicate(...args);
      const xread = reader.xread.bind(reader) as (...read: string[]) => Promise<unknown>;
      (reader as unknown as { xread: (...read: string[]) => Promise<unknown> }).xread = (...read) => {
        offsets.push(read.at(-1) ?? "");
        return xread(...read);
      };
      return reader;
    }) as typeof client.duplicate;
    const io = new Server({ serveClient: false });
    io.adapter(createFanOutAdapter(client, { streamName, blockTimeInMs: 50 }));
    try {
      await waitFor(() => offsets.length >= 4, "the adapter to read the stream a few times");
      expect(offsets).not.toContain("$");
    } finally {
      await io.of("/").adapter.close();
      client.disconnect();
    }
  });
});

describe("the fan-out connections", () => {
  it("leave nothing unhandled when they close with unawaited commands still queued while Redis is away", async () => {
    // Its own Redis: this test stops it.
    const own = await startRedis();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const connections = await connectRedis(own.url, { cluster: false, onOutage: () => {}, onRecovered: () => {} });
    const subscriber = connections.fanOut.duplicate();
    try {
      await waitFor(() => subscriber.status === "ready", "the duplicate to connect");
      let closedAsTheyReconnect: Promise<unknown> | undefined;
      await own.restart(async () => {
        await waitFor(() => connections.fanOut.status !== "ready" && subscriber.status !== "ready", "the connections to notice Redis is gone");
        // As the streams adapter keeps a session and subscribes: sent without awaiting, so they wait in the queue.
        void connections.fanOut.set("session", "kept");
        void subscriber.subscribe("news");
        // The node shuts down just as Redis is back: connected again, the queue not yet sent. Listened for while
        // Redis is still down, so a reconnect as quick as Redis's return is not missed.
        closedAsTheyReconnect = Promise.all([
          new Promise<void>((resolve) => subscriber.once("connect", () => resolve(subscriber.disconnect()))),
          new Promise<void>((resolve) => connections.fanOut.once("connect", () => resolve(connections.close()))),
        ]);
      });
      await closedAsTheyReconnect;
      await waitFor(() => subscriber.status === "end" && connections.fanOut.status === "end", "the connections to close");
      // A rejection nobody handled is reported once the microtasks of its turn have run: let two turns pass.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      subscriber.disconnect();
      await own.stop();
    }
  });
});

describe("the store's connection", () => {
  /** Keeps the event loop busy for `ms`, as a burst of requests or a long collection does. */
  const busyFor = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  const turnPassed = () => new Promise((resolve) => setImmediate(resolve));

  it("does not fail as timed out a command whose answer came in time while the node was busy", async () => {
    const connections = await connectRedis(redis.url, { cluster: false, onOutage: () => {}, onRecovered: () => {} });
    try {
      const key = `${uniquePrefix("busy")}answered`;
      await connections.store.set(key, "in time");
      const answer = connections.store.get(key);
      // The turn's writes go out (batchWritesPerTurn); Redis answers at once, and the answer waits to be read
      // while this turn runs past the command's time limit: the next turn's timers come before its reads.
      await turnPassed();
      busyFor(STORE_COMMAND_TIMEOUT_MS + 300);
      await expect(answer).resolves.toBe("in time");
    } finally {
      await connections.close();
    }
  });

  it("still fails a command Redis does not answer in time", async () => {
    const connections = await connectRedis(redis.url, { cluster: false, onOutage: () => {}, onRecovered: () => {} });
    try {
      const startedAt = performance.now();
      // Redis itself busy for longer than the limit: no answer can come in time.
      const stalled = connections.store.eval("local t = redis.call('TIME') local deadline = t[1] * 1000000 + t[2] + ARGV[1] * 1000 repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= deadline return 1", 0, String(STORE_COMMAND_TIMEOUT_MS + 600));
      await expect(stalled).rejects.toThrow("Command timed out");
      expect(performance.now() - startedAt).toBeLessThan(STORE_COMMAND_TIMEOUT_MS + 500);
    } finally {
      await connections.close();
    }
  });
});
