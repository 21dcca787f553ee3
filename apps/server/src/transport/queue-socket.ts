import { ErrorCode, MockloopError, type JoinQueueResult, type QueueStatus } from "@mockloop/protocol";
import type { z } from "zod";
import type { joinQueuePayloadSchema } from "@mockloop/protocol";
import type { MatchmakingService } from "../domain/matchmaking-service.ts";
import type { QueueTicket } from "../domain/matchmaking.ts";
import type { RoomServer, RoomSocket } from "./socket.ts";

const ticketChannel = (ticketId: string) => `ticket:${ticketId}`;

export interface QueueSocketDeps {
  io: RoomServer;
  matchmaking: MatchmakingService;
  /** Queue requests one connection may make per minute. */
  joinsPerMinute: number;
}

/**
 * The partner queue over Socket.IO. A connection holds at most one request; a new request replaces it, and
 * closing the connection withdraws it. Matches and places in line reach people through a channel per ticket,
 * so they arrive whichever node their connection is on.
 */
export function createQueueSocket({ io, matchmaking, joinsPerMinute }: QueueSocketDeps) {
  const recentJoins = new WeakMap<RoomSocket, number[]>();

  const publishStatuses = async (trackId: string, stageId: string): Promise<QueueStatus[]> => {
    const statuses = await matchmaking.statuses(trackId, stageId);
    for (const status of statuses) io.to(ticketChannel(status.ticketId)).emit("queue:status", status);
    return statuses;
  };

  const withdraw = async (socket: RoomSocket) => {
    const ticket = socket.data.ticket;
    if (!ticket) return;
    socket.data.ticket = undefined;
    await socket.leave(ticketChannel(ticket.id));
    if (await matchmaking.leave(ticket.id)) await publishStatuses(ticket.trackId, ticket.stageId);
  };

  const rateLimit = (socket: RoomSocket) => {
    const now = Date.now();
    const recent = (recentJoins.get(socket) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= joinsPerMinute) {
      throw new MockloopError(ErrorCode.RateLimited, `at most ${joinsPerMinute} partner requests a minute; wait a little`);
    }
    recentJoins.set(socket, [...recent, now]);
  };

  return {
    join: async (socket: RoomSocket, payload: z.infer<typeof joinQueuePayloadSchema>): Promise<JoinQueueResult> => {
      rateLimit(socket);
      await withdraw(socket);
      const outcome = await matchmaking.join(payload);
      if (outcome.state === "matched") {
        const [mine, theirs] = outcome.matches;
        io.to(ticketChannel(theirs.ticketId)).emit("queue:matched", theirs);
        await publishStatuses(payload.trackId, payload.stageId);
        return { state: "matched", match: mine };
      }
      const { ticket } = outcome;
      socket.data.ticket = { id: ticket.id, trackId: ticket.trackId, stageId: ticket.stageId };
      await socket.join(ticketChannel(ticket.id));
      const own = (await publishStatuses(ticket.trackId, ticket.stageId)).find((status) => status.ticketId === ticket.id);
      // Matched by someone else in the instant since: that match reaches this socket as an event.
      return { state: "waiting", status: own ?? { ticketId: ticket.id, position: 1, waiting: 1 } };
    },
    leave: async (socket: RoomSocket) => {
      await withdraw(socket);
      return {};
    },
    onDisconnect: (socket: RoomSocket) => withdraw(socket),
    /** Tells people whose requests expired, and the rest of their line where they now stand. */
    publishExpired: async (expired: readonly QueueTicket[], now: number) => {
      const stages = new Map<string, QueueTicket>();
      for (const ticket of expired) {
        io.to(ticketChannel(ticket.id)).emit("queue:expired", { ticketId: ticket.id, waitedMs: Math.max(0, now - ticket.enqueuedAt) });
        stages.set(`${ticket.trackId}/${ticket.stageId}`, ticket);
      }
      for (const ticket of stages.values()) await publishStatuses(ticket.trackId, ticket.stageId);
    },
  };
}

export type QueueSocket = ReturnType<typeof createQueueSocket>;
