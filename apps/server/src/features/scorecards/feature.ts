import type { QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";
import type { DraftStore } from "../../core/draft-store.ts";
import type { RoomStore } from "../../core/room-store.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { scorecardHandlers } from "./handlers.ts";
import { registerScorecardRoutes, type RoundBoards } from "./routes.ts";
import { ScorecardService } from "./scorecard-service.ts";

/** The interviewer's scorecard (drafts, submit), and the scorecards and debrief over HTTP with their exports. */
export function createScorecardsFeature(deps: { store: RoomStore; drafts: DraftStore; bank: QuestionBank; publisher: RoomPublisher; boards: RoundBoards }) {
  const scorecards = new ScorecardService(deps);
  return {
    service: scorecards,
    handlers: scorecardHandlers({ scorecards, publisher: deps.publisher, bank: deps.bank }),
    routes: (app: FastifyInstance) => registerScorecardRoutes(app, { scorecards, bank: deps.bank, boards: deps.boards }),
  };
}
