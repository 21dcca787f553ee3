import { ErrorCode, MockloopError, promptListQuerySchema, trackParamsSchema, type PromptList, type TrackList } from "@mockloop/protocol";
import { stageMinutes, type QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";

/** The tracks with their stages, and the public prompt lists (never follow-ups or interviewer guidance). */
export function registerQuestionRoutes(app: FastifyInstance, { bank }: { bank: QuestionBank }): void {
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
}
