import {
  ErrorCode,
  MockloopError,
  clientEvents,
  type Activity,
  type Ack,
  type ClientEventName,
  type ClientEventResult,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { FastifyBaseLogger } from "fastify";
import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import type { RoomRecord } from "../domain/room.ts";
import type { RoomService } from "../domain/room-service.ts";
import type { ScorecardService } from "../domain/scorecard-service.ts";
import type { GroupService } from "../domain/group-service.ts";
import type { QueueSocket } from "./queue-socket.ts";
import type { EndedSegment } from "../domain/timer.ts";
import { participantView, roomState, scorecardView, type RoomViewKind } from "../domain/views.ts";
import { toErrorBody } from "./errors.ts";

/** What a connection knows about itself once joined; the room record stays the authority on roles. */
export interface SocketSession {
  roomId?: string;
  participantId?: string;
  /** The partner request this connection is waiting on, if any. */
  ticket?: { id: string; trackId: string; stageId: string };
}

export type RoomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketSession>;
export type RoomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketSession>;

type Payload<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]["payload"]>;
interface Joined {
  roomId: string;
  participantId: string;
}
/** Events whose ack carries no data: commands. */
type CommandEvent = { [E in ClientEventName]: Record<string, never> extends ClientEventResult<E> ? E : never }[ClientEventName];
type Handler<E extends ClientEventName> = (socket: RoomSocket, payload: Payload<E>) => Promise<ClientEventResult<E>>;

const channels = {
  room: (roomId: string) => `room:${roomId}`,
  /** Every connection (tab) of one participant; room state goes out per participant, in the view of their role now. */
  participant: (participantId: string) => `participant:${participantId}`,
};

export interface SocketTransportDeps {
  io: RoomServer;
  rooms: RoomService;
  scorecards: ScorecardService;
  groups: GroupService;
  queue: QueueSocket;
  bank: QuestionBank;
  now: () => Promise<number>;
  log: FastifyBaseLogger;
}

export interface SocketTransport {
  /** Resolves once every request and disconnect being handled has finished; for a clean shutdown. */
  drain(): Promise<void>;
  /** Tells a room that segments of its timer ended (called on the one node that applied the ends). */
  publishSegmentEnds(room: RoomRecord, ended: readonly EndedSegment[]): void;
}

/** Thin handlers: parse with the protocol schema, check the connection has joined, call the domain, emit. */
export function attachSocketTransport({ io, rooms, scorecards, groups, queue, bank, now, log }: SocketTransportDeps): SocketTransport {
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const viewOf = (room: RoomRecord, participantId: string): RoomViewKind =>
    room.participants.find((participant) => participant.id === participantId)?.role === "interviewer" ? "interviewer" : "participant";

  // Roles change between rounds, so each participant gets the view of the role they hold at this moment.
  const broadcastState = (room: RoomRecord) => {
    const views = { interviewer: roomState(bank, room, "interviewer"), participant: roomState(bank, room, "participant") };
    for (const participant of room.participants) {
      io.to(channels.participant(participant.id)).emit("room:state", views[viewOf(room, participant.id)]);
    }
  };

  /** Tells the room someone came, went or dropped; `origin`, their own connection, is not told about itself. */
  const announce = async (
    roomId: string,
    type: Activity["type"],
    participant: Parameters<typeof participantView>[0],
    origin?: RoomSocket,
  ) => {
    const activity = { type, participant: participantView(participant), at: await now() };
    (origin ? origin.to(channels.room(roomId)) : io.to(channels.room(roomId))).emit("room:activity", activity);
  };

  /** Forgets the room on this connection; a partner request it waits on (its own channel) stays where it is. */
  const leaveRoomChannels = async (socket: RoomSocket) => {
    socket.data = { ...socket.data, roomId: undefined, participantId: undefined };
    for (const channel of socket.rooms) if (channel.startsWith("room:") || channel.startsWith("participant:")) await socket.leave(channel);
  };

  const detach = async (socket: RoomSocket) => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return;
    await leaveRoomChannels(socket);
    const outcome = await rooms.disconnect(roomId, participantId, socket.id);
    if (outcome?.wentOffline) {
      broadcastState(outcome.room);
      await announce(roomId, "disconnected", outcome.participant);
    }
  };

  const joined = (socket: RoomSocket): Joined => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) throw new MockloopError(ErrorCode.NotJoined, "join a room first");
    return { roomId, participantId };
  };

  /** A command that changes the room: run it as the joined participant, then send everyone the new state. */
  const roomCommand =
    <E extends CommandEvent>(run: (who: Joined, payload: Payload<E>) => Promise<RoomRecord>): Handler<E> =>
    async (socket, payload) => {
      broadcastState(await run(joined(socket), payload));
      return {} as ClientEventResult<E>;
    };

  const handlers: { [E in ClientEventName]: Handler<E> } = {
    "room:join": async (socket, payload) => {
      if (socket.data.roomId) await detach(socket);
      const request = "token" in payload ? { token: payload.token } : { name: payload.name, role: payload.role };
      const outcome = await rooms.join(payload.roomId, request, socket.id);
      const view = viewOf(outcome.room, outcome.participant.id);
      socket.data = { ...socket.data, roomId: outcome.room.id, participantId: outcome.participant.id };
      await socket.join([channels.room(outcome.room.id), channels.participant(outcome.participant.id)]);
      broadcastState(outcome.room);
      if (!outcome.resumed) await announce(outcome.room.id, "joined", outcome.participant, socket);
      else if (outcome.cameOnline) await announce(outcome.room.id, "reconnected", outcome.participant, socket);
      return {
        participant: participantView(outcome.participant),
        token: outcome.token,
        resumed: outcome.resumed,
        state: roomState(bank, outcome.room, view),
      };
    },
    "room:leave": async (socket) => {
      const { roomId, participantId } = joined(socket);
      const { room, participant } = await rooms.leave(roomId, participantId);
      await leaveRoomChannels(socket);
      broadcastState(room);
      await announce(roomId, "left", participant, socket);
      return {};
    },
    "questions:list": async (socket) => {
      const { roomId, participantId } = joined(socket);
      return { questions: [...(await rooms.listQuestions(roomId, participantId))] };
    },
    "question:push": roomCommand(({ roomId, participantId }, payload) => rooms.pushQuestion(roomId, participantId, payload.questionId)),
    "round:swap": roomCommand(({ roomId, participantId }) => rooms.swapRoles(roomId, participantId)),
    "group:plan": roomCommand(({ roomId, participantId }, payload) => groups.plan(roomId, participantId, payload.rounds)),
    "group:next": roomCommand(({ roomId, participantId }) => groups.next(roomId, participantId)),
    "group:extra-turn": roomCommand(({ roomId, participantId }, payload) => groups.extraTurn(roomId, participantId, payload.participantId)),
    "group:host": roomCommand(({ roomId, participantId }, payload) => groups.transferHost(roomId, participantId, payload.participantId)),
    "timer:start": roomCommand(({ roomId, participantId }) => rooms.startTimer(roomId, participantId)),
    "timer:pause": roomCommand(({ roomId, participantId }) => rooms.pauseTimer(roomId, participantId)),
    "timer:adjust": roomCommand(({ roomId, participantId }, payload) => rooms.adjustTimer(roomId, participantId, payload.deltaMs)),
    "timer:skip": roomCommand(({ roomId, participantId }) => rooms.skipSegment(roomId, participantId)),
    "timer:reset": roomCommand(({ roomId, participantId }) => rooms.resetTimer(roomId, participantId)),
    "timer:auto-advance": roomCommand(({ roomId, participantId }, payload) => rooms.setAutoAdvance(roomId, participantId, payload.enabled)),
    "scorecard:draft:get": async (socket) => {
      const { roomId, participantId } = joined(socket);
      return scorecards.getDraft(roomId, participantId);
    },
    "scorecard:draft:save": async (socket, payload) => {
      const { roomId, participantId } = joined(socket);
      const draft = await scorecards.saveDraft(roomId, participantId, payload.content, payload.baseVersion);
      // The interviewer's other tabs follow along; nobody else ever receives a draft.
      socket.to(channels.participant(participantId)).emit("scorecard:draft", draft);
      return { version: draft.version, updatedAt: draft.updatedAt ?? 0 };
    },
    "scorecard:submit": async (socket, payload) => {
      const { roomId, participantId } = joined(socket);
      const { room, scorecard, created } = await scorecards.submit(roomId, participantId, payload);
      if (created) broadcastState(room);
      return scorecardView(bank, room, scorecard);
    },
    "observer-notes:get": async (socket) => {
      const { roomId, participantId } = joined(socket);
      return scorecards.getObserverNotes(roomId, participantId);
    },
    "observer-notes:save": async (socket, payload) => {
      const { roomId, participantId } = joined(socket);
      const saved = await scorecards.saveObserverNotes(roomId, participantId, payload.notes, payload.baseVersion);
      socket.to(channels.participant(participantId)).emit("observer-notes:draft", saved);
      return { version: saved.version, updatedAt: saved.updatedAt ?? 0 };
    },
    "observer-notes:share": roomCommand(({ roomId, participantId }, payload) => scorecards.shareObserverNotes(roomId, participantId, payload.requestId)),
    "clock:sync": async (_socket, payload) => ({ clientSentAt: payload.clientSentAt, serverTime: await now() }),
    "queue:join": (socket, payload) => queue.join(socket, payload),
    "queue:leave": (socket) => queue.leave(socket),
  };

  io.on("connection", (socket) => {
    socket.data = {};
    for (const event of Object.keys(clientEvents) as ClientEventName[]) {
      listen(socket, event, handlers[event] as Handler<ClientEventName>, log, track);
    }
    socket.on("disconnect", () => {
      track(detach(socket).catch((error: unknown) => log.error({ err: error, socketId: socket.id }, "failed to record a disconnect")));
      track(queue.onDisconnect(socket).catch((error: unknown) => log.error({ err: error, socketId: socket.id }, "failed to withdraw a queue request")));
    });
  });

  return {
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    publishSegmentEnds: (room, ended) => {
      broadcastState(room);
      for (const segment of ended) {
        io.to(channels.room(room.id)).emit("timer:segment-ended", {
          roomId: room.id,
          segmentIndex: segment.index,
          segmentId: segment.id,
          name: segment.name,
          endedAt: segment.endedAt,
          version: room.timer.version,
          roundOver: segment.index === room.timer.segments.length - 1,
        });
      }
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
