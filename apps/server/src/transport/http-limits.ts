import rateLimit from "@fastify/rate-limit";
import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { addressKey } from "./client-address.ts";
import type { LimitStore } from "./rate-limits.ts";
import { rateLimited } from "./rate-limits.ts";

export interface HttpLimitSettings {
  windowSeconds: number;
  /** Rooms one address may create in a window. */
  roomsPerAddress: number;
  /** Every other request under /api from one address in a window. */
  requestsPerAddress: number;
}

/** Routes with an allowance of their own, apart from the rest of the API. */
const ownAllowance = (request: FastifyRequest) => (request.method === "POST" && request.routeOptions.url === "/api/rooms" ? "room-creation" : "http");

/**
 * Per-address limits on the HTTP API (@fastify/rate-limit, counted in Redis when there is one, so every node
 * shares them): creating rooms has a small allowance of its own, every other /api request a large one. The web
 * app's files and the health probes are not limited. A refused request gets 429, `Retry-After`, and the typed
 * RATE_LIMITED body. Register before the routes: the plugin hooks the routes added after it.
 */
export async function registerHttpLimits(app: FastifyInstance, settings: HttpLimitSettings, store: LimitStore): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    timeWindow: settings.windowSeconds * 1000,
    keyGenerator: (request) => `${ownAllowance(request)}:${addressKey(request.ip)}`,
    max: (request) => (ownAllowance(request) === "room-creation" ? settings.roomsPerAddress : settings.requestsPerAddress),
    allowList: (request) => !request.url.startsWith("/api/"),
    ...(store.redis ? { redis: store.redis, nameSpace: `${store.keyPrefix}http:` } : {}),
    // Redis unreachable: let requests through rather than fail them all (the store they need will say so itself).
    skipOnError: true,
    errorResponseBuilder: (request, context) => {
      const refusal = rateLimited(ownAllowance(request), "address", ownAllowance(request) === "room-creation" ? "new rooms" : "requests", context.ttl);
      return new MockloopError(ErrorCode.RateLimited, refusal.message, { details: refusal.details ?? {} });
    },
  });
}
