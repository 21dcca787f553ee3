import { Cluster, Redis, type ClusterOptions, type Command, type RedisOptions } from "ioredis";
import { commandName, nameScriptsDefinedOn } from "./lua-script.ts";

export interface RedisConnections {
  /** The store's client: fails fast when Redis is unreachable, so requests get STORE_UNAVAILABLE within a second. */
  store: Redis | Cluster;
  /** The Socket.IO adapter's client: waits out a blink instead, so an event published meanwhile still goes out. */
  fanOut: Redis | Cluster;
  /**
   * Reports every error and reconnection attempt of either client, and how long each of the store's commands
   * took from issued to answered (to the metrics), from now on.
   */
  observe(observer: RedisObserver): void;
  close(): Promise<void>;
}

export interface RedisObserver {
  error(client: "store" | "fanOut"): void;
  reconnect(client: "store" | "fanOut"): void;
  /** A store command answered (or failed) `seconds` after it was issued; `command` as `commandName` tells it. */
  storeCommand(command: string, seconds: number): void;
}

/**
 * No auto-pipelining: ioredis sends one auto-pipeline at a time per connection and queues every command issued
 * meanwhile behind its answers, so under load a command waited for whole batches ahead of it, and the waiting
 * commands lived long enough to be promoted to the old heap. Measured with `pnpm bench:load`: the mix's p99 fell
 * from 35 to 9 ms and the push load's CPU from 76% to 63% of a core without it (BENCHMARKS.md).
 */
const noAutoPipelining = { enableAutoPipelining: false };
/** Store commands: no queue while disconnected, one retry, and a bounded wait for an answer (`answerWithin`). */
const storeOptions: RedisOptions = { ...noAutoPipelining, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 };
/** How long a store command may wait for its answer before the request answers STORE_UNAVAILABLE (ms). */
export const STORE_COMMAND_TIMEOUT_MS = 900;
/** Fan-out commands: queued while disconnected and sent on reconnect, however long it takes. */
const fanOutOptions: RedisOptions = { ...noAutoPipelining, lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: 2_000 };

/**
 * At most this many commands go out in one socket write. A long turn (a burst of requests, after a collection)
 * issues dozens; held until the turn's end, its first commands waited the whole turn for Redis, and the burst
 * reached Redis at once: in runs of `pnpm bench:load` at 2,400 pushes a second, Redis took over 2 ms to run 52–95
 * commands in a 15 s window (descheduled in the middle of a burst), against 21–26 when they went four at a time.
 */
export const COMMANDS_PER_WRITE = 4;

/**
 * Sends the commands a node issues in one turn of the event loop in as few socket writes as `commandsPerWrite`
 * allows: the socket is corked at the first command of a batch and uncorked once it holds `commandsPerWrite`, or
 * once the turn's I/O callbacks have run (setImmediate). Under load a turn handles many clients' events, each one
 * or two commands, and a write per command was the largest single cost of a question push (the system calls).
 * Unlike ioredis's auto-pipelining, no command waits for another's answer.
 */
export function batchWritesPerTurn(client: Redis, commandsPerWrite = COMMANDS_PER_WRITE): void {
  const send = client.sendCommand.bind(client);
  /** The batch being held: its socket (a reconnect brings a new one) and how many commands it holds. */
  let batch: { socket: NonNullable<Redis["stream"]>; commands: number } | undefined;
  const flush = () => {
    const socket = batch?.socket;
    batch = undefined;
    socket?.uncork();
  };
  client.sendCommand = (command, stream) => {
    const socket = client.stream;
    if (!batch && stream === undefined && client.status === "ready" && socket?.writable) {
      const opened = { socket, commands: 0 };
      batch = opened;
      socket.cork();
      // Ends this batch at the turn's end, unless it was already sent full (a later batch has its own).
      setImmediate(() => {
        if (batch === opened) flush();
      });
    }
    const answer = send(command, stream);
    if (batch && ++batch.commands >= commandsPerWrite) flush();
    return answer;
  };
}

function connect(urls: readonly string[], cluster: boolean, options: RedisOptions): Redis | Cluster {
  if (!cluster) {
    const client = new Redis(urls[0] ?? "", options);
    batchWritesPerTurn(client);
    return client;
  }
  const { lazyConnect: _connectedByCaller, enableAutoPipelining, ...nodeOptions } = options;
  const clusterOptions: ClusterOptions = { lazyConnect: true, enableAutoPipelining, enableOfflineQueue: options.enableOfflineQueue ?? true, redisOptions: nodeOptions };
  const client = new Cluster(
    urls.map((url) => {
      const { hostname, port } = new URL(url);
      return { host: hostname, port: Number(port || 6379) };
    }),
    clusterOptions,
  );
  // The cluster's client keeps one connection per node, made as it learns of each.
  client.on("+node", (node: Redis) => batchWritesPerTurn(node));
  return client;
}

/**
 * A client's `sendCommand`, whatever follows the command: a stream for a pipeline's commands, and for a cluster's
 * the node they go to. A wrapper passes all of it on.
 */
type SendCommand = (command: Command, ...rest: unknown[]) => Promise<unknown>;

/**
 * Wraps `client.sendCommand`: `issued` runs as each command is sent and answers what to run once the command
 * settles, answered or failed. That marks a failure handled; the caller still sees it on the command's promise.
 */
function aroundEachCommand(client: Redis | Cluster, issued: (command: Command) => () => void): void {
  const send = client.sendCommand.bind(client) as SendCommand;
  (client as unknown as { sendCommand: SendCommand }).sendCommand = (command, ...rest) => {
    const settled = issued(command);
    const answer = send(command, ...rest);
    answer.then(settled, settled);
    return answer;
  };
}

/**
 * Marks every command of `client` and of its duplicates as handled; a caller that awaits one still sees it fail.
 * The fan-out connections serve libraries that send without awaiting: the streams adapter keeps a session with a
 * SET and subscribes without handling the answer, and ioredis resubscribes after a reconnect the same way. Such a
 * command still queued when the node closes its connections — shutting down while Redis is away, or just as it
 * came back — was rejected ("Connection is closed.") with nobody to handle it: an unhandled rejection per command.
 */
function handleFireAndForgetCommands(client: Redis | Cluster): void {
  // Nothing to do when one settles: being seen to settle is what marks its failure handled.
  aroundEachCommand(client, () => () => undefined);
  const duplicate = client.duplicate.bind(client) as (...args: unknown[]) => Redis | Cluster;
  client.duplicate = ((...args: unknown[]) => {
    const copy = duplicate(...args);
    handleFireAndForgetCommands(copy);
    return copy;
  }) as typeof client.duplicate;
}

/**
 * Fails a command of `client` that has no answer `ms` after it was issued ("Command timed out"), as ioredis's
 * `commandTimeout` does, but only once the node has read what Redis sent by then. A turn of the event loop runs
 * its timers before it reads its sockets, so after a long turn — a burst of requests, a long collection — a timer
 * failed commands whose answers were already waiting to be read, and their requests answered STORE_UNAVAILABLE
 * though Redis had answered in time.
 */
export function answerWithin(client: Redis | Cluster, ms: number): void {
  aroundEachCommand(client, (command) => {
    // The turn's reads come before its setImmediate callbacks: an answer that has arrived is read first.
    const timer = setTimeout(() => setImmediate(() => command.isResolved || command.reject(new Error("Command timed out"))), ms);
    return () => clearTimeout(timer);
  });
}

/**
 * Times every command of `client` from issued to answered, the wait a request spends on Redis: a write waiting
 * for its turn's batch to go out (`batchWritesPerTurn`), Redis, and the node's turn to read the answer. Only
 * the store's client: the fan-out client's stream reads block by design.
 */
function timeCommands(client: Redis | Cluster, report: (command: string, seconds: number) => void): void {
  const nameOf = (command: Command) => {
    const name = commandName(command.name, command.args);
    if (name !== "evalsha" && name !== "eval") return name;
    // A script no one named yet: a library defines its own once it is first used.
    nameScriptsDefinedOn(client);
    return commandName(command.name, command.args);
  };
  aroundEachCommand(client, (command) => {
    const issuedAt = performance.now();
    return () => report(nameOf(command), (performance.now() - issuedAt) / 1000);
  });
}

/**
 * Connects to Redis (or a Redis Cluster) and reports outages once each — when they begin and when they end —
 * rather than on every reconnect attempt.
 */
export async function connectRedis(
  url: string,
  { cluster, onOutage, onRecovered }: { cluster: boolean; onOutage: (error: Error) => void; onRecovered: () => void },
): Promise<RedisConnections> {
  const urls = url.split(",").map((part) => part.trim());
  const store = connect(urls, cluster, storeOptions);
  answerWithin(store, STORE_COMMAND_TIMEOUT_MS);
  const fanOut = connect(urls, cluster, fanOutOptions);
  let down = false;
  for (const client of [store, fanOut]) {
    client.on("error", (error: Error) => {
      if (down || client !== store) return;
      down = true;
      onOutage(error);
    });
  }
  store.on("ready", () => {
    if (!down) return;
    down = false;
    onRecovered();
  });
  await Promise.all([store.connect(), fanOut.connect()]);
  // The fan-out client's duplicates (the adapter's stream reader and subscriber, the call relay's subscriber)
  // connect by themselves from now on, retrying, with their commands queued meanwhile. The adapter awaits a lazy
  // duplicate's first connect and handles no failure: a first connect that met a Redis blink left the node never
  // reading the stream, deaf to every other node, and an unhandled rejection.
  fanOut.options.lazyConnect = false;
  handleFireAndForgetCommands(fanOut);
  return {
    store,
    fanOut,
    observe: (observer) => {
      for (const [name, client] of [["store", store], ["fanOut", fanOut]] as const) {
        client.on("error", () => observer.error(name));
        client.on("reconnecting", () => observer.reconnect(name));
      }
      timeCommands(store, (command, seconds) => observer.storeCommand(command, seconds));
    },
    close: async () => {
      // QUIT waits for its answer, and the fan-out client would wait for Redis forever during an outage.
      await Promise.all([store, fanOut].map((client) => (client.status === "ready" ? client.quit().then(undefined, () => client.disconnect()) : client.disconnect())));
    },
  };
}
