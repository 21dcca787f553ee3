import { joined, type DisconnectHook, type HandlerMap, type RoomSocket } from "../../transport/socket-kit.ts";
import type { CallService } from "./call-service.ts";
import type { SignalRelay } from "./signal-relay.ts";

type CallEvent = "call:ice-servers" | "call:announce" | "call:leave" | "call:signal";

interface CallHandlerDeps {
  calls: CallService;
  relay: SignalRelay;
}

/** A connection's stay in the call, kept in this node's memory only, to tell the room when the connection closes. */
interface InCall {
  roomId: string;
  participantId: string;
  session: string;
}

/**
 * The call's signalling: thin relays. Each event is rate-limited like every event (the "live" class, in the
 * transport kit) and checked against the room
 * record; offers, answers and candidates go to the target participant's channel (on whichever node) through
 * the call's own relay, and are never stored.
 */
export function createCallHandlers({ calls, relay }: CallHandlerDeps): { handlers: HandlerMap<CallEvent>; onDisconnect: DisconnectHook } {
  const inCall = new WeakMap<RoomSocket, InCall>();

  const handlers: HandlerMap<CallEvent> = {
    "call:ice-servers": async (socket) => {
      const { roomId, participantId } = joined(socket);
      return calls.iceConfig(roomId, participantId);
    },
    "call:announce": async (socket, { session, media, greet, to }) => {
      const { roomId, participantId } = joined(socket);
      const peer = { from: participantId, session, media, greet };
      if (to) {
        await calls.checkRelay(roomId, participantId, to);
        await relay.toParticipant(to, "call:peer", peer);
      } else {
        await calls.checkMember(roomId, participantId);
        await relay.toRoom(roomId, "call:peer", peer);
      }
      // Closed while announcing: its close found it not yet in the call, so the room is told it dropped now.
      if (socket.disconnected) await relay.toRoom(roomId, "call:left", { from: participantId, session, dropped: true });
      else inCall.set(socket, { roomId, participantId, session });
      return {};
    },
    "call:leave": async (socket, { session }) => {
      const { roomId, participantId } = joined(socket);
      inCall.delete(socket);
      await relay.toRoom(roomId, "call:left", { from: participantId, session, dropped: false });
      return {};
    },
    "call:signal": async (socket, { to, toSession, fromSession, signal }) => {
      const { roomId, participantId } = joined(socket);
      await calls.checkRelay(roomId, participantId, to);
      await relay.toParticipant(to, "call:signal", { from: participantId, fromSession, toSession, signal });
      return {};
    },
  };

  const onDisconnect: DisconnectHook = {
    what: "tell the call someone dropped",
    run: async (socket) => {
      const stay = inCall.get(socket);
      if (!stay) return;
      inCall.delete(socket);
      await relay.toRoom(stay.roomId, "call:left", { from: stay.participantId, session: stay.session, dropped: true });
    },
  };
  return { handlers, onDisconnect };
}
