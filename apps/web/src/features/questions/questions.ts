import type { Question, Segment } from "@mockloop/questions/model";

/**
 * The segment a question belongs to: the first whose categories include the question's main (first) category,
 * else the first sharing any category with it, else none.
 */
export function segmentOf(question: Question, segments: readonly Segment[]): string | null {
  const main = question.categories[0];
  const byMain = segments.find((segment) => main !== undefined && segment.categories.includes(main));
  if (byMain) return byMain.id;
  const byAny = segments.find((segment) => segment.categories.some((category) => question.categories.includes(category)));
  return byAny?.id ?? null;
}

export interface QuestionFilter {
  /** A segment id, or "all". */
  segment: string;
  search: string;
  difficulty: Question["difficulty"] | "any";
  /** A leadership principle id, or "any". */
  principle: string;
  /** Questions already asked in this room, left out when `hideAsked`; the one on screen always stays. */
  askedIds: readonly string[];
  hideAsked: boolean;
  currentId: string | null;
}

export function filterQuestions(questions: readonly Question[], segments: readonly Segment[], filter: QuestionFilter): Question[] {
  const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean);
  return questions.filter((question) => {
    if (filter.segment !== "all" && segmentOf(question, segments) !== filter.segment) return false;
    if (filter.difficulty !== "any" && question.difficulty !== filter.difficulty) return false;
    if (filter.principle !== "any" && !question.principles.includes(filter.principle)) return false;
    if (filter.hideAsked && question.id !== filter.currentId && filter.askedIds.includes(question.id)) return false;
    const haystack = `${question.prompt} ${question.principles.join(" ")} ${question.categories.join(" ")}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** "have-backbone-disagree-and-commit" → "Have backbone disagree and commit", for a tag. */
export function slugLabel(slug: string): string {
  const text = slug.replace(/[-_.]+/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The principles the questions probe, most probed first, for a filter. */
export function principlesOf(questions: readonly Question[]): string[] {
  const counts = new Map<string, number>();
  for (const question of questions) for (const principle of question.principles) counts.set(principle, (counts.get(principle) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([principle]) => principle);
}
