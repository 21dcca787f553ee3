import {
  ErrorCode,
  MockloopError,
  clientEvents,
  type Ack,
  type ClientEventName,
  type ClientEventResult,
} from "@mockloop/protocol";
import type { FastifyBaseLogger } from "fastify";
import type { z } from "zod";
import type { RoomRecord } from "../core/room-record.ts";
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

/** Events whose ack carries no data: commands. */
type CommandEvent = { [E in ClientEventName]: Record<string, never> extends ClientEventResult<E> ? E : never }[ClientEventName];

/** A command that changes the room: run it as the joined participant, then send everyone the new state. */
export function roomCommand<E extends CommandEvent>(publisher: RoomPublisher, run: (who: Joined, payload: Payload<E>) => Promise<RoomRecord>): Handler<E> {
  return async (socket, payload) => {
    publisher.state(await run(joined(socket), payload));
    return {} as ClientEventResult<E>;
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
}

export interface SocketTransport {
  /** Resolves once every request and disconnect being handled has finished; for a clean shutdown. */
  drain(): Promise<void>;
}

/** Thin transport: count against the limits, parse with the protocol schema, call the feature's handler, ack. */
export function attachSocketTransport({ io, table, onDisconnect, log, limits }: SocketTransportDeps): SocketTransport {
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  io.on("connection", (socket) => {
    socket.data = {};
    for (const event of Object.keys(clientEvents) as ClientEventName[]) {
      listen(socket, event, table[event] as Handler<ClientEventName>, { log, track, limits });
    }
    socket.on("disconnect", () => {
      for (const hook of onDisconnect) {
        track(hook.run(socket).catch((error: unknown) => log.error({ err: error, socketId: socket.id }, `failed to ${hook.what}`)));
      }
    });
  });

  return {
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

interface ListenContext {
  log: FastifyBaseLogger;
  track: (work: Promise<unknown>) => void;
  limits: Pick<Limits, "checkEvent">;
}

function listen<E extends ClientEventName>(socket: RoomSocket, event: E, handler: Handler<E>, { log, track, limits }: ListenContext): void {
  // Registered untyped on purpose: the payload is unknown until the schema has parsed it.
  const target = socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void };
  target.on(event, (...args: unknown[]) => {
    const last = args.at(-1);
    const ack = typeof last === "function" ? (last as (response: Ack<ClientEventResult<E>>) => void) : undefined;
    if (!ack) {
      log.warn({ event, socketId: socket.id }, "event without an ack callback ignored; every request must carry one");
      return;
    }
    const raw = args.length > 1 ? args[0] : undefined;
    track(answer(socket, event, raw, handler, ack, { log, limits }));
  });
}

/** One request: the limits first (a flood costs no parsing), then the schema, then the feature's handler. */
async function answer<E extends ClientEventName>(
  socket: RoomSocket,
  event: E,
  raw: unknown,
  handler: Handler<E>,
  ack: (response: Ack<ClientEventResult<E>>) => void,
  { log, limits }: Omit<ListenContext, "track">,
): Promise<void> {
  const refusal = await limits.checkEvent(socket, event);
  if (refusal) return ack({ ok: false, error: refusal });
  const parsed = clientEvents[event].payload.safeParse(raw ?? {});
  if (!parsed.success) return ack({ ok: false, error: toErrorBody(parsed.error).body });
  let data: ClientEventResult<E>;
  try {
    data = await handler(socket, parsed.data as Payload<E>);
  } catch (error) {
    const { body, expected } = toErrorBody(error);
    if (!expected) log.error({ err: error, event, socketId: socket.id }, "socket handler failed");
    return ack({ ok: false, error: body });
  }
  ack({ ok: true, data });
}
