// Choosing questions for a round. Pure functions of the data, free of node: imports, so a browser can use them too.
import type { QuestionBank } from "./bank.ts";
import { questionFitsSegment, type Question, type Segment, type Stage } from "./model.ts";

/** Questions of a stage whose categories fit the segment and that are no longer than it, in bank order. */
export function questionsForSegment(questions: readonly Question[], stageId: string, segment: Segment): Question[] {
  return questions.filter((question) => questionFitsSegment(question, stageId, segment) && question.suggestedMinutes <= segment.minutes);
}

/** `questionsForSegment` of a stage's list (which the bank keeps), worked out once per segment. */
const bySegment = new WeakMap<readonly Question[], WeakMap<Segment, Question[]>>();
function segmentQuestions(stageQuestions: readonly Question[], stageId: string, segment: Segment): readonly Question[] {
  let segments = bySegment.get(stageQuestions);
  if (!segments) bySegment.set(stageQuestions, (segments = new WeakMap()));
  let fitting = segments.get(segment);
  if (!fitting) segments.set(segment, (fitting = questionsForSegment(stageQuestions, stageId, segment)));
  return fitting;
}

export interface PickOptions {
  /** Minutes left in the segment; questions that fit in them are preferred. */
  remainingMinutes?: number;
  /** Prefer questions whose main (first) category is one of these, e.g. the segment's own categories. */
  mainCategories?: readonly string[];
  /** Breaks ties between equally good questions, returning a number in [0, 1). Without it the first in bank order wins. */
  random?: () => number;
}

/**
 * Picks the next question from `candidates`, never one already asked. Preference, in order:
 * 1. it fits in `remainingMinutes` (when given);
 * 2. its main category is one of `mainCategories` (when given);
 * 3. when nothing has been asked yet, it is not a hard question, so a round opens gently;
 * 4. the larger share of its leadership principles that the asked questions have not touched yet;
 * 5. its main category has not been asked yet, so a round moves between topics;
 * 6. bank order, or `random` between the questions still tied.
 */
export function pickNextQuestion(
  candidates: readonly Question[],
  asked: readonly Question[],
  options: PickOptions = {},
): Question | undefined {
  const askedIds = new Set<string>();
  const principles = new Set<string>();
  const mainCategories = new Set<string | undefined>();
  for (const question of asked) {
    askedIds.add(question.id);
    for (const principle of question.principles) principles.add(principle);
    mainCategories.add(question.categories[0]);
  }
  // A suggestion is worked out on every change of a live round, so a candidate's score is written into one
  // reused array rather than a new one each.
  const score = (question: Question, into: number[]): number[] => {
    const main = question.categories[0] ?? "";
    let fresh = 0;
    for (const principle of question.principles) if (!principles.has(principle)) fresh += 1;
    into[0] = options.remainingMinutes === undefined || question.suggestedMinutes <= options.remainingMinutes ? 1 : 0;
    into[1] = options.mainCategories === undefined || options.mainCategories.includes(main) ? 1 : 0;
    into[2] = asked.length === 0 && question.difficulty === "hard" ? 0 : 1;
    into[3] = question.principles.length === 0 ? 0 : fresh / question.principles.length;
    into[4] = mainCategories.has(main) ? 0 : 1;
    return into;
  };
  const compare = (a: readonly number[], b: readonly number[]): number => {
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };

  let bestScore: number[] = [];
  let current: number[] = [];
  const best: Question[] = [];
  for (const question of candidates) {
    if (askedIds.has(question.id)) continue;
    score(question, current);
    const order = best.length > 0 ? compare(current, bestScore) : 1;
    if (order > 0) {
      best.length = 0;
      best.push(question);
      [bestScore, current] = [current, bestScore];
    } else if (order === 0) best.push(question);
  }
  if (best.length === 0) return undefined;
  const index = options.random ? Math.min(best.length - 1, Math.floor(options.random() * best.length)) : 0;
  return best[index];
}

/**
 * The question to ask next in a segment of a round: it fits the segment, was not asked yet, and prefers
 * questions mainly about the segment's categories and principles the round has not touched (see `pickNextQuestion`). Undefined when the track, stage or segment
 * is unknown, the segment asks no questions, or every fitting question was asked.
 */
export function suggestNextQuestion(
  bank: QuestionBank,
  trackId: string,
  stageId: string,
  segmentId: string,
  askedIds: readonly string[],
  options: PickOptions = {},
): Question | undefined {
  const segment = bank.findStage(trackId, stageId)?.segments.find((candidate) => candidate.id === segmentId);
  if (!segment) return undefined;
  const asked = askedIds.flatMap((id) => bank.findQuestion(trackId, id) ?? []);
  const candidates = segmentQuestions(bank.questionsForStage(trackId, stageId), stageId, segment);
  return pickNextQuestion(candidates, asked, { mainCategories: segment.categories, ...options });
}

export interface PlannedSegment {
  segment: Segment;
  questions: Question[];
  /** The sum of the questions' suggested minutes; at most the segment's minutes. */
  minutes: number;
}

/**
 * A full plan for a round of `stage`: each question segment is filled with `pickNextQuestion` while a
 * question still fits in the minutes left, never repeating a question and never exceeding the stage's
 * question count. `questions` may hold other stages' questions; only the stage's own are used.
 */
export function planRound(questions: readonly Question[], stage: Stage, options: Pick<PickOptions, "random"> = {}): PlannedSegment[] {
  const chosen: Question[] = [];
  const maxQuestions = stage.questionCount?.max ?? Number.POSITIVE_INFINITY;
  return stage.segments.map((segment) => {
    const planned: PlannedSegment = { segment, questions: [], minutes: 0 };
    const candidates = questionsForSegment(questions, stage.id, segment);
    while (chosen.length < maxQuestions) {
      const remaining = segment.minutes - planned.minutes;
      const fitting = candidates.filter((question) => question.suggestedMinutes <= remaining);
      const next = pickNextQuestion(fitting, chosen, { ...options, remainingMinutes: remaining, mainCategories: segment.categories });
      if (!next) break;
      chosen.push(next);
      planned.questions.push(next);
      planned.minutes += next.suggestedMinutes;
    }
    return planned;
  });
}
