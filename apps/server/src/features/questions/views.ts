import type { PromptView, StageInfo } from "@mockloop/protocol";
import type { Question, QuestionBank } from "@mockloop/questions";

/** What a candidate or observer sees of a question: the prompt and nothing else. */
export function promptView(question: Question): PromptView {
  return { id: question.id, prompt: question.prompt };
}

/** The stage a room runs, as the bank describes it: its parts, scale and what the scorecard rates. */
export function stageInfo(bank: QuestionBank, trackId: string, stageId: string): StageInfo {
  const track = bank.findTrack(trackId);
  const stage = bank.findStage(trackId, stageId);
  if (!track || !stage) throw new Error(`room refers to a stage the bank no longer has: ${trackId}/${stageId}`);
  return {
    trackId,
    trackName: track.name,
    stageId,
    stageName: stage.name,
    description: stage.description,
    segments: stage.segments,
    recommendationScale: track.recommendationScale,
    competencies: stage.competencies,
  };
}
