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
import type { RoomUpdate } from "../core/room-store.ts";
import { throttledErrors } from "../logging.ts";
import { toErrorBody } from "./errors.ts";
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

/** A command that changes the room: run it as the joined participant, then announce the change. */
export function roomCommand<E extends CommandEvent>(publisher: RoomPublisher, run: (who: Joined, payload: Payload<E>) => Promise<RoomUpdate<unknown>>): Handler<E> {
  return async (socket, payload) => {
    await publisher.changed(await run(joined(socket), payload));
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
}

export interface SocketTransport {
  /** Resolves once every request and disconnect being handled has finished; for a clean shutdown. */
  drain(): Promise<void>;
}

/** Thin transport: parse with the protocol schema, call the feature's handler, ack. */
export function attachSocketTransport({ io, table, onDisconnect, log }: SocketTransportDeps): SocketTransport {
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  // During an outage every closing connection fails the same way: say so once a minute, not once per connection.
  const reportDisconnectFailure = throttledErrors(log);
  io.on("connection", (socket) => {
    socket.data = {};
    for (const event of Object.keys(clientEvents) as ClientEventName[]) {
      listen(socket, event, table[event] as Handler<ClientEventName>, log, track);
    }
    socket.on("disconnect", () => {
      for (const hook of onDisconnect) {
        track(hook.run(socket).catch(reportDisconnectFailure(`failed to ${hook.what}`)));
      }
    });
  });

  return {
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

function listen<E extends ClientEventName>(
  socket: RoomSocket,
  event: E,
  handler: Handler<E>,
  log: FastifyBaseLogger,
  track: (work: Promise<unknown>) => void,
): void {
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
    const parsed = clientEvents[event].payload.safeParse(raw ?? {});
    if (!parsed.success) {
      ack({ ok: false, error: toErrorBody(parsed.error).body });
      return;
    }
    const work = handler(socket, parsed.data as Payload<E>).then(
      (data) => ack({ ok: true, data }),
      (error: unknown) => {
        const { body, expected } = toErrorBody(error);
        if (!expected) log.error({ err: error, event, socketId: socket.id }, "socket handler failed");
        ack({ ok: false, error: body });
      },
    );
    track(work);
  });
}
