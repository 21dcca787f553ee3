import { loadQuestionBank } from "@mockloop/questions";
import { randomBytes } from "node:crypto";
import { createApp, type App, type AppDeps } from "./app.ts";
import { loadConfig, type Config } from "./config.ts";
import type { RoomStore } from "./core/room-store.ts";
import type { BoardStore } from "./features/board/index.ts";
import type { QueueStore } from "./features/queue/index.ts";
import { timerDueAt } from "./features/timer/index.ts";
import { MemoryBoardStore } from "./store/memory/board-store.ts";
import { MemoryQueueStore } from "./store/memory/queue-store.ts";
import { MemoryPresenceStore } from "./store/memory/presence-store.ts";
import { MemoryRoomStore } from "./store/memory/room-store.ts";
import { RedisBoardStore } from "./store/redis/board-store.ts";
import { connectRedis, type RedisConnections } from "./store/redis/connection.ts";
import { RedisPresenceStore } from "./store/redis/presence-store.ts";
import { RedisQueueStore } from "./store/redis/queue-store.ts";
import { RedisRoomStore } from "./store/redis/room-store.ts";

export { createApp, roomKindsFor, type App, type AppDeps } from "./app.ts";
export { loadConfig, ConfigError, type Config } from "./config.ts";
export { MemoryRoomStore } from "./store/memory/room-store.ts";
export { MemoryQueueStore } from "./store/memory/queue-store.ts";
export { RedisQueueStore } from "./store/redis/queue-store.ts";
export { RedisRoomStore } from "./store/redis/room-store.ts";
export type { RoomStore, RoomMutation } from "./core/room-store.ts";

export interface StartServerOptions {
  /** The configuration, already loaded (the process entry loads it first): used as is, and `env`, `port` and `host` are not read. */
  config?: Config;
  /** Environment variables to read the configuration from; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Overrides PORT (0 picks a free port). */
  port?: number;
  /** Overrides HOST. */
  host?: string;
  /** Where the log's JSON lines go instead of stdout. */
  logStream?: AppDeps["logStream"];
}

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  app: App;
  store: RoomStore;
  boardStore: BoardStore;
  close(): Promise<void>;
}

/** Loads the configuration and the question bank, connects the store, and listens. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config =
    options.config ??
    loadConfig({
      ...(options.env ?? process.env),
      ...(options.port !== undefined ? { PORT: String(options.port) } : {}),
      ...(options.host !== undefined ? { HOST: options.host } : {}),
    });
  const bank = loadQuestionBank({ extraPackDirs: config.QUESTION_PACKS });
  const roomTtlMs = config.ROOM_TTL_DAYS * 24 * 60 * 60 * 1000;

  let store: AppDeps["store"];
  let presence: AppDeps["presence"];
  let queueStore: QueueStore;
  let boardStore: BoardStore;
  let redis: RedisConnections | undefined;
  // Outages are logged once when they begin and once when they end (the app's logger does not exist yet).
  const outage = { log: (message: string, error?: Error) => console.error(message, error?.message ?? "") };
  if (config.REDIS_URL) {
    redis = await connectRedis(config.REDIS_URL, {
      cluster: config.REDIS_CLUSTER,
      onOutage: (error) => outage.log("redis is unreachable; requests answer STORE_UNAVAILABLE until it is back", error),
      onRecovered: () => outage.log("redis is reachable again"),
    });
    const keyPrefix = config.REDIS_KEY_PREFIX;
    store = new RedisRoomStore(redis.store, { keyPrefix, roomTtlMs, dueAt: timerDueAt });
    const node = { nodeId: randomBytes(8).toString("hex"), nodeTimeoutMs: config.PRESENCE_TIMEOUT_MS };
    presence = new RedisPresenceStore(redis.store, { keyPrefix, roomTtlMs, ...node });
    queueStore = new RedisQueueStore(redis.store, { keyPrefix, ...node });
    boardStore = new RedisBoardStore(redis.store, { keyPrefix, roomTtlMs });
  } else {
    store = new MemoryRoomStore({ roomTtlMs, dueAt: timerDueAt });
    presence = new MemoryPresenceStore();
    queueStore = new MemoryQueueStore();
    boardStore = new MemoryBoardStore({ roomTtlMs });
  }

  const app = await createApp({
    config,
    store,
    presence,
    queueStore,
    boardStore,
    bank,
    // Rate limits count on the store's client: it fails fast, and the limiters then count in memory meanwhile.
    ...(redis ? { fanOut: redis.fanOut, limitStore: redis.store } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  outage.log = (message, error) => app.http.log.warn(error ? { err: error } : {}, message);
  redis?.observe(app.metrics.redis);
  const closeAll = async () => {
    await app.http.close();
    await store.close();
    await redis?.close();
  };
  try {
    await app.http.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await closeAll();
    throw error;
  }
  const address = app.http.server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const shownHost = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  return { url: `http://${shownHost}:${port}`, port, config, app, store, boardStore, close: closeAll };
}
