import { fileURLToPath } from "node:url";
import proxyAddr from "@fastify/proxy-addr";
import { z } from "zod";

const defaultWebDistDir = fileURLToPath(new URL("../../web/dist", import.meta.url));

const portSchema = z.coerce.number().int().min(0).max(65_535);
const positiveNumber = z.coerce.number().positive();

const commaList = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

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

/** Every setting, from environment variables. Defaults give the embedded single-process product. */
export const configSchema = z.object({
  PORT: portSchema.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Set to use Redis (the real store, and fan-out between server nodes); unset uses the embedded in-memory store. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
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
  /** Partner requests one connection may make per minute. */
  QUEUE_JOINS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000).default(10),
  WEB_DIST_DIR: z.string().min(1).default(defaultWebDistDir),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type Config = z.infer<typeof configSchema>;

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
