import { fileURLToPath } from "node:url";
import { z } from "zod";

const defaultWebDistDir = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** A comma-separated list, trimmed, empty entries dropped. */
const commaList = (pattern: RegExp, message: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((item) => item.trim()).filter(Boolean) : []))
    .pipe(z.array(z.string().regex(pattern, message)));

const portSchema = z.coerce.number().int().min(0).max(65_535);
const positiveNumber = z.coerce.number().positive();

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
  /** Partner requests one connection may make per minute. */
  QUEUE_JOINS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000).default(10),
  /** The shared board's bounds per round: elements (deleted ones included), bytes of one element, bytes of the scene. */
  BOARD_MAX_ELEMENTS: z.coerce.number().int().min(10).max(100_000).default(2_000),
  // One element must fit in one socket message (64 KB, the server's limit) with room to spare.
  BOARD_MAX_ELEMENT_BYTES: z.coerce.number().int().min(1_024).max(48 * 1024).default(32 * 1024),
  BOARD_MAX_SCENE_BYTES: z.coerce.number().int().min(4 * 1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Observers a pair room seats besides its interviewer and candidate. */
  PAIR_MAX_OBSERVERS: z.coerce.number().int().min(0).max(6).default(6),
  /** How often each node records that it is alive and removes the connections of nodes that are not (ms). */
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** A node silent for this long is presumed dead: its connections are removed and their people shown offline (ms). */
  PRESENCE_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(5_000),
  /** A client that comes back within this long gets the events it missed replayed (ms). */
  RECOVERY_WINDOW_MS: z.coerce.number().int().min(0).max(30 * 60_000).default(2 * 60_000),
  /** Events kept in the Redis stream that carries them between nodes (and replays them to clients that come back). */
  SOCKET_STREAM_MAX_LEN: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
  /** The call's STUN servers, e.g. `stun:turn.example.com:3478`; none by default. */
  STUN_URLS: commaList(/^stuns?:\S+$/, "each STUN URL starts with stun: or stuns:"),
  /** The call's TURN relays, e.g. `turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349`. */
  TURN_URLS: commaList(/^turns?:\S+$/, "each TURN URL starts with turn: or turns:"),
  /** The secret shared with coturn (`use-auth-secret`, `static-auth-secret`) that signs short-lived TURN credentials. */
  TURN_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** How long a TURN credential works after it is issued (s). */
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 60 * 60).default(3600),
  /** `relay` sends every call's media through TURN, so no one learns another's IP address; needs TURN_URLS. */
  ICE_TRANSPORT_POLICY: z.enum(["all", "relay"]).default("all"),
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
