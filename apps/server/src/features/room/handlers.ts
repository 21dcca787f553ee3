import type { QuestionBank } from "@mockloop/questions";
import { isRoomChannel, channels } from "../../transport/channels.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { joined, roomCommand, type DisconnectHook, type HandlerMap, type RoomSocket } from "../../transport/socket-kit.ts";
import type { RoomService } from "./room-service.ts";
import { participantView, roomState, viewOf } from "./views.ts";

interface RoomHandlerDeps {
  rooms: RoomService;
  publisher: RoomPublisher;
  bank: QuestionBank;
}

/** Forgets the room on this connection; a partner request it waits on (its own channel) stays where it is. */
async function leaveRoomChannels(socket: RoomSocket): Promise<void> {
  socket.data = { ...socket.data, roomId: undefined, participantId: undefined };
  for (const channel of socket.rooms) if (isRoomChannel(channel)) await socket.leave(channel);
}

/** Takes a closed or re-joining connection out of its room and tells the room when its person went offline. */
async function detach(socket: RoomSocket, { rooms, publisher }: RoomHandlerDeps): Promise<void> {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) return;
  await leaveRoomChannels(socket);
  const outcome = await rooms.disconnect(roomId, participantId, socket.id);
  if (outcome?.wentOffline) {
    publisher.state(outcome.room);
    await publisher.activity(roomId, "disconnected", outcome.participant);
  }
}

export function roomHandlers(deps: RoomHandlerDeps): HandlerMap<"room:join" | "room:leave" | "round:swap"> {
  const { rooms, publisher, bank } = deps;
  return {
    "room:join": async (socket, payload) => {
      if (socket.data.roomId) await detach(socket, deps);
      const request = "token" in payload ? { token: payload.token } : { name: payload.name, role: payload.role };
      const outcome = await rooms.join(payload.roomId, request, socket.id);
      const view = viewOf(outcome.room, outcome.participant.id);
      socket.data = { ...socket.data, roomId: outcome.room.id, participantId: outcome.participant.id };
      await socket.join([channels.room(outcome.room.id), channels.participant(outcome.participant.id)]);
      publisher.state(outcome.room);
      if (!outcome.resumed) await publisher.activity(outcome.room.id, "joined", outcome.participant, socket);
      else if (outcome.cameOnline) await publisher.activity(outcome.room.id, "reconnected", outcome.participant, socket);
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
      publisher.state(room);
      await publisher.activity(roomId, "left", participant, socket);
      return {};
    },
    "round:swap": roomCommand(publisher, ({ roomId, participantId }) => rooms.swapRoles(roomId, participantId)),
  };
}

export function roomDisconnectHook(deps: RoomHandlerDeps): DisconnectHook {
  return { what: "record a disconnect", run: (socket) => detach(socket, deps) };
}
