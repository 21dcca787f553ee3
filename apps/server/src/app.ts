import { ErrorCode, MAX_MESSAGE_BYTES, type ErrorBody } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import Fastify, { type FastifyInstance } from "fastify";
import type { Cluster, Redis } from "ioredis";
import { Server } from "socket.io";
import { boardLimits, type Config } from "./config.ts";
import { throttledErrors } from "./logging.ts";
import type { DraftStore } from "./core/draft-store.ts";
import type { RoomKinds } from "./core/room-kind.ts";
import type { RoomStore } from "./core/room-store.ts";
import { createBoardFeature, type BoardStore } from "./features/board/index.ts";
import { createCallFeature, iceSettingsFrom } from "./features/call/index.ts";
import { createGroupsFeature, groupKind, type GroupService } from "./features/groups/index.ts";
import { createObserverNotesFeature } from "./features/observer-notes/index.ts";
import { createQuestionsFeature } from "./features/questions/index.ts";
import { createQueueFeature, type MatchmakingService, type QueueStore } from "./features/queue/index.ts";
import { createRoomFeature, createRoomPublisher, pairKind, type PresenceStore, type RoomService } from "./features/room/index.ts";
import { createScorecardsFeature, type ScorecardService } from "./features/scorecards/index.ts";
import { createTimerFeature, type RoomWorkIndex, type TimerScheduler, type TimerService } from "./features/timer/index.ts";
import { trustProxy } from "./transport/client-address.ts";
import { httpStatusOf, toErrorBody } from "./transport/errors.ts";
import { createFanOutAdapter } from "./transport/fan-out-adapter.ts";
import { OwnEntries } from "./transport/own-entries.ts";
import { registerHealthRoutes } from "./transport/health.ts";
import { registerHttpLimits } from "./transport/http-limits.ts";
import { createMetrics, type ServerMetrics } from "./transport/metrics.ts";
import { originGuard } from "./transport/origins.ts";
import { createLimits, limitSettings } from "./transport/rate-limits.ts";
import { registerSecurityHeaders } from "./transport/security.ts";
import { attachSocketTransport, createEventTable, type RoomServer } from "./transport/socket-kit.ts";
import { isAppRoute, registerWebApp } from "./transport/web.ts";

export interface AppDeps {
  config: Config;
  /** Rooms, their work index and their drafts: one store implements all three ports. */
  store: RoomStore & RoomWorkIndex & DraftStore;
  presence: PresenceStore;
  queueStore: QueueStore;
  boardStore: BoardStore;
  bank: QuestionBank;
  /**
   * With Redis, the client Socket.IO's adapter publishes with (it duplicates it to read the stream every node
   * shares). The caller owns it.
   */
  fanOut?: Redis | Cluster;
  /** With Redis, the client rate limits keep their shared counts on (per participant, per address). The caller owns it. */
  limitStore?: Redis | Cluster;
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
  /** This app's Prometheus registry and the figures other parts (the Redis connections) report to it. */
  metrics: ServerMetrics;
  /** Partner-queue sweeps this node has completed (tests wait on it instead of sleeping). */
  queueSweeps(): number;
  /** Reports and counts a Redis failure nobody handled (the process guard hands them here). */
  noteUnhandledRedisFailure(reason: unknown): void;
  /** How many such failures this node has lived through. */
  unhandledRedisFailures(): number;
}

/** Every kind of room and its policy, with the configured seats. */
export function roomKindsFor(config: Pick<Config, "PAIR_MAX_OBSERVERS">): RoomKinds {
  return { pair: pairKind({ maxObservers: config.PAIR_MAX_OBSERVERS }), group: groupKind };
}

/** Builds the server (HTTP routes, Socket.IO, the web app) without listening. */
export async function createApp({ config, store, presence, queueStore, boardStore, bank, fanOut, limitStore, logStream }: AppDeps): Promise<App> {
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
    // A larger message closes its connection unread; the typed client never sends one (MESSAGE_TOO_LARGE).
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    allowRequest: originGuard({ allowed: allowedOrigins, trust }),
    // A client that drops for a moment gets what it missed replayed (from the shared stream, on whichever node it reaches).
    connectionStateRecovery: { maxDisconnectionDuration: config.RECOVERY_WINDOW_MS, skipMiddlewares: false },
  });
  const fanOutStream = { streamKey: `${config.REDIS_KEY_PREFIX}socket.io`, maxLen: config.SOCKET_STREAM_MAX_LEN };
  const ownEntries = fanOut ? new OwnEntries() : undefined;
  if (fanOut) {
    io.adapter(
      createFanOutAdapter(fanOut, {
        ownEntries,
        streamName: fanOutStream.streamKey,
        sessionKeyPrefix: `${config.REDIS_KEY_PREFIX}socket.io:session:`,
        maxLen: fanOutStream.maxLen,
        // How long the stream reader blocks between checks: also how long closing waits for it.
        blockTimeInMs: 1_000,
      }),
    );
  }

  const metrics = createMetrics(io);
  ownEntries?.onUnanswered(() => metrics.entryOfLostAnswer());

  // The features, each from its folder: services, socket handlers, HTTP routes and background work.
  // Clock syncs and activity times read the store's clock without a round trip each.
  const now = () => store.quickNow();
  const logError = throttledErrors(http.log);
  let unhandledRedisFailures = 0;
  const reportUnhandled = logError("a Redis failure nobody handled (the node carries on)");
  const publisher = createRoomPublisher({ io, bank, store, presence, now, ownEntries, onError: logError("resending a room after a write's lost answer failed") });
  // The store and the adapter share one Redis: a change and its announcement go in one write.
  if (fanOut) store.announceWith?.(publisher.streamAnnouncer(fanOutStream));
  const room = createRoomFeature({
    io,
    store,
    presence,
    bank,
    kinds: roomKindsFor(config),
    publisher,
    publicUrl: config.PUBLIC_URL,
    heartbeatMs: config.PRESENCE_HEARTBEAT_MS,
    onError: logError("presence upkeep failed"),
  });
  const questions = createQuestionsFeature({ store, bank, publisher });
  const timer = createTimerFeature({
    store,
    index: store,
    publisher,
    now,
    pollMs: config.TIMER_POLL_MS,
    onEndAnnounced: metrics.segmentEndLateness,
    onError: logError("timer poll failed"),
  });
  // Boards are read by the people who may read the round's scorecard (the scorecards feature decides who that is).
  const readableRounds = (roomId: string, token: string) => scorecards.service.readableRounds(roomId, token);
  const board = createBoardFeature({ store, boards: boardStore, publisher, limits: boardLimits(config), readableRounds });
  const scorecards = createScorecardsFeature({ store, drafts: store, bank, publisher, boards: board.service });
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
    heartbeatMs: config.PRESENCE_HEARTBEAT_MS,
    onError: logError("queue sweep or place-in-line update failed"),
  });
  const call = createCallFeature({ io, store, now, ice: iceSettingsFrom(config), keyPrefix: config.REDIS_KEY_PREFIX, onError: logError("call relay failed"), ...(fanOut ? { redis: fanOut } : {}) });
  const features = [room, questions, timer, scorecards, observerNotes, groups, queue, board, call];

  // Limits on every door: HTTP per address, socket connections per address, socket events per class.
  const limitKeys = { ...(limitStore ? { redis: limitStore } : {}), keyPrefix: `${config.REDIS_KEY_PREFIX}limit:` };
  const windowSeconds = config.RATE_LIMIT_WINDOW_SECONDS;
  const limits = createLimits({ settings: limitSettings(config), store: limitKeys, trust, onError: logError("a rate limiter failed; the event was let through") });
  limits.admitConnections(io);

  await registerSecurityHeaders(http, { publicUrl: config.PUBLIC_URL });
  await registerHttpLimits(http, { windowSeconds, roomsPerAddress: config.RATE_LIMIT_ROOMS_PER_ADDRESS, requestsPerAddress: config.RATE_LIMIT_HTTP_PER_ADDRESS }, limitKeys);
  registerHealthRoutes(http, store);
  metrics.register(http);
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
    observeRequest: metrics.observeRequest,
  });

  http.addHook("onReady", async () => {
    room.start();
    timer.start();
    queue.start();
  });
  http.addHook("preClose", async () => {
    // Refuse new connections at once, so reconnecting clients land on another node; then drain this one.
    http.server.close();
    http.log.info("no longer accepting connections; draining");
    limits.close();
    await room.stop();
    await timer.stop();
    await queue.stop();
    // Open WebSockets would hold the HTTP server open.
    io.local.disconnectSockets(true);
    io.engine.close();
    // Presence updates for the sockets just closed still need the store: let them finish first.
    await transport.drain();
    await call.stop();
    // The adapter's own Redis connections are duplicates of the caller's client: closing it ends them.
    if (fanOut) io.of("/").adapter.close();
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
    metrics,
    queueSweeps: queue.sweeps,
    noteUnhandledRedisFailure: (reason) => {
      unhandledRedisFailures += 1;
      reportUnhandled(reason);
    },
    unhandledRedisFailures: () => unhandledRedisFailures,
  };
}
