import { ErrorCode, clientEvents } from "@mockloop/protocol";
import type { FastifyInstance } from "fastify";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RoomServer } from "./socket-types.ts";

/** Which Redis client a Redis figure is about: the store's, or the one the Socket.IO adapter publishes with. */
export type RedisClientName = "store" | "fanOut";

/** What the rest of the server reports to the metrics; each figure is a Prometheus series at GET /metrics. */
export interface ServerMetrics {
  readonly registry: Registry;
  redis: {
    error(client: RedisClientName): void;
    reconnect(client: RedisClientName): void;
    /** One of the store's commands (a script by its name) answered `seconds` after it was issued. */
    storeCommand(command: string, seconds: number): void;
  };
  /** How long after its deadline a segment end was announced (ms). */
  segmentEndLateness(ms: number): void;
  /** One of this node's stream entries delivered from the stream: Redis ran its write and the answer was lost (`OwnEntries`). */
  entryOfLostAnswer(): void;
  /**
   * Sees every socket request first: counts it, and wraps its ack (the last argument, replaced in `args`) to
   * record the outcome and the time to answer.
   */
  observeRequest(event: unknown, args: unknown[]): void;
}

const knownEvents = new Set<string>(Object.keys(clientEvents));
const knownCodes = new Set<string>(Object.values(ErrorCode));
/** Sub-millisecond to seconds: an ack is usually a few Redis round trips. */
const ackBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** A Redis round trip: a tenth of a millisecond on a quiet machine, far longer on a busy one. */
const redisCommandBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const latenessBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** "ok", or the error code an ack answered with; labels stay a short, fixed list. */
function outcomeOf(response: unknown): string {
  if (typeof response !== "object" || response === null) return "invalid";
  if ((response as { ok?: unknown }).ok === true) return "ok";
  const code = (response as { error?: { code?: unknown } }).error?.code;
  return typeof code === "string" && knownCodes.has(code) ? code : "invalid";
}

/**
 * The server's Prometheus metrics, one registry per app (several apps in one process — tests — never share
 * figures): the process defaults, connections and rooms, every socket event by name and outcome with its ack
 * latency, Redis errors, reconnects and the store's round trips by command, segment-end lateness, entries
 * delivered after a lost answer, and rate-limited requests. The transport hands each request here first
 * (`observeRequest`), which wraps its ack, so every outcome — a handler's answer, a refusal by a rate limit or by
 * the schema — is seen the same way without the handlers knowing.
 */
export function createMetrics(io: RoomServer): ServerMetrics & { register(http: FastifyInstance): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: "mockloop_connections",
    help: "Open Socket.IO connections on this node.",
    registers: [registry],
    collect() {
      this.set(io.engine.clientsCount);
    },
  });
  new Gauge({
    name: "mockloop_rooms",
    help: "Rooms at least one connection on this node has joined.",
    registers: [registry],
    collect() {
      let rooms = 0;
      for (const channel of io.of("/").adapter.rooms.keys()) if (channel.startsWith("room:")) rooms += 1;
      this.set(rooms);
    },
  });
  const connectionsOpened = new Counter({ name: "mockloop_connections_opened_total", help: "Socket.IO connections opened on this node.", registers: [registry] });
  const events = new Counter({
    name: "mockloop_socket_events_total",
    help: "Socket events received, by name and by how they were answered (ok, an error code, or no_ack).",
    labelNames: ["event", "outcome"] as const,
    registers: [registry],
  });
  const ackSeconds = new Histogram({
    name: "mockloop_socket_ack_seconds",
    help: "Time from receiving a socket event to acking it, by event.",
    labelNames: ["event"] as const,
    buckets: ackBuckets,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: "mockloop_rate_limited_total",
    help: "Requests refused with RATE_LIMITED (a socket event, by name) or HTTP 429 (source http).",
    labelNames: ["source"] as const,
    registers: [registry],
  });
  const redisErrors = new Counter({ name: "mockloop_redis_errors_total", help: "Errors reported by a Redis client.", labelNames: ["client"] as const, registers: [registry] });
  const redisReconnects = new Counter({ name: "mockloop_redis_reconnects_total", help: "Reconnection attempts of a Redis client.", labelNames: ["client"] as const, registers: [registry] });
  const redisCommandSeconds = new Histogram({
    name: "mockloop_redis_command_seconds",
    help: "Time from a store command issued to its answer, by command (a script by its name): what requests wait on Redis for.",
    labelNames: ["command"] as const,
    buckets: redisCommandBuckets,
    registers: [registry],
  });
  // Every store command is observed: each command's series looked up once, not its labels hashed each time.
  const redisCommandSeries = new Map<string, { observe(seconds: number): void }>();
  const lateness = new Histogram({
    name: "mockloop_segment_end_lateness_seconds",
    help: "Time from a timer segment's deadline to its end being announced, on the node that applied it.",
    buckets: latenessBuckets,
    registers: [registry],
  });

  const entriesOfLostAnswers = new Counter({
    name: "mockloop_lost_answer_entries_total",
    help: "Stream entries this node appended with a room's write and delivered from the stream, because Redis ran the write and its answer was lost.",
    registers: [registry],
  });

  const observeRequest = (name: unknown, args: unknown[]) => {
    const event = typeof name === "string" && knownEvents.has(name) ? name : "unknown";
    const last = args.length - 1;
    const ack = args[last];
    if (last < 0 || typeof ack !== "function") {
      events.inc({ event, outcome: "no_ack" });
      return;
    }
    const started = performance.now();
    // The handler's ack goes through here first: the outcome and the time it took, then the real answer.
    args[last] = (response: unknown) => {
      const outcome = outcomeOf(response);
      events.inc({ event, outcome });
      ackSeconds.observe({ event }, (performance.now() - started) / 1000);
      if (outcome === ErrorCode.RateLimited) rateLimited.inc({ source: event });
      (ack as (response: unknown) => void)(response);
    };
  };
  io.on("connection", () => connectionsOpened.inc());

  return {
    registry,
    redis: {
      error: (client) => redisErrors.inc({ client }),
      reconnect: (client) => redisReconnects.inc({ client }),
      storeCommand: (command, seconds) => {
        let series = redisCommandSeries.get(command);
        if (!series) {
          series = redisCommandSeconds.labels({ command });
          redisCommandSeries.set(command, series);
        }
        series.observe(seconds);
      },
    },
    segmentEndLateness: (ms) => lateness.observe(Math.max(0, ms) / 1000),
    entryOfLostAnswer: () => entriesOfLostAnswers.inc(),
    observeRequest,
    register: (http) => {
      http.addHook("onResponse", async (_request, reply) => {
        if (reply.statusCode === 429) rateLimited.inc({ source: "http" });
      });
      http.get("/metrics", async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
    },
  };
}
