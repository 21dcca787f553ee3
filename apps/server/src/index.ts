import { loadQuestionBank } from "@mockloop/questions";
import { Redis } from "ioredis";
import { createApp, type App, type AppDeps } from "./app.ts";
import { loadConfig, type Config } from "./config.ts";
import type { RoomStore } from "./core/room-store.ts";
import type { QueueStore } from "./features/queue/index.ts";
import { timerDueAt } from "./features/timer/index.ts";
import { MemoryQueueStore } from "./store/memory/queue-store.ts";
import { MemoryRoomStore } from "./store/memory/room-store.ts";
import { RedisQueueStore } from "./store/redis/queue-store.ts";
import { RedisRoomStore } from "./store/redis/room-store.ts";

export { createApp, roomKinds, type App, type AppDeps } from "./app.ts";
export { loadConfig, ConfigError, type Config } from "./config.ts";
export { MemoryRoomStore } from "./store/memory/room-store.ts";
export { MemoryQueueStore } from "./store/memory/queue-store.ts";
export { RedisQueueStore } from "./store/redis/queue-store.ts";
export { RedisRoomStore } from "./store/redis/room-store.ts";
export type { RoomStore, RoomMutation } from "./core/room-store.ts";

export interface StartServerOptions {
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
  close(): Promise<void>;
}

/** Loads the configuration and the question bank, connects the store, and listens. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = loadConfig({
    ...(options.env ?? process.env),
    ...(options.port !== undefined ? { PORT: String(options.port) } : {}),
    ...(options.host !== undefined ? { HOST: options.host } : {}),
  });
  const bank = loadQuestionBank({ extraPackDirs: config.QUESTION_PACKS });
  const roomTtlMs = config.ROOM_TTL_DAYS * 24 * 60 * 60 * 1000;

  const redisClients: Redis[] = [];
  let store: AppDeps["store"];
  let queueStore: QueueStore;
  let fanOut: { pub: Redis; sub: Redis } | undefined;
  let limitStore: Redis | undefined;
  if (config.REDIS_URL) {
    const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });
    await redis.connect();
    const sub = redis.duplicate();
    redisClients.push(redis, sub);
    store = new RedisRoomStore(redis, { keyPrefix: config.REDIS_KEY_PREFIX, roomTtlMs, dueAt: timerDueAt });
    queueStore = new RedisQueueStore(redis, { keyPrefix: config.REDIS_KEY_PREFIX });
    fanOut = { pub: redis, sub };
    limitStore = redis;
  } else {
    store = new MemoryRoomStore({ roomTtlMs, dueAt: timerDueAt });
    queueStore = new MemoryQueueStore();
  }

  const app = await createApp({ config, store, queueStore, bank, ...(fanOut ? { fanOut } : {}), ...(limitStore ? { limitStore } : {}), ...(options.logStream ? { logStream: options.logStream } : {}) });
  for (const client of redisClients) {
    client.on("error", (error: Error) => app.http.log.error({ err: error }, "redis connection error"));
  }
  const closeAll = async () => {
    await app.http.close();
    await store.close();
    await Promise.all(redisClients.map((client) => client.quit().catch(() => client.disconnect())));
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
  return { url: `http://${shownHost}:${port}`, port, config, app, store, close: closeAll };
}
