import {
  createRoomResponseSchema,
  emptyScorecardContent,
  type CreateRoomResponse,
  type RoomState,
  type ScorecardContent,
  type ServerEventName,
  type ServerEventPayload,
  type SubmitScorecardPayload,
} from "@mockloop/protocol";
import { RoomClient, type RoomClientOptions } from "@mockloop/protocol/client";
import { startServer, type RunningServer } from "@mockloop/server";
import { startRedisProxy, type RedisProxy } from "./redis-proxy.ts";
import { uniquePrefix } from "./redis.ts";

export interface TestServerOptions {
  redisUrl?: string;
  keyPrefix?: string;
  env?: Record<string, string>;
  /** Every line the server logs (JSON, at LOG_LEVEL) is pushed here instead of going to stdout. */
  logLines?: string[];
}

/** A real server on an ephemeral port; quiet logs, no web app. */
export function startTestServer(options: TestServerOptions = {}): Promise<RunningServer> {
  const { logLines } = options;
  return startServer({
    port: 0,
    host: "127.0.0.1",
    ...(logLines ? { logStream: { write: (line: string) => void logLines.push(line) } } : {}),
    env: {
      LOG_LEVEL: "error",
      WEB_DIST_DIR: "/nonexistent-web-dist",
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      ...(options.keyPrefix ? { REDIS_KEY_PREFIX: options.keyPrefix } : {}),
      ...options.env,
    },
  });
}

/** A new room made through the HTTP API, as the app's start page makes one: its id and invite path. */
export async function createRoomOverHttp(baseUrl: string, stageId = "phone-interview"): Promise<CreateRoomResponse> {
  const response = await fetch(new URL("/api/rooms", baseUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ trackId: "amazon-tpm", stageId }),
  });
  if (response.status !== 201) throw new Error(`creating a room answered ${response.status}: ${await response.text()}`);
  return createRoomResponseSchema.parse(await response.json());
}

export async function createRoom(baseUrl: string, stageId = "phone-interview"): Promise<string> {
  return (await createRoomOverHttp(baseUrl, stageId)).roomId;
}

/** A connected client that fails the test on any server event that breaks the protocol's schema. */
export async function connectClient(baseUrl: string, options: Pick<RoomClientOptions, "socket"> = {}): Promise<RoomClient> {
  const outcome = await open(baseUrl, options.socket ?? {});
  if (!outcome.connected) throw outcome.error;
  return outcome.client;
}

/** A refused connection: what the server said (`data` carries a typed error when a middleware refused it). */
export type ConnectError = Error & { data?: unknown; description?: unknown };

/** Connects, and answers whether the server let the connection in; a refused client is closed (no retries). */
export function tryConnect(baseUrl: string, socket: RoomClientOptions["socket"] = {}) {
  return open(baseUrl, { reconnection: false, ...socket });
}

function open(baseUrl: string, socket: RoomClientOptions["socket"]): Promise<{ connected: true; client: RoomClient } | { connected: false; error: ConnectError }> {
  const client = new RoomClient(baseUrl, {
    ackTimeoutMs: 5_000,
    socket,
    onInvalidEvent: (event, error) => {
      throw new Error(`server sent an invalid ${event}: ${error.message}`);
    },
  });
  if (client.socket.connected) return Promise.resolve({ connected: true, client });
  return new Promise((resolve) => {
    client.socket.once("connect", () => resolve({ connected: true, client }));
    client.socket.once("connect_error", (error: ConnectError) => {
      client.close();
      resolve({ connected: false, error });
    });
  });
}

/** Sends an event with any payload, as a hostile or buggy client could, and resolves with the raw ack. */
export function sendRaw(client: RoomClient, event: string, payload: unknown, timeoutMs = 5_000): Promise<unknown> {
  const socket = client.socket.timeout(timeoutMs);
  const emit = socket.emitWithAck as unknown as (event: string, payload: unknown) => Promise<unknown>;
  return emit.call(socket, event, payload);
}

/** Resolves with the first event of that kind matching `predicate`, or rejects after a generous timeout. */
export function nextEvent<E extends ServerEventName>(
  client: RoomClient,
  event: E,
  predicate: (payload: ServerEventPayload<E>) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<ServerEventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = client.on(event, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(payload);
    });
  });
}

/**
 * Resolves with the client's room state once it matches: at once if it already does, or when a patch, snapshot
 * or presence change brings it there. (Acks and events race on the wire; "already there" is not a failure.)
 */
export function nextState(client: RoomClient, predicate: (state: RoomState) => boolean, timeoutMs = 5_000): Promise<RoomState> {
  const current = client.getState();
  if (current && predicate(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching room state within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = client.onState((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

/** Every event of one kind a client receives from now on. */
export function collectEvents<E extends ServerEventName>(client: RoomClient, event: E): ServerEventPayload<E>[] {
  const seen: ServerEventPayload<E>[] = [];
  client.on(event, (payload) => seen.push(payload));
  return seen;
}


/** A scorecard submission with a fresh request id: empty but for what the test cares about. */
export function scorecardSubmission(content: Partial<ScorecardContent> & { recommendation: string }): SubmitScorecardPayload {
  return { requestId: `req-${Math.random().toString(36).slice(2, 12)}`, content: { ...emptyScorecardContent(), ...content } };
}

/** Two nodes on one Redis under one key prefix, the first reaching it through a proxy that can lose an answer. */
export interface NodesOneBehindProxy {
  proxy: RedisProxy;
  behindProxy: RunningServer;
  other: RunningServer;
  keyPrefix: string;
  close(): Promise<void>;
}

export async function startNodesOneBehindProxy(redisUrl: string, prefixName: string): Promise<NodesOneBehindProxy> {
  const opened: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closeOne of opened.reverse()) await closeOne();
  };
  try {
    const proxy = await startRedisProxy(redisUrl);
    opened.push(() => proxy.close());
    const keyPrefix = uniquePrefix(prefixName);
    // Its logs are kept here: a lost answer makes it log the Redis error it meets, as it should.
    const behindProxy = await startTestServer({ redisUrl: proxy.url, keyPrefix, logLines: [] });
    opened.push(() => behindProxy.close());
    const other = await startTestServer({ redisUrl, keyPrefix });
    opened.push(() => other.close());
    return { proxy, behindProxy, other, keyPrefix, close };
  } catch (error) {
    await close();
    throw error;
  }
}
