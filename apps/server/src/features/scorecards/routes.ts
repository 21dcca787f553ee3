import { ErrorCode, MockloopError, boardDownloadPath, debriefToMarkdown, exportQuerySchema, roomParamsSchema, scorecardParamsSchema, scorecardToMarkdown } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";
import { bearerToken, sendJson, sendMarkdown } from "../../transport/http-kit.ts";
import type { ScorecardService } from "./scorecard-service.ts";
import { allScorecards, debriefView, scorecardView } from "./views.ts";

/** Which rounds of a room have a drawn board (the board feature), so the Markdown exports can point to it. */
export interface RoundBoards {
  roundsWithBoard(roomId: string): Promise<number[]>;
}

/** Scorecards and the debrief: for anyone holding a participant token of the room, as JSON or Markdown. */
export function registerScorecardRoutes(
  app: FastifyInstance,
  { scorecards, bank, boards }: { scorecards: ScorecardService; bank: QuestionBank; boards: RoundBoards },
): void {
  const boardLinks = async (roomId: string) => {
    const rounds = await boards.roundsWithBoard(roomId);
    return new Map(rounds.map((round) => [round, boardDownloadPath(roomId, round)]));
  };

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
    const boardPath = (await boardLinks(roomId)).get(round);
    return sendMarkdown(reply, `scorecard-${roomId}-round-${round}.md`, scorecardToMarkdown(scorecard, scale, 1, boardPath));
  });

  app.get("/api/rooms/:roomId/debrief", async (request, reply) => {
    const { roomId } = roomParamsSchema.parse(request.params);
    const { format } = exportQuerySchema.parse(request.query);
    const { room } = await scorecards.roomForReader(roomId, bearerToken(request));
    const debrief = debriefView(bank, room);
    if (format === "json") return sendJson(request, reply, `debrief-${roomId}.json`, debrief);
    return sendMarkdown(reply, `debrief-${roomId}.md`, debriefToMarkdown(debrief, await boardLinks(roomId)));
  });
}
