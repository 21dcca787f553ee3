import pLimit from "p-limit";
import {
  ErrorCode,
  MockloopError,
  clientEvents,
  connectionAuthSchema,
  type Ack,
  type ClientEventName,
  type ClientEventResult,
  type RoomCommandResult,
} from "@mockloop/protocol";
import type { FastifyBaseLogger } from "fastify";
import type { z } from "zod";
import { AlreadyApplied, type RoomUpdate } from "../core/room-store.ts";
import { throttledErrors, WarningThrottle } from "../logging.ts";
import { toErrorBody } from "./errors.ts";
import type { Limits } from "./rate-limits.ts";
import type { RoomPublisher } from "./room-publisher.ts";
import type { RoomServer, RoomSocket } from "./socket-types.ts";

export type { RoomServer, RoomSocket, SocketSession } from "./socket-types.ts";

export type Payload<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]["payload"]>;
export type Handler<E extends ClientEventName> = (socket: RoomSocket, payload: Payload<E>) => Promise<ClientEventResult<E>>;
/** Some events' handlers: what one feature registers. */
export type HandlerMap<E extends ClientEventName = ClientEventName> = { [K in E]: Handler<K> };
/** Every client event's handler: the one event table. */
export type EventTable = HandlerMap<ClientEventName>;

/** The connection's room and participant, once it has joined. */
export interface Joined {
  roomId: string;
  participantId: string;
}

export function joined(socket: RoomSocket): Joined {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) throw new MockloopError(ErrorCode.NotJoined, "join a room first");
  return { roomId, participantId };
}

/** Events answered with the room's change as the asker sees it: commands that change the room. */
type CommandEvent = { [E in ClientEventName]: ClientEventResult<E> extends RoomCommandResult ? (RoomCommandResult extends ClientEventResult<E> ? E : never) : never }[ClientEventName];

/**
 * A command that changes the room: run it as the joined participant, then announce the change to everyone but
 * the asking connection, whose answer carries its patch: one message to it instead of a patch and an answer.
 * A client that did not say it applies such patches (`connectionAuthSchema`) is sent its patch as everyone is.
 * A command sent again with a request id the room has applied (`applyOnce`) is answered `{}`: its change went
 * out the first time, and the typed client reads the room for it.
 */
export function roomCommand<E extends CommandEvent>(publisher: RoomPublisher, run: (who: Joined, payload: Payload<E>) => Promise<RoomUpdate<unknown>>): Handler<E> {
  return async (socket, payload) => {
    let update: RoomUpdate<unknown>;
    try {
      update = await run(joined(socket), payload);
    } catch (error) {
      // Sent again after its answer was lost: done the first time, and its change went out then.
      if (error instanceof AlreadyApplied) return {} as ClientEventResult<E>;
      throw error;
    }
    const patch = await publisher.changed(update, socket.data.answersCarryPatches ? socket : undefined);
    const result: RoomCommandResult = patch ? { patch } : {};
    return result as ClientEventResult<E>;
  };
}

/**
 * Joins the features' handler maps into the one event table. Every client event must have exactly one
 * handler: a missing or doubled one fails at start-up, not at the first request.
 */
export function createEventTable(...parts: Partial<EventTable>[]): EventTable {
  const table: Partial<Record<ClientEventName, unknown>> = {};
  for (const part of parts) {
    for (const [event, handler] of Object.entries(part) as [ClientEventName, unknown][]) {
      if (table[event]) throw new Error(`two features handle ${event}`);
      table[event] = handler;
    }
  }
  const missing = (Object.keys(clientEvents) as ClientEventName[]).filter((event) => !table[event]);
  if (missing.length > 0) throw new Error(`no feature handles ${missing.join(", ")}`);
  return table as EventTable;
}

export interface DisconnectHook {
  what: string;
  run(socket: RoomSocket): Promise<void>;
}

export interface SocketTransportDeps {
  io: RoomServer;
  table: EventTable;
  /** Run for every closed connection; `what` names it in the log when it fails ("record a disconnect"). */
  onDisconnect: readonly DisconnectHook[];
  log: FastifyBaseLogger;
  /** Every event is counted against its class's limits before it is parsed or handled. */
  limits: Pick<Limits, "checkEvent">;
  /** Sees every request before anything else, and may wrap its ack (the last argument): the metrics. */
  observeRequest?: (event: unknown, args: unknown[]) => void;
  /** How many closed connections are being recorded at once, at most (`DISCONNECTS_AT_ONCE` by default). */
  disconnectsAtOnce?: number;
}

export interface SocketTransport {
  /** Resolves once every request and disconnect being handled has finished; for a clean shutdown. */
  drain(): Promise<void>;
}

/**
 * When thousands of connections close together (their network dropped, a balancer moved them), recording each
 * is a few store commands: all issued at once, the last of them waited behind the rest for longer than a store
 * command may take, and failed to be retried later. A few dozen at a time keep each one's wait short.
 */
const DISCONNECTS_AT_ONCE = 32;

/** How often a connection may cause a warning in the log, after its first. */
const WARNING_INTERVAL_MS = 60_000;

/** Thin transport: count against the limits, parse with the protocol schema, call the feature's handler, ack. */
export function attachSocketTransport({ io, table, onDisconnect, log, limits, observeRequest, disconnectsAtOnce = DISCONNECTS_AT_ONCE }: SocketTransportDeps): SocketTransport {
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  // A client can send unanswerable events as fast as it likes; what they cost is a line in the log, throttled.
  const warnings = new WarningThrottle<RoomSocket>(WARNING_INTERVAL_MS, Date.now, new WeakMap());
  const warn = (socket: RoomSocket, event: string, message: string) => {
    const admitted = warnings.admit(socket);
    if (!admitted) return;
    const suppressed = admitted.suppressed > 0 ? { suppressed: admitted.suppressed } : {};
    log.warn({ event: shortName(event), socketId: socket.id, ...suppressed }, `${message} (warnings about this connection: at most one a minute)`);
  };
  const context: ReceiveContext = { log, track, limits, warn };

  // During an outage every closing connection fails the same way: say so once a minute, not once per connection.
  const reportDisconnectFailure = throttledErrors(log);
  const recordingDisconnect = pLimit(disconnectsAtOnce);
  // One listener for every event of every connection (each finds its socket as `this`): a listener per event
  // per connection would cost every open connection a couple of kilobytes.
  const byName = new Map<string, (this: RoomSocket, ...args: unknown[]) => void>(
    (Object.keys(clientEvents) as ClientEventName[]).map((event) => [event, listen(event, table[event] as Handler<ClientEventName>, context)]),
  );
  function dispatch(this: RoomSocket, event: unknown, ...args: unknown[]): void {
    observeRequest?.(event, args);
    const listener = typeof event === "string" ? byName.get(event) : undefined;
    if (listener) return listener.apply(this, args);
    // Names that are no event: answered BAD_REQUEST (after counting them), never left without an answer.
    const name = String(event);
    receive(this, name, args, context, async () => ({
      ok: false,
      error: { code: ErrorCode.BadRequest, message: `there is no event named ${JSON.stringify(shortName(name))}` },
    }));
  }
  io.on("connection", (socket) => {
    // Anything else (an older client, a malformed handshake) is a client sent its own changes' patches as before.
    socket.data = { answersCarryPatches: connectionAuthSchema.safeParse(socket.handshake.auth).data?.answersCarryPatches === true };
    socket.onAny(dispatch);
    socket.on("disconnect", () => {
      const suppressed = warnings.flush(socket);
      if (suppressed > 0) log.warn({ socketId: socket.id, suppressed }, "warnings left out for this connection, now closed");
      for (const hook of onDisconnect) {
        track(recordingDisconnect(() => hook.run(socket)).catch(reportDisconnectFailure(`failed to ${hook.what}`)));
      }
    });
  });

  return {
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** An event name as logged or quoted back: a client chooses it, so it is cut short. */
function shortName(event: string): string {
  return event.length > 64 ? `${event.slice(0, 64)}…` : event;
}

interface ReceiveContext {
  log: FastifyBaseLogger;
  track: (work: Promise<unknown>) => void;
  limits: Pick<Limits, "checkEvent">;
  warn: (socket: RoomSocket, event: string, message: string) => void;
}

/** The listener of one event for every connection, which it finds as `this`; untyped on purpose: the payload is unknown until the schema has parsed it. */
function listen<E extends ClientEventName>(event: E, handler: Handler<E>, context: ReceiveContext): (this: RoomSocket, ...args: unknown[]) => void {
  return function (this: RoomSocket, ...args: unknown[]) {
    receive(this, event, args, context, (raw) => handle(this, event, raw, handler, context.log));
  };
}

/**
 * One request: without an ack callback it cannot be answered (a throttled warning); otherwise it is counted
 * against its class's limits first (a flood costs no parsing), then answered by `respond`.
 */
function receive(socket: RoomSocket, event: string, args: unknown[], context: ReceiveContext, respond: (raw: unknown) => Promise<Ack<unknown>>): void {
  const last = args.at(-1);
  if (typeof last !== "function") {
    context.warn(socket, event, "event without an ack callback ignored; every request must carry one");
    return;
  }
  const ack = last as (response: Ack<unknown>) => void;
  const raw = args.length > 1 ? args[0] : undefined;
  context.track(
    (async () => {
      const refusal = await context.limits.checkEvent(socket, event);
      ack(refusal ? { ok: false, error: refusal } : await respond(raw));
    })(),
  );
}

/** Parses the payload with the event's schema and runs the feature's handler; bad input is BAD_REQUEST. */
async function handle<E extends ClientEventName>(socket: RoomSocket, event: E, raw: unknown, handler: Handler<E>, log: FastifyBaseLogger): Promise<Ack<ClientEventResult<E>>> {
  const parsed = clientEvents[event].payload.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: toErrorBody(parsed.error).body };
  try {
    return { ok: true, data: await handler(socket, parsed.data as Payload<E>) };
  } catch (error) {
    const { body, expected } = toErrorBody(error);
    if (!expected) log.error({ err: error, event, socketId: socket.id }, "socket handler failed");
    return { ok: false, error: body };
  }
}
