import type { Question, Stage, Track } from "./model.ts";

/** A validated, read-only collection of tracks and their questions. */
export interface QuestionBank {
  readonly tracks: readonly Track[];
  findTrack(trackId: string): Track | undefined;
  findStage(trackId: string, stageId: string): Stage | undefined;
  findQuestion(trackId: string, questionId: string): Question | undefined;
  /** Questions of a track that fit a stage, in bank order. */
  questionsForStage(trackId: string, stageId: string): readonly Question[];
}

export interface TrackWithQuestions {
  track: Track;
  questions: readonly Question[];
}

export function createQuestionBank(entries: readonly TrackWithQuestions[]): QuestionBank {
  const byTrack = new Map<string, { track: Track; questions: Map<string, Question>; byStage: Map<string, readonly Question[]> }>();
  for (const { track, questions } of entries) {
    byTrack.set(track.id, { track, questions: new Map(questions.map((question) => [question.id, question])), byStage: new Map() });
  }
  return {
    tracks: entries.map((entry) => entry.track),
    findTrack: (trackId) => byTrack.get(trackId)?.track,
    findStage: (trackId, stageId) => byTrack.get(trackId)?.track.stages.find((stage) => stage.id === stageId),
    findQuestion: (trackId, questionId) => byTrack.get(trackId)?.questions.get(questionId),
    questionsForStage: (trackId, stageId) => {
      const entry = byTrack.get(trackId);
      if (!entry) return [];
      // The bank never changes, so each stage's list is worked out once: a live round asks for it on every change.
      let forStage = entry.byStage.get(stageId);
      if (!forStage) {
        forStage = Object.freeze([...entry.questions.values()].filter((question) => question.stages.includes(stageId)));
        entry.byStage.set(stageId, forStage);
      }
      return forStage;
    },
  };
}
