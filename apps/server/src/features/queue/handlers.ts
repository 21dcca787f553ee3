import type { JoinQueuePayload, JoinQueueResult, PartnerRequest, QueueMatched } from "@mockloop/protocol";
import { channels } from "../../transport/channels.ts";
import type { DisconnectHook, HandlerMap, RoomServer, RoomSocket } from "../../transport/socket-kit.ts";
import { withRetries, type RetryOptions } from "../../core/retry.ts";
import { mayHaveBeenApplied } from "../../core/store-outcome.ts";
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
  reinstateWaiting(): Promise<void>;
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

  // Each connection's queue work runs one step at a time: a request replaces the last one and a close withdraws
  // whatever the last one left, so each must start once the one before it has settled (a close that came while
  // a request was on its way to the store would otherwise find nothing to withdraw, and leave it in line; one
  // that came before the request was even handled is seen by the request itself).
  const turns = new WeakMap<RoomSocket, Promise<unknown>>();
  const inTurn = <T>(socket: RoomSocket, work: () => Promise<T>): Promise<T> => {
    const turn = (turns.get(socket) ?? Promise.resolve()).catch(() => undefined).then(work);
    turns.set(socket, turn);
    return turn;
  };

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
    "queue:join": (socket, payload) =>
      inTurn(socket, async () => {
        try {
          return await join(socket, payload);
        } finally {
          // Closed before its request was handled (the close's own withdrawal ran first and found nothing): now.
          if (socket.disconnected) await withdraw(socket, WITHDRAW_ON_CLOSE_RETRIES);
        }
      }),
    "queue:leave": (socket) =>
      inTurn(socket, async () => {
        await withdraw(socket);
        return {};
      }),
  };

  async function join(socket: RoomSocket, { replaces, ...payload }: JoinQueuePayload & PartnerRequest): Promise<JoinQueueResult> {
    await withdraw(socket);
    // Asked again from a new connection after the last one dropped: paired meanwhile, the match sent to the old
    // connection never reached it; else its node withdrew the old request on the way out, unless it died first.
    // (A ticket id is known to its owner alone.)
    if (replaces !== undefined) {
      const missed = await matchmaking.matchOf(replaces);
      if (missed) return { state: "matched", match: missed };
      const replaced = await matchmaking.leave(replaces);
      if (replaced) statuses.changed(replaced.trackId, replaced.stageId);
    }
    const asked = { id: matchmaking.newTicketId(), ...payload };
    let outcome: QueueOutcome;
    try {
      outcome = await matchmaking.join(payload, asked.id);
    } catch (error) {
      // Unless refused, the store may have put the request in line and lost its answer (STORE_UNAVAILABLE): it
      // stays this connection's to withdraw, when it asks again or closes, so that nobody is paired with a
      // request whose owner was told it failed. (Withdrawing one that never got in line finds nothing.)
      if (mayHaveBeenApplied(error)) {
        socket.data.ticket = asked;
        // Paired meanwhile (it was in line after all): the match reaches this connection as for any request.
        await socket.join(ticketChannel(asked.id));
      }
      throw error;
    }
    if (outcome.state === "matched") {
      const [mine, theirs] = outcome.matches;
      if (socket.disconnected) {
        // Gone while it was being paired: withdrawn on its way out, which puts the partner back in line, rather
        // than the partner being sent into a room nobody else will enter.
        socket.data.ticket = asked;
        return { state: "matched", match: mine };
      }
      await tellPartner(theirs);
      statuses.changed(payload.trackId, payload.stageId);
      return { state: "matched", match: mine };
    }
    socket.data.ticket = asked;
    await socket.join(ticketChannel(asked.id));
    const line = await lines.read(asked.trackId, asked.stageId);
    statuses.changed(asked.trackId, asked.stageId, line);
    const own = line.find((status) => status.ticketId === asked.id);
    // Matched by someone else in the instant since: that match reaches this socket as an event.
    return { state: "waiting", status: own ?? { ticketId: asked.id, position: 1, waiting: 1 } };
  }

  /** Tells the partner a newcomer was paired with, wherever their connection is. */
  async function tellPartner(theirs: QueueMatched): Promise<void> {
    io.to(ticketChannel(theirs.ticketId)).emit("queue:matched", theirs);
    // Their connection may be gone (dropped, or its node died); they then ask again with their ticket.
    await matchmaking.keepMatch(theirs).catch(onError);
  }

  /**
   * Puts back in line, as they were asked and under their own tickets, this node's waiting requests that the
   * store took out while it took this node for stopped (its Redis out of reach for a while).
   */
  async function reinstateWaiting(): Promise<void> {
    const waiting = [...io.of("/").sockets.values()].filter((socket) => socket.data.ticket !== undefined);
    await Promise.all(
      waiting.map((socket) =>
        inTurn(socket, async () => {
          const ticket = socket.data.ticket;
          if (!ticket || socket.disconnected) return;
          const { id, ...request } = ticket;
          const outcome = await matchmaking.putBack(request, id);
          if (!outcome) return;
          statuses.changed(ticket.trackId, ticket.stageId);
          if (outcome.state === "waiting") return;
          const [mine, theirs] = outcome.matches;
          socket.data.ticket = undefined;
          socket.emit("queue:matched", mine);
          await tellPartner(theirs);
        }),
      ),
    );
  }

  return {
    handlers,
    reinstateWaiting,
    // Closed while the store blinks: its request must still leave the line, or someone would be paired with nobody.
    onDisconnect: { what: "withdraw a queue request", run: (socket) => inTurn(socket, () => withdraw(socket, WITHDRAW_ON_CLOSE_RETRIES)) },
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
