import { ErrorCode, MockloopError, debriefToMarkdown, exportQuerySchema, roomParamsSchema, scorecardParamsSchema, scorecardToMarkdown } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";
import { bearerToken, sendJson, sendMarkdown } from "../../transport/http-kit.ts";
import type { ScorecardService } from "./scorecard-service.ts";
import { allScorecards, debriefView, scorecardView } from "./views.ts";

/** Scorecards and the debrief: for anyone holding a participant token of the room, as JSON or Markdown. */
export function registerScorecardRoutes(app: FastifyInstance, { scorecards, bank }: { scorecards: ScorecardService; bank: QuestionBank }): void {
  app.get("/api/rooms/:roomId/scorecards", async (request) => {
    const { roomId } = roomParamsSchema.parse(request.params);
    const { room } = await scorecards.roomForReader(roomId, bearerToken(request));
    return { scorecards: allScorecards(room).map((scorecard) => scorecardView(bank, room, scorecard)) };
  });

  app.get("/api/rooms/:roomId/scorecards/:round", async (request, reply) => {
    const { roomId, round } = scorecardParamsSchema.parse(request.params);
    const { format } = exportQuerySchema.parse(request.query);
    const { room } = await scorecards.roomForReader(roomId, bearerToken(request));
    const record = allScorecards(room).find((scorecard) => scorecard.round === round);
    if (!record) throw new MockloopError(ErrorCode.ScorecardNotSubmitted, `round ${round} has no submitted scorecard`);
    const scorecard = scorecardView(bank, room, record);
    if (format === "json") return sendJson(request, reply, `scorecard-${roomId}-round-${round}.json`, scorecard);
    const scale = bank.findTrack(room.trackId)?.recommendationScale ?? [];
    return sendMarkdown(reply, `scorecard-${roomId}-round-${round}.md`, scorecardToMarkdown(scorecard, scale));
  });

  app.get("/api/rooms/:roomId/debrief", async (request, reply) => {
    const { roomId } = roomParamsSchema.parse(request.params);
    const { format } = exportQuerySchema.parse(request.query);
    const { room } = await scorecards.roomForReader(roomId, bearerToken(request));
    const debrief = debriefView(bank, room);
    if (format === "json") return sendJson(request, reply, `debrief-${roomId}.json`, debrief);
    return sendMarkdown(reply, `debrief-${roomId}.md`, debriefToMarkdown(debrief));
  });
}
