import { ErrorCode, type ClientEventName, type ErrorBody, type RateLimitedDetails } from "@mockloop/protocol";
import type { Cluster, Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config.ts";
import { BatchedLimiter, batchFor, type PointTaker } from "./batched-limiter.ts";
import { addressKey, clientAddress, type TrustProxy } from "./client-address.ts";
import type { RoomServer, RoomSocket } from "./socket-types.ts";

/**
 * Classes of client events, each with its own allowance: a flood of one kind (clock syncs, say) never eats
 * the allowance of another (saving a scorecard draft).
 */
export const eventClasses = ["read", "room-write", "timer", "clock-sync", "join", "queue", "draft", "live"] as const;
export type EventClass = (typeof eventClasses)[number];

/**
 * Which class each client event counts against. An event not named here counts as `defaultEventClass`, so
 * a new event is never unlimited; name it here when another class fits it better: "live" for call signalling
 * and board updates and pointers (the web app sends each up to every 50 ms while someone draws), "read" for
 * reading a board.
 */
export const eventClassByName: { readonly [E in ClientEventName]?: EventClass } = {
  "room:join": "join",
  "room:leave": "join",
  "room:sync": "read",
  "questions:list": "read",
  "scorecard:draft:get": "read",
  "observer-notes:get": "read",
  // Costs nothing unless a partner request preceded it, and those are limited as "queue".
  "queue:leave": "read",
  "question:push": "room-write",
  "round:swap": "room-write",
  "group:plan": "room-write",
  "group:next": "room-write",
  "group:extra-turn": "room-write",
  "group:host": "room-write",
  "group:abandon-round": "room-write",
  "group:interviewer": "room-write",
  "scorecard:submit": "room-write",
  "observer-notes:share": "room-write",
  "timer:start": "timer",
  "timer:pause": "timer",
  "timer:adjust": "timer",
  "timer:skip": "timer",
  "timer:reset": "timer",
  "timer:auto-advance": "timer",
  "clock:sync": "clock-sync",
  "queue:join": "queue",
  "scorecard:draft:save": "draft",
  "observer-notes:save": "draft",
  "board:get": "read",
  "board:update": "live",
  "board:pointer": "live",
  "board:observers": "room-write",
  "call:ice-servers": "live",
  "call:announce": "live",
  "call:leave": "live",
  "call:signal": "live",
};

/** The class of events nobody has classed yet, and of names that are no event at all. */
export const defaultEventClass: EventClass = "room-write";

export function eventClassOf(event: string): EventClass {
  return (Object.hasOwn(eventClassByName, event) ? eventClassByName[event as ClientEventName] : undefined) ?? defaultEventClass;
}

/** How many events of a class each of these may send in one window. */
export interface ScopeLimits {
  connection: number;
  participant: number;
  address: number;
}

export interface LimitSettings {
  /** Every count is over a fixed window this long, starting at the first event counted. */
  windowSeconds: number;
  events: Record<EventClass, ScopeLimits>;
  /** New connections (sockets) one address may open in a window. */
  connectionsPerAddress: number;
}

/** The RATE_LIMIT_* settings (and QUEUE_JOINS_PER_MINUTE, which keeps its meaning) as limits per class. */
export function limitSettings(config: Config): LimitSettings {
  const queueJoins = config.QUEUE_JOINS_PER_MINUTE;
  return {
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    events: {
      read: config.RATE_LIMIT_READ,
      "room-write": config.RATE_LIMIT_ROOM_WRITE,
      timer: config.RATE_LIMIT_TIMER,
      "clock-sync": config.RATE_LIMIT_CLOCK_SYNC,
      join: config.RATE_LIMIT_JOIN,
      queue: { connection: queueJoins, participant: queueJoins, address: config.RATE_LIMIT_QUEUE_JOINS_PER_ADDRESS },
      draft: config.RATE_LIMIT_DRAFT,
      live: config.RATE_LIMIT_LIVE,
    },
    connectionsPerAddress: config.RATE_LIMIT_CONNECTIONS_PER_ADDRESS,
  };
}

export interface LimitStore {
  /** With Redis, per-participant and per-address counts are shared by every node. The caller owns the client. */
  redis?: Redis | Cluster;
  /** Prefix of every limiter key in Redis, e.g. `mockloop:limit:`. */
  keyPrefix: string;
}

type Scope = RateLimitedDetails["scope"];

const eventWords: Record<EventClass, string> = {
  read: "requests",
  "room-write": "changes to the room",
  timer: "timer commands",
  "clock-sync": "clock syncs",
  join: "joins",
  queue: "partner requests",
  draft: "draft saves",
  live: "live updates",
};
const scopeWords: Record<Scope, string> = { connection: "connection", participant: "participant (all your tabs)", address: "address" };

/** The typed refusal: a RATE_LIMITED error that says how long to wait. */
export function rateLimited(limit: string, scope: Scope, what: string, msBeforeNext: number): ErrorBody {
  const retryAfterMs = Math.max(1, Math.ceil(msBeforeNext));
  const details: RateLimitedDetails = { retryAfterMs, scope, limit };
  return { code: ErrorCode.RateLimited, message: `too many ${what} from this ${scopeWords[scope]}; try again in ${Math.ceil(retryAfterMs / 1000)} s`, details };
}

/**
 * Builds the limiters. Per-connection counts live in this process: a connection lives on one node. Shared
 * counts (per participant, whose tabs may be on several nodes, and per address) live in Redis when there is
 * one. A small allowance is counted event by event; a large one in batches (`BatchedLimiter`), so the common
 * event costs no Redis call at all. Once a key has used its allowance it is blocked in this process until the
 * window ends (`inMemoryBlockOnConsumed`), so an abuser stops costing Redis calls; and if Redis cannot be
 * reached, an in-memory limiter stands in (`insuranceLimiter`) rather than every event failing.
 */
function limiterFactory(windowSeconds: number, store: LimitStore, onError: (error: unknown) => void) {
  const batched: BatchedLimiter[] = [];
  const inMemory = (name: string, points: number) => new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds });
  const shared = (name: string, points: number): PointTaker => {
    if (!store.redis) return inMemory(name, points);
    const redis = new RateLimiterRedis({
      storeClient: store.redis,
      keyPrefix: `${store.keyPrefix}${name}`,
      points,
      duration: windowSeconds,
      inMemoryBlockOnConsumed: points,
      rejectIfRedisNotReady: true,
      insuranceLimiter: inMemory(name, points),
    });
    const batch = batchFor(points);
    if (batch === 1) return redis;
    const limiter = new BatchedLimiter(redis, { batch, windowMs: windowSeconds * 1_000, onError });
    batched.push(limiter);
    return limiter;
  };
  return { inMemory, shared, close: () => batched.forEach((limiter) => limiter.close()) };
}

export interface Limits {
  /** Counts one event against its class; a refusal when one of the connection's, participant's or address's allowances is spent. */
  checkEvent(socket: RoomSocket, event: string): Promise<ErrorBody | undefined>;
  /** Socket.IO middleware: refuses a new connection past its address's allowance, with the typed error as `data`. */
  admitConnections(io: RoomServer): void;
  /** Stops the batched counts' timers. */
  close(): void;
}

export interface LimitsDeps {
  settings: LimitSettings;
  store: LimitStore;
  trust: TrustProxy;
  /** A limiter failed in a way its insurance did not cover; the event is let through. */
  onError: (error: unknown) => void;
}

export function createLimits({ settings, store, trust, onError }: LimitsDeps): Limits {
  const { inMemory, shared, close } = limiterFactory(settings.windowSeconds, store, onError);
  const byClass = {} as Record<EventClass, Record<Scope, PointTaker>>;
  for (const eventClass of eventClasses) {
    const limits = settings.events[eventClass];
    byClass[eventClass] = {
      connection: inMemory(`${eventClass}:connection`, limits.connection),
      participant: shared(`${eventClass}:participant`, limits.participant),
      address: shared(`${eventClass}:address`, limits.address),
    };
  }
  const connections = shared("connections:address", settings.connectionsPerAddress);

  // Computed once, while the handshake's request is fresh.
  const addresses = new WeakMap<RoomSocket, string>();
  const addressOf = (socket: RoomSocket) => {
    let address = addresses.get(socket);
    if (address === undefined) {
      address = addressKey(clientAddress(socket.request, trust));
      addresses.set(socket, address);
    }
    return address;
  };

  const take = async (limiter: PointTaker, key: string, limit: string, scope: Scope, what: string): Promise<ErrorBody | undefined> => {
    try {
      await limiter.consume(key);
      return undefined;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return rateLimited(limit, scope, what, outcome.msBeforeNext);
      onError(outcome);
      return undefined;
    }
  };

  return {
    checkEvent: async (socket, event) => {
      const eventClass = eventClassOf(event);
      const limiters = byClass[eventClass];
      const what = eventWords[eventClass];
      const fromConnection = await take(limiters.connection, socket.id, eventClass, "connection", what);
      if (fromConnection) return fromConnection;
      const participantId = socket.data.participantId;
      const [fromParticipant, fromAddress] = await Promise.all([
        participantId ? take(limiters.participant, participantId, eventClass, "participant", what) : undefined,
        take(limiters.address, addressOf(socket), eventClass, "address", what),
      ]);
      return fromParticipant ?? fromAddress;
    },
    close,
    admitConnections: (io) => {
      io.use((socket, next) => {
        void take(connections, addressOf(socket), "connections", "address", "new connections").then((refusal) => {
          if (!refusal) return next();
          const error: Error & { data?: ErrorBody } = new Error(refusal.message);
          error.data = refusal;
          next(error);
        });
      });
    },
  };
}
