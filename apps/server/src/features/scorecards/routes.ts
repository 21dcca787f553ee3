import { ErrorCode, MockloopError, boardDownloadPath, debriefToMarkdown, exportQuerySchema, roomParamsSchema, scorecardParamsSchema, scorecardToMarkdown } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";
import { bearerToken, sendJson, sendMarkdown } from "../../transport/http-kit.ts";
import type { ScorecardService } from "./scorecard-service.ts";
import { debriefView, scorecardView, scorecardsOf } from "./views.ts";

/** Which rounds of a room have a drawn board (the board feature), so the Markdown exports can point to it. */
export interface RoundBoards {
  roundsWithBoard(roomId: string): Promise<number[]>;
}

/**
 * Scorecards and the debrief, as JSON or Markdown: for a participant token of the room, present or past, and
 * only the rounds its holder attended.
 */
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
    const { room, rounds } = await scorecards.readableRounds(roomId, bearerToken(request));
    return { scorecards: scorecardsOf(rounds).map((scorecard) => scorecardView(bank, room, scorecard)) };
  });

  app.get("/api/rooms/:roomId/scorecards/:round", async (request, reply) => {
    const { roomId, round } = scorecardParamsSchema.parse(request.params);
    const { format } = exportQuerySchema.parse(request.query);
    const { room, rounds } = await scorecards.readableRounds(roomId, bearerToken(request));
    const record = scorecardsOf(rounds).find((scorecard) => scorecard.round === round);
    // A round the reader did not attend answers as if it had no scorecard: it tells nothing about that round.
    if (!record) throw new MockloopError(ErrorCode.ScorecardNotSubmitted, `round ${round} has no submitted scorecard you may read`);
    const scorecard = scorecardView(bank, room, record);
    if (format === "json") return sendJson(request, reply, `scorecard-${roomId}-round-${round}.json`, scorecard);
    const scale = bank.findTrack(room.trackId)?.recommendationScale ?? [];
    const boardPath = (await boardLinks(roomId)).get(round);
    return sendMarkdown(reply, `scorecard-${roomId}-round-${round}.md`, scorecardToMarkdown(scorecard, scale, 1, boardPath));
  });

  app.get("/api/rooms/:roomId/debrief", async (request, reply) => {
    const { roomId } = roomParamsSchema.parse(request.params);
    const { format } = exportQuerySchema.parse(request.query);
    const { room, rounds } = await scorecards.readableRounds(roomId, bearerToken(request));
    const debrief = debriefView(bank, room, rounds);
    if (format === "json") return sendJson(request, reply, `debrief-${roomId}.json`, debrief);
    return sendMarkdown(reply, `debrief-${roomId}.md`, debriefToMarkdown(debrief, await boardLinks(roomId)));
  });
}
