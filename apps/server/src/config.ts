import { fileURLToPath } from "node:url";
import proxyAddr from "@fastify/proxy-addr";
import { z } from "zod";

const defaultWebDistDir = fileURLToPath(new URL("../../web/dist", import.meta.url));


const portSchema = z.coerce.number().int().min(0).max(65_535);
const positiveNumber = z.coerce.number().positive();

/** A comma-separated list, trimmed, empty entries dropped. */
const commaList = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** A setting that is a comma-separated list of items matching `pattern`; unset is an empty list. */
const commaListOf = (pattern: RegExp, message: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value ? commaList(value) : []))
    .pipe(z.array(z.string().regex(pattern, message)));

/** Which peers may tell us, in X-Forwarded-* headers, who the client is and which host and scheme it asked for. */
const trustProxySchema = z
  .string()
  .transform((value, ctx): boolean | string[] => {
    if (value === "true") return true;
    if (value === "false") return false;
    const proxies = commaList(value);
    try {
      proxyAddr.compile(proxies);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `"true", "false", or proxy addresses and subnets separated by commas (${(error as Error).message})` });
      return z.NEVER;
    }
    return proxies;
  })
  .default(false);

/** Web origins (scheme, host and port), comma-separated; each is kept as its canonical origin. */
const originListSchema = z.string().transform((value, ctx) => {
  const origins: string[] = [];
  for (const item of commaList(value)) {
    const parsed = URL.canParse(item) ? new URL(item) : undefined;
    const isOrigin = parsed && ["http:", "https:"].includes(parsed.protocol) && parsed.pathname === "/" && !parsed.search && !parsed.hash && !parsed.username;
    if (!parsed || !isOrigin) {
      ctx.addIssue({ code: "custom", message: `"${item}" is not an origin like https://mock.example.com (scheme, host and port only)` });
      return z.NEVER;
    }
    origins.push(parsed.origin);
  }
  return origins;
});

/** A count a limit allows in one window: at least 1, and high enough for load tests from one address. */
const limitCount = z.coerce.number().int().min(1).max(1_000_000_000);

/**
 * A class of socket events' limits: "connection,participant,address", the events each may send in one
 * window, e.g. "60,120,3000".
 */
const eventLimits = (defaults: string) =>
  z
    .string()
    .default(defaults)
    .transform((value, ctx) => {
      const counts = commaList(value).map((count) => limitCount.safeParse(count));
      const [connection, participant, address] = counts.map((count) => (count.success ? count.data : undefined));
      if (counts.length !== 3 || connection === undefined || participant === undefined || address === undefined) {
        ctx.addIssue({ code: "custom", message: `three whole numbers from 1: per connection, per participant and per address, e.g. "${defaults}"` });
        return z.NEVER;
      }
      return { connection, participant, address };
    });

/** Every setting, from environment variables. Defaults give the embedded single-process product. */
export const configSchema = z.object({
  PORT: portSchema.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /**
   * Set to use Redis (the real store, and fan-out between server nodes); unset uses the embedded in-memory store.
   * With REDIS_CLUSTER, a comma-separated list of seed nodes of a Redis Cluster.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^,]+(,rediss?:\/\/[^,]+)*$/, "must be redis:// or rediss:// URLs, comma-separated")
    .optional(),
  /** REDIS_URL names a Redis Cluster's seed nodes. */
  REDIS_CLUSTER: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default("mockloop:"),
  /** Base of invite links, e.g. https://mock.example.com; derived from each request when unset. */
  PUBLIC_URL: z.url().optional(),
  /** Set behind a reverse proxy: which peers' X-Forwarded-For/-Host/-Proto to believe ("true" for any). */
  TRUST_PROXY: trustProxySchema,
  /** Pages (origins) allowed to open a socket, besides PUBLIC_URL's; when neither is set, pages served from the host the socket asks for. */
  ALLOWED_ORIGINS: originListSchema.default([]),
  /** How long a room (and its scorecard) is kept after its last change. */
  ROOM_TTL_DAYS: positiveNumber.max(3650).default(30),
  /** Extra question packs: folders separated by commas. */
  QUESTION_PACKS: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((dir) => dir.trim()).filter(Boolean) : [])),
  /** How often each node looks for timer segments that have ended (ms). */
  TIMER_POLL_MS: z.coerce.number().int().min(5).max(5_000).default(25),
  /** How long a partner request waits before it is withdrawn (ms); 10 minutes by default. */
  QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(24 * 60 * 60_000).default(10 * 60_000),
  /** How often each node looks for partner requests that waited too long (ms). */
  QUEUE_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  /** Partner requests one connection, and one participant, may make per minute (per rate-limit window). */
  QUEUE_JOINS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000).default(10),
  /** The shared board's bounds per round: elements (deleted ones included), bytes of one element, bytes of the scene. */
  BOARD_MAX_ELEMENTS: z.coerce.number().int().min(10).max(100_000).default(2_000),
  // One element must fit in one socket message (64 KB, the server's limit) with room to spare.
  BOARD_MAX_ELEMENT_BYTES: z.coerce.number().int().min(1_024).max(48 * 1024).default(32 * 1024),
  BOARD_MAX_SCENE_BYTES: z.coerce.number().int().min(4 * 1024).max(64 * 1024 * 1024).default(1024 * 1024),
  // Rate limits (README, "Limits"). Each is counted in a fixed window; the defaults are far above a real round.
  /** The window every rate limit counts in, in whole seconds. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  /** Questions, drafts and notes read. */
  RATE_LIMIT_READ: eventLimits("120,240,3000"),
  /** Changes to the room: pushing a question, swapping roles, the group's rotation, submitting a scorecard, sharing notes. */
  RATE_LIMIT_ROOM_WRITE: eventLimits("60,60,1200"),
  /** Timer commands: start, pause, adjust, skip, reset, auto-advance. */
  RATE_LIMIT_TIMER: eventLimits("60,60,1200"),
  /** Clock syncs: 5 every 30 s is a client's normal rate. */
  RATE_LIMIT_CLOCK_SYNC: eventLimits("60,120,3000"),
  /** Joining and leaving a room (a reconnect rejoins on a new connection). */
  RATE_LIMIT_JOIN: eventLimits("20,40,600"),
  /** Scorecard drafts and observer notes saved as someone types. */
  RATE_LIMIT_DRAFT: eventLimits("120,240,3000"),
  /** High-rate live events: drawing-board updates and pointers (up to 40 a second while drawing), call signalling. */
  RATE_LIMIT_LIVE: eventLimits("6000,12000,60000"),
  /** Partner requests from one address. */
  RATE_LIMIT_QUEUE_JOINS_PER_ADDRESS: limitCount.default(120),
  /** New socket connections from one address. */
  RATE_LIMIT_CONNECTIONS_PER_ADDRESS: limitCount.default(300),
  /** Rooms created (POST /api/rooms) from one address. */
  RATE_LIMIT_ROOMS_PER_ADDRESS: limitCount.default(30),
  /** Every other HTTP request under /api from one address. */
  RATE_LIMIT_HTTP_PER_ADDRESS: limitCount.default(1200),
  /** Observers a pair room seats besides its interviewer and candidate. */
  PAIR_MAX_OBSERVERS: z.coerce.number().int().min(0).max(6).default(6),
  /** How often each node records that it is alive and removes the connections of nodes that are not (ms). */
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** A node silent for this long is presumed dead: its connections are removed and their people shown offline (ms). */
  PRESENCE_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(5_000),
  /**
   * A stopping node that has not drained within this long exits anyway (ms): with Redis unreachable its last writes
   * cannot finish, and the other nodes take over what it leaves (its people's presence, unannounced changes).
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** A client that comes back within this long gets the events it missed replayed (ms). */
  RECOVERY_WINDOW_MS: z.coerce.number().int().min(0).max(30 * 60_000).default(2 * 60_000),
  /** Events kept in the Redis stream that carries them between nodes (and replays them to clients that come back). */
  SOCKET_STREAM_MAX_LEN: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
  /** The call's STUN servers, e.g. `stun:turn.example.com:3478`; none by default. */
  STUN_URLS: commaListOf(/^stuns?:\S+$/, "each STUN URL starts with stun: or stuns:"),
  /** The call's TURN relays, e.g. `turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349`. */
  TURN_URLS: commaListOf(/^turns?:\S+$/, "each TURN URL starts with turn: or turns:"),
  /** The secret shared with coturn (`use-auth-secret`, `static-auth-secret`) that signs short-lived TURN credentials. */
  TURN_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** How long a TURN credential works after it is issued (s). */
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 60 * 60).default(3600),
  /** `relay` sends every call's media through TURN, so no one learns another's IP address; needs TURN_URLS. */
  ICE_TRANSPORT_POLICY: z.enum(["all", "relay"]).default("all"),
  /**
   * How far the heap may grow past what is live before V8 collects it fully, while people arrive (percent; 0
   * leaves it to V8 always). Held while a node fills up, it ends up near its live data (left to V8, a burst of
   * joins leaves it keeping about a third more); once arrivals settle, V8 chooses again, which under steady load
   * costs far less CPU than frequent full collections (BENCHMARKS.md has both).
   */
  HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(400).default(30),
  /** How long after the last wave of arrivals the heap's growth stays held (ms). */
  HEAP_GROWTH_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  WEB_DIST_DIR: z.string().min(1).default(defaultWebDistDir),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
})
  .refine((config) => config.TURN_URLS.length === 0 || config.TURN_SECRET, { path: ["TURN_SECRET"], message: "is required when TURN_URLS is set" })
  .refine((config) => config.ICE_TRANSPORT_POLICY === "all" || config.TURN_URLS.length > 0, {
    path: ["ICE_TRANSPORT_POLICY"],
    message: "relay needs TURN_URLS",
  });
export type Config = z.infer<typeof configSchema>;

/** The shared board's bounds, from the settings. */
export function boardLimits(config: Config) {
  return { maxElements: config.BOARD_MAX_ELEMENTS, maxElementBytes: config.BOARD_MAX_ELEMENT_BYTES, maxSceneBytes: config.BOARD_MAX_SCENE_BYTES };
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses the environment; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}
