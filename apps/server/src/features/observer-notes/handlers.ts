import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { joined, roomCommand, type HandlerMap } from "../../transport/socket-kit.ts";
import type { ObserverNotesService } from "./observer-notes-service.ts";

type ObserverNotesEvent = "observer-notes:get" | "observer-notes:save" | "observer-notes:share";

export function observerNotesHandlers({ notes, publisher }: { notes: ObserverNotesService; publisher: RoomPublisher }): HandlerMap<ObserverNotesEvent> {
  return {
    "observer-notes:get": async (socket) => {
      const { roomId, participantId } = joined(socket);
      return notes.get(roomId, participantId);
    },
    "observer-notes:save": async (socket, payload) => {
      const { roomId, participantId } = joined(socket);
      const saved = await notes.save(roomId, participantId, payload.notes, payload.baseVersion);
      // The observer's other tabs follow along; nobody else ever receives the notes before they are shared. The
      // answer does not wait for them to be told: the notes are saved, and a tab that missed this learns the
      // latest on its next save (a version conflict answers it).
      void publisher.toOtherTabs(socket, participantId, "observer-notes:draft", saved);
      return { version: saved.version, updatedAt: saved.updatedAt ?? 0 };
    },
    "observer-notes:share": roomCommand(publisher, ({ roomId, participantId }, payload) => notes.share(roomId, participantId, payload.requestId)),
  };
}
