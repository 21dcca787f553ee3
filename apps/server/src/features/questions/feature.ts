import type { QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";
import type { RoomStore } from "../../core/room-store.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { questionHandlers } from "./handlers.ts";
import { QuestionService } from "./question-service.ts";
import { registerQuestionRoutes } from "./routes.ts";

/** The question bank in the room: the interviewer's list and pushes, and the public tracks and prompts. */
export function createQuestionsFeature({ store, bank, publisher }: { store: RoomStore; bank: QuestionBank; publisher: RoomPublisher }) {
  const questions = new QuestionService({ store, bank });
  return {
    service: questions,
    handlers: questionHandlers({ questions, publisher }),
    routes: (app: FastifyInstance) => registerQuestionRoutes(app, { bank }),
  };
}
