import { ErrorCode, MockloopError } from "@mockloop/protocol";
import { channels } from "../../transport/channels.ts";
import type { DisconnectHook, HandlerMap, RoomServer, RoomSocket } from "../../transport/socket-kit.ts";
import { withRetries, type RetryOptions } from "../../core/retry.ts";
import type { MatchmakingService, QueueOutcome } from "./matchmaking-service.ts";
import type { QueueTicket } from "./port.ts";
import { SharedLineReads } from "./line-reads.ts";
import { StatusCoalescer } from "./status-coalescer.ts";

const ticketChannel = channels.ticket;

/** A closed connection's request is withdrawn over about 4 s of a store out of reach before it is left to expire. */
const WITHDRAW_ON_CLOSE_RETRIES: RetryOptions = { attempts: 5, firstRetryMs: 250 };

export interface QueueHandlerDeps {
  io: RoomServer;
  matchmaking: MatchmakingService;
  /** A place in line that changed is sent at most this often to each request (from this node). */
  statusIntervalMs: number;
  onError: (error: unknown) => void;
}

/**
 * The partner queue over Socket.IO. A connection holds at most one request; a new request replaces it, and
 * closing the connection withdraws it. Matches and places in line reach people through a channel per ticket,
 * so they arrive whichever node their connection is on.
 */
export function createQueueHandlers({ io, matchmaking, statusIntervalMs, onError }: QueueHandlerDeps): {
  handlers: HandlerMap<"queue:join" | "queue:leave">;
  onDisconnect: DisconnectHook;
  publishExpired(expired: readonly QueueTicket[], now: number): Promise<void>;
  stop(): void;
} {
  const lines = new SharedLineReads((trackId, stageId) => matchmaking.statuses(trackId, stageId));
  const statuses = new StatusCoalescer({
    intervalMs: statusIntervalMs,
    publish: async (trackId, stageId, known) => {
      for (const status of known ?? (await lines.read(trackId, stageId))) io.to(ticketChannel(status.ticketId)).emit("queue:status", status);
    },
    onError,
  });

  const withdraw = async (socket: RoomSocket, retryOptions?: RetryOptions) => {
    const ticket = socket.data.ticket;
    if (!ticket) return;
    const leave = () => matchmaking.leave(ticket.id);
    const left = await (retryOptions ? withRetries(leave, retryOptions) : leave());
    // Forgotten once the store has answered: a withdrawal it did not answer is tried again with the next request.
    if (socket.data.ticket === ticket) socket.data.ticket = undefined;
    await socket.leave(ticketChannel(ticket.id));
    if (left) statuses.changed(ticket.trackId, ticket.stageId);
  };

  const handlers: HandlerMap<"queue:join" | "queue:leave"> = {
    // How many requests a connection, participant or address may make is the transport's limit ("queue" class).
    "queue:join": async (socket, payload) => {
      await withdraw(socket);
      const ticketId = matchmaking.newTicketId();
      let outcome: QueueOutcome;
      try {
        outcome = await matchmaking.join(payload, ticketId);
      } catch (error) {
        // Unless refused, the store may have put the request in line and lost its answer (STORE_UNAVAILABLE): it
        // stays this connection's to withdraw, when it asks again or closes, so that nobody is paired with a
        // request whose owner was told it failed. (Withdrawing one that never got in line finds nothing.)
        if (!(error instanceof MockloopError) || error.code === ErrorCode.StoreUnavailable) {
          socket.data.ticket = { id: ticketId, trackId: payload.trackId, stageId: payload.stageId };
          // Paired meanwhile (it was in line after all): the match reaches this connection as for any request.
          await socket.join(ticketChannel(ticketId));
        }
        throw error;
      }
      if (outcome.state === "matched") {
        const [mine, theirs] = outcome.matches;
        io.to(ticketChannel(theirs.ticketId)).emit("queue:matched", theirs);
        statuses.changed(payload.trackId, payload.stageId);
        return { state: "matched", match: mine };
      }
      const { ticket } = outcome;
      socket.data.ticket = { id: ticket.id, trackId: ticket.trackId, stageId: ticket.stageId };
      await socket.join(ticketChannel(ticket.id));
      const line = await lines.read(ticket.trackId, ticket.stageId);
      statuses.changed(ticket.trackId, ticket.stageId, line);
      const own = line.find((status) => status.ticketId === ticket.id);
      // Matched by someone else in the instant since: that match reaches this socket as an event.
      return { state: "waiting", status: own ?? { ticketId: ticket.id, position: 1, waiting: 1 } };
    },
    "queue:leave": async (socket) => {
      await withdraw(socket);
      return {};
    },
  };

  return {
    handlers,
    // Closed while the store blinks: its request must still leave the line, or someone would be paired with nobody.
    onDisconnect: { what: "withdraw a queue request", run: (socket) => withdraw(socket, WITHDRAW_ON_CLOSE_RETRIES) },
    /** Tells people whose requests expired, and the rest of their line where they now stand. */
    publishExpired: async (expired: readonly QueueTicket[], now: number) => {
      const stages = new Map<string, QueueTicket>();
      for (const ticket of expired) {
        io.to(ticketChannel(ticket.id)).emit("queue:expired", { ticketId: ticket.id, waitedMs: Math.max(0, now - ticket.enqueuedAt) });
        stages.set(`${ticket.trackId}/${ticket.stageId}`, ticket);
      }
      for (const ticket of stages.values()) statuses.changed(ticket.trackId, ticket.stageId);
    },
    stop: () => statuses.stop(),
  };
}
