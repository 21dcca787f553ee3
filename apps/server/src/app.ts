import { createAdapter } from "@socket.io/redis-adapter";
import { ErrorCode, type ErrorBody } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import Fastify, { type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { Server } from "socket.io";
import type { Config } from "./config.ts";
import { RoomService } from "./domain/room-service.ts";
import { ScorecardService } from "./domain/scorecard-service.ts";
import { GroupService } from "./domain/group-service.ts";
import { MatchmakingService } from "./domain/matchmaking-service.ts";
import type { QueueStore } from "./store/queue-store.ts";
import { createQueueSocket } from "./transport/queue-socket.ts";
import { TimerScheduler } from "./domain/timer-scheduler.ts";
import type { RoomStore } from "./store/store.ts";
import { httpStatusOf, toErrorBody } from "./transport/errors.ts";
import { registerHttpRoutes } from "./transport/http.ts";
import { attachSocketTransport, type RoomServer } from "./transport/socket.ts";
import { isAppRoute, registerWebApp } from "./transport/web.ts";

export interface AppDeps {
  config: Config;
  store: RoomStore;
  queueStore: QueueStore;
  bank: QuestionBank;
  /** With Redis, the clients Socket.IO's adapter uses to fan events out to every node. The caller owns them. */
  fanOut?: { pub: Redis; sub: Redis };
}

export interface App {
  http: FastifyInstance;
  io: RoomServer;
  rooms: RoomService;
  scorecards: ScorecardService;
  matchmaking: MatchmakingService;
  timers: TimerScheduler;
}

/** Builds the server (HTTP routes, Socket.IO, the web app) without listening. */
export async function createApp({ config, store, queueStore, bank, fanOut }: AppDeps): Promise<App> {
  const http = Fastify({ logger: { level: config.LOG_LEVEL }, trustProxy: true });
  const rooms = new RoomService({ store, bank });
  const scorecards = new ScorecardService({ store, bank });
  const groups = new GroupService({ store });
  const matchmaking = new MatchmakingService({ queue: queueStore, rooms, bank });

  http.setErrorHandler((error, request, reply) => {
    const mapped = toErrorBody(error);
    // Fastify's own errors (a body that is not JSON, too large…) carry a 4xx status: bad input, not a crash.
    const frameworkStatus = (error as { statusCode?: number }).statusCode;
    const body: ErrorBody =
      !mapped.expected && frameworkStatus && frameworkStatus < 500
        ? { code: ErrorCode.BadRequest, message: (error as Error).message }
        : mapped.body;
    if (body.code === ErrorCode.Internal) request.log.error({ err: error }, "request failed");
    return reply.code(body.code === ErrorCode.BadRequest && frameworkStatus ? frameworkStatus : httpStatusOf(body.code)).send({ ok: false, error: body });
  });

  registerHttpRoutes(http, { rooms, scorecards, bank, store, publicUrl: config.PUBLIC_URL });
  const serveWeb = await registerWebApp(http, config.WEB_DIST_DIR);
  http.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === "GET" && isAppRoute(request.url)) return reply.sendFile("index.html");
    return reply.code(404).send({ ok: false, error: { code: ErrorCode.NotFound, message: `no route ${request.method} ${request.url}` } });
  });

  const io: RoomServer = new Server(http.server, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  if (fanOut) io.adapter(createAdapter(fanOut.pub, fanOut.sub, { key: `${config.REDIS_KEY_PREFIX}socket.io` }));
  const queue = createQueueSocket({ io, matchmaking, joinsPerMinute: config.QUEUE_JOINS_PER_MINUTE });
  const transport = attachSocketTransport({ io, rooms, scorecards, groups, queue, bank, now: () => store.now(), log: http.log });
  // Every node sweeps; the store hands each expired request to exactly one of them.
  const sweeper = setInterval(() => {
    void (async () => {
      const expired = await matchmaking.expire(config.QUEUE_TIMEOUT_MS);
      if (expired.length > 0) await queue.publishExpired(expired, await store.now());
    })().catch((error: unknown) => http.log.error({ err: error }, "queue sweep failed"));
  }, config.QUEUE_SWEEP_MS);
  sweeper.unref();
  const timers = new TimerScheduler({
    store,
    rooms,
    pollMs: config.TIMER_POLL_MS,
    onExpired: (room, ended) => transport.publishSegmentEnds(room, ended),
    onError: (error) => http.log.error({ err: error }, "timer poll failed"),
  });
  http.addHook("onReady", async () => timers.start());

  // Open WebSockets would hold the HTTP server open; Fastify closes the listener itself afterwards.
  http.addHook("preClose", async () => {
    await timers.stop();
    clearInterval(sweeper);
    io.local.disconnectSockets(true);
    io.engine.close();
    // Presence updates for the sockets just closed still need the store: let them finish first.
    await transport.drain();
    // The Redis adapter is not closed here: its close() fires unsubscribes whose failures nobody catches
    // when Redis is down, and quitting the subscriber connection (done by the owner) drops them anyway.
  });
  return { http, io, rooms, scorecards, matchmaking, timers };
}
