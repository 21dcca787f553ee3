import { ErrorCode, MockloopError, NOT_ASSESSED, type RatingEntry, type ScorecardContent } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { RoomRecord } from "../../core/room-record.ts";

/** What a round's scorecard rates, from the stage's format and the questions asked so far. */
export interface RoundRubric {
  competencies: { id: string; name: string }[];
  /** The principles the asked questions target, in the order first asked. */
  principles: { id: string; name: string }[];
  scale: { id: string; label: string; description: string }[];
}

export function roundRubric(bank: QuestionBank, room: RoomRecord): RoundRubric {
  const track = bank.findTrack(room.trackId);
  const stage = bank.findStage(room.trackId, room.stageId);
  const principleIds = [
    ...new Set(room.askedQuestionIds.flatMap((id) => bank.findQuestion(room.trackId, id)?.principles ?? [])),
  ];
  return {
    competencies: stage?.competencies ?? [],
    principles: principleIds.flatMap((id) => track?.principles.find((principle) => principle.id === id) ?? []),
    scale: track?.recommendationScale ?? [],
  };
}

function badRequest(message: string): MockloopError {
  return new MockloopError(ErrorCode.BadRequest, message);
}

/**
 * Checks a draft or a final scorecard against the round: known competencies and principles, ratings on the
 * track's scale, notes only for asked questions. A final one must carry a recommendation.
 */
export function checkScorecard(bank: QuestionBank, room: RoomRecord, content: ScorecardContent, final: boolean): void {
  const track = bank.findTrack(room.trackId);
  const rubric = roundRubric(bank, room);
  const levels = new Set(rubric.scale.map((level) => level.id));
  const checkRatings = (ratings: Record<string, RatingEntry>, known: Set<string>, what: string) => {
    for (const [id, entry] of Object.entries(ratings)) {
      if (!known.has(id)) throw badRequest(`unknown ${what} "${id}"`);
      if (entry.rating !== NOT_ASSESSED && !levels.has(entry.rating)) {
        throw badRequest(`rating "${entry.rating}" for ${what} "${id}" is not on the scale (${[...levels, NOT_ASSESSED].join(", ")})`);
      }
    }
  };
  checkRatings(content.competencies, new Set(rubric.competencies.map((competency) => competency.id)), "competency");
  checkRatings(content.principles, new Set(track?.principles.map((principle) => principle.id)), "leadership principle");
  const seen = new Set<string>();
  for (const note of content.questions) {
    if (!room.askedQuestionIds.includes(note.questionId)) throw badRequest(`question "${note.questionId}" was not asked in this round`);
    if (seen.has(note.questionId)) throw badRequest(`question "${note.questionId}" has notes twice`);
    seen.add(note.questionId);
  }
  if (content.recommendation !== null && !levels.has(content.recommendation)) {
    throw badRequest(`recommendation must be one of: ${[...levels].join(", ")}`);
  }
  if (final && content.recommendation === null) throw badRequest("a scorecard needs a hire recommendation before it is submitted");
}

/** The submitted form: every rubric item present (unrated ones "not assessed"), every asked question in order. */
export function completeScorecard(bank: QuestionBank, room: RoomRecord, content: ScorecardContent): ScorecardContent {
  const rubric = roundRubric(bank, room);
  const fill = (ratings: Record<string, RatingEntry>, ids: string[]) => {
    const complete: Record<string, RatingEntry> = {};
    for (const id of ids) complete[id] = ratings[id] ?? { rating: NOT_ASSESSED, evidence: "" };
    for (const [id, entry] of Object.entries(ratings)) complete[id] ??= entry;
    return complete;
  };
  const noStar = { situation: false, task: false, action: false, result: false };
  return {
    ...content,
    competencies: fill(content.competencies, rubric.competencies.map((competency) => competency.id)),
    principles: fill(content.principles, rubric.principles.map((principle) => principle.id)),
    questions: room.askedQuestionIds.map(
      (questionId) => content.questions.find((note) => note.questionId === questionId) ?? { questionId, notes: "", star: noStar },
    ),
  };
}
