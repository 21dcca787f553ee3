import {
  ErrorCode,
  MockloopError,
  createRoomBodySchema,
  debriefToMarkdown,
  exportQuerySchema,
  scorecardParamsSchema,
  scorecardToMarkdown,
  participantTokenSchema,
  promptListQuerySchema,
  roomParamsSchema,
  trackParamsSchema,
  type PromptList,
  type CreateRoomResponse,
  type RoomSummary,
  type TrackList,
} from "@mockloop/protocol";
import { stageMinutes, type QuestionBank } from "@mockloop/questions";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RoomService } from "../domain/room-service.ts";
import type { ScorecardService } from "../domain/scorecard-service.ts";
import { allScorecards, debriefView, roomSummary, scorecardView } from "../domain/views.ts";
import type { RoomStore } from "../store/store.ts";

export interface HttpRoutesDeps {
  rooms: RoomService;
  scorecards: ScorecardService;
  bank: QuestionBank;
  store: RoomStore;
  publicUrl: string | undefined;
}

/** Thin routes: parse with the protocol schema, call the domain, reply. Errors go to the app's one error handler. */
export function registerHttpRoutes(app: FastifyInstance, { rooms, scorecards, bank, store, publicUrl }: HttpRoutesDeps): void {
  app.get("/healthz", async () => ({ status: "ok" as const }));

  app.get("/readyz", async (_request, reply) => {
    try {
      await withTimeout(store.ping(), 2_000, "the store did not answer within 2 s");
      return { status: "ok" as const, store: store.kind };
    } catch (error) {
      app.log.warn({ err: error }, "store is not reachable");
      return reply.code(503).send({ status: "unavailable" as const, store: store.kind });
    }
  });

  app.get("/api/tracks", async (): Promise<TrackList> => ({
    tracks: bank.tracks.map((track) => ({
      id: track.id,
      name: track.name,
      description: track.description,
      stages: track.stages.map((stage) => ({
        id: stage.id,
        name: stage.name,
        description: stage.description,
        minutes: stageMinutes(stage),
        segments: stage.segments,
      })),
    })),
  }));

  app.get("/api/tracks/:trackId/questions", async (request): Promise<PromptList> => {
    const { trackId } = trackParamsSchema.parse(request.params);
    const { stageId } = promptListQuerySchema.parse(request.query);
    const track = bank.findTrack(trackId);
    if (!track) throw new MockloopError(ErrorCode.UnknownStage, `no track "${trackId}"`);
    if (stageId && !bank.findStage(trackId, stageId)) throw new MockloopError(ErrorCode.UnknownStage, `no stage "${stageId}" in track "${trackId}"`);
    const questions = stageId ? bank.questionsForStage(trackId, stageId) : track.stages.flatMap((stage) => bank.questionsForStage(trackId, stage.id));
    const unique = [...new Map(questions.map((question) => [question.id, question])).values()];
    return {
      trackId,
      // Listed field by field so interviewer-only fields can never slip into a public answer.
      questions: unique.map(({ id, prompt, stages, categories, principles, difficulty, suggestedMinutes }) => ({
        id,
        prompt,
        stages,
        categories,
        principles,
        difficulty,
        suggestedMinutes,
      })),
    };
  });

  app.post("/api/rooms", async (request, reply) => {
    const body = createRoomBodySchema.parse(request.body);
    const room = await rooms.createRoom(body.trackId, body.stageId, body.kind);
    const invitePath = `/r/${room.id}`;
    const response: CreateRoomResponse = { roomId: room.id, invitePath, inviteUrl: `${baseUrl(request, publicUrl)}${invitePath}` };
    return reply.code(201).send(response);
  });

  app.get("/api/rooms/:roomId", async (request): Promise<RoomSummary> => {
    const { roomId } = roomParamsSchema.parse(request.params);
    return roomSummary(bank, await rooms.getRoom(roomId));
  });

  // Scorecards and the debrief: for anyone holding a participant token of the room, as JSON or Markdown.
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

/** JSON as data; asked for explicitly with `?format=json`, it comes as a download like the Markdown one. */
function sendJson(request: FastifyRequest, reply: FastifyReply, filename: string, body: unknown) {
  const query = request.query as Record<string, unknown>;
  if (query.format === "json") reply.header("content-disposition", `attachment; filename="${filename}"`);
  return reply.send(body);
}

function sendMarkdown(reply: FastifyReply, filename: string, markdown: string) {
  return reply
    .type("text/markdown; charset=utf-8")
    .header("content-disposition", `attachment; filename="${filename}"`)
    .send(markdown);
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer (.+)$/.exec(header);
  const parsed = participantTokenSchema.safeParse(match?.[1]);
  if (!parsed.success) throw new MockloopError(ErrorCode.InvalidToken, "send your participant token as 'Authorization: Bearer <token>'");
  return parsed.data;
}

function baseUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, "");
  return `${request.protocol}://${request.host}`;
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
