import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { joined, roomCommand, type HandlerMap } from "../../transport/socket-kit.ts";
import type { QuestionService } from "./question-service.ts";

export function questionHandlers({ questions, publisher }: { questions: QuestionService; publisher: RoomPublisher }): HandlerMap<"questions:list" | "question:push"> {
  return {
    "questions:list": async (socket) => {
      const { roomId, participantId } = joined(socket);
      return { questions: [...(await questions.list(roomId, participantId))] };
    },
    "question:push": roomCommand(publisher, ({ roomId, participantId }, payload) => questions.push(roomId, participantId, payload.questionId, payload.requestId)),
  };
}
