import { channels } from "../../transport/channels.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { joined, type HandlerMap } from "../../transport/socket-kit.ts";
import type { BoardService } from "./board-service.ts";

type BoardEvent = "board:get" | "board:update" | "board:pointer" | "board:observers";

export function boardHandlers({ boards, publisher }: { boards: BoardService; publisher: RoomPublisher }): HandlerMap<BoardEvent> {
  return {
    "board:get": async (socket) => {
      const { roomId, participantId } = joined(socket);
      return boards.scene(roomId, participantId);
    },
    "board:update": async (socket, payload) => {
      const { roomId, participantId } = joined(socket);
      const { stored, held } = await boards.update(roomId, participantId, payload.round, payload.elements);
      // The sender has these already; everyone else (the sender's other tabs too) merges what the store kept.
      const passOn = [...stored, ...held];
      if (passOn.length > 0) socket.to(channels.room(roomId)).emit("board:changed", { round: payload.round, elements: passOn });
      return { stored: stored.length };
    },
    "board:pointer": async (socket, payload) => {
      const { participantId, roomId } = joined(socket);
      // Live only: never stored, and dropped rather than queued when a connection is behind.
      socket.volatile.to(channels.room(roomId)).emit("board:pointer", { participantId, ...payload });
      return {};
    },
    "board:observers": async (socket, payload) => {
      const { roomId, participantId } = joined(socket);
      await boards.setObserversMayDraw(roomId, participantId, payload.mayDraw);
      await publisher.toRoom(roomId, "board:settings", { observersMayDraw: payload.mayDraw });
      return {};
    },
  };
}
