import { createAdapter } from "@socket.io/redis-adapter";
import { ErrorCode, type ErrorBody } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import Fastify, { type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { Server } from "socket.io";
import type { Config } from "./config.ts";
import type { DraftStore } from "./core/draft-store.ts";
import type { RoomKinds } from "./core/room-kind.ts";
import type { RoomStore } from "./core/room-store.ts";
import { createGroupsFeature, groupKind, type GroupService } from "./features/groups/index.ts";
import { createObserverNotesFeature } from "./features/observer-notes/index.ts";
import { createQuestionsFeature } from "./features/questions/index.ts";
import { createQueueFeature, type MatchmakingService, type QueueStore } from "./features/queue/index.ts";
import { createRoomFeature, createRoomPublisher, pairKind, type RoomService } from "./features/room/index.ts";
import { createScorecardsFeature, type ScorecardService } from "./features/scorecards/index.ts";
import { createTimerFeature, type DueTimerIndex, type TimerScheduler, type TimerService } from "./features/timer/index.ts";
import { trustProxy } from "./transport/client-address.ts";
import { httpStatusOf, toErrorBody } from "./transport/errors.ts";
import { registerHealthRoutes } from "./transport/health.ts";
import { registerHttpLimits } from "./transport/http-limits.ts";
import { originGuard } from "./transport/origins.ts";
import { createLimits, limitSettings } from "./transport/rate-limits.ts";
import { registerSecurityHeaders } from "./transport/security.ts";
import { attachSocketTransport, createEventTable, type RoomServer } from "./transport/socket-kit.ts";
import { isAppRoute, registerWebApp } from "./transport/web.ts";

export interface AppDeps {
  config: Config;
  /** Rooms, their timers' due index and their drafts: one store implements all three ports. */
  store: RoomStore & DueTimerIndex & DraftStore;
  queueStore: QueueStore;
  bank: QuestionBank;
  /** With Redis, the clients Socket.IO's adapter uses to fan events out to every node. The caller owns them. */
  fanOut?: { pub: Redis; sub: Redis };
  /** With Redis, the client rate limits keep their shared counts on (per participant, per address). The caller owns it. */
  limitStore?: Redis;
  /** Where the log's JSON lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

export interface App {
  http: FastifyInstance;
  io: RoomServer;
  rooms: RoomService;
  timers: TimerService;
  scorecards: ScorecardService;
  groups: GroupService;
  matchmaking: MatchmakingService;
  scheduler: TimerScheduler;
  /** Partner-queue sweeps this node has completed (tests wait on it instead of sleeping). */
  queueSweeps(): number;
}

/** Every kind of room and its policy. */
export const roomKinds: RoomKinds = { pair: pairKind, group: groupKind };

/** Builds the server (HTTP routes, Socket.IO, the web app) without listening. */
export async function createApp({ config, store, queueStore, bank, fanOut, limitStore, logStream }: AppDeps): Promise<App> {
  // Forwarded headers name the client, host and scheme only when TRUST_PROXY says which proxy sets them.
  const trust = trustProxy(config.TRUST_PROXY);
  const http = Fastify({
    logger: { level: config.LOG_LEVEL, ...(logStream ? { stream: logStream } : {}) },
    trustProxy: config.TRUST_PROXY === false ? false : trust,
  });
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

  const allowedOrigins = [...(config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).origin] : []), ...config.ALLOWED_ORIGINS];
  const io: RoomServer = new Server(http.server, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: originGuard({ allowed: allowedOrigins, trust }),
  });
  if (fanOut) io.adapter(createAdapter(fanOut.pub, fanOut.sub, { key: `${config.REDIS_KEY_PREFIX}socket.io` }));

  // The features, each from its folder: services, socket handlers, HTTP routes and background work.
  const now = () => store.now();
  const logError = (what: string) => (error: unknown) => http.log.error({ err: error }, what);
  const publisher = createRoomPublisher({ io, bank, now });
  const room = createRoomFeature({ store, bank, kinds: roomKinds, publisher, publicUrl: config.PUBLIC_URL });
  const questions = createQuestionsFeature({ store, bank, publisher });
  const timer = createTimerFeature({ store, index: store, publisher, now, pollMs: config.TIMER_POLL_MS, onError: logError("timer poll failed") });
  const scorecards = createScorecardsFeature({ store, drafts: store, bank, publisher });
  const observerNotes = createObserverNotesFeature({ store, drafts: store, publisher });
  const groups = createGroupsFeature({ store, publisher });
  const queue = createQueueFeature({
    io,
    queue: queueStore,
    rooms: room.service,
    bank,
    now,
    timeoutMs: config.QUEUE_TIMEOUT_MS,
    sweepMs: config.QUEUE_SWEEP_MS,
    onError: logError("queue sweep or place-in-line update failed"),
  });
  const features = [room, questions, timer, scorecards, observerNotes, groups, queue];

  // Limits on every door: HTTP per address, socket connections per address, socket events per class.
  const limitKeys = { ...(limitStore ? { redis: limitStore } : {}), keyPrefix: `${config.REDIS_KEY_PREFIX}limit:` };
  const windowSeconds = config.RATE_LIMIT_WINDOW_SECONDS;
  const limits = createLimits({ settings: limitSettings(config), store: limitKeys, trust, onError: logError("a rate limiter failed; the event was let through") });
  limits.admitConnections(io);

  await registerSecurityHeaders(http, { publicUrl: config.PUBLIC_URL });
  await registerHttpLimits(http, { windowSeconds, roomsPerAddress: config.RATE_LIMIT_ROOMS_PER_ADDRESS, requestsPerAddress: config.RATE_LIMIT_HTTP_PER_ADDRESS }, limitKeys);
  registerHealthRoutes(http, store);
  for (const feature of features) if ("routes" in feature) feature.routes(http);
  const serveWeb = await registerWebApp(http, config.WEB_DIST_DIR);
  http.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === "GET" && isAppRoute(request.url)) return reply.sendFile("index.html");
    return reply.code(404).send({ ok: false, error: { code: ErrorCode.NotFound, message: `no route ${request.method} ${request.url}` } });
  });

  const transport = attachSocketTransport({
    io,
    table: createEventTable(...features.map((feature) => feature.handlers)),
    onDisconnect: features.flatMap((feature) => ("onDisconnect" in feature ? [feature.onDisconnect] : [])),
    log: http.log,
    limits,
  });

  http.addHook("onReady", async () => {
    timer.start();
    queue.start();
  });
  // Open WebSockets would hold the HTTP server open; Fastify closes the listener itself afterwards.
  http.addHook("preClose", async () => {
    await timer.stop();
    queue.stop();
    io.local.disconnectSockets(true);
    io.engine.close();
    // Presence updates for the sockets just closed still need the store: let them finish first.
    await transport.drain();
    // The Redis adapter is not closed here: its close() fires unsubscribes whose failures nobody catches
    // when Redis is down, and quitting the subscriber connection (done by the owner) drops them anyway.
  });
  return {
    http,
    io,
    rooms: room.service,
    timers: timer.service,
    scorecards: scorecards.service,
    groups: groups.service,
    matchmaking: queue.service,
    scheduler: timer.scheduler,
    queueSweeps: queue.sweeps,
  };
}
