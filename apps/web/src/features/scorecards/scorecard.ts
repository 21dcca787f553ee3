import {
  NOT_ASSESSED,
  observerNotesSchema,
  questionNoteSchema,
  ratingEntrySchema,
  scorecardContentSchema,
  type QuestionNote,
  type RatingEntry,
  type ScorecardContent,
  type Star,
} from "@mockloop/protocol";
import type { ExportFormat } from "../../shared/api/endpoints.ts";

/** Pure helpers for the scorecard form: reading and changing a draft's content, limits, ids, file names. */

export type RubricKind = "competencies" | "principles";

export const STAR_PARTS = ["situation", "task", "action", "result"] as const satisfies readonly (keyof Star)[];

export const STAR_LABELS: Record<keyof Star, string> = { situation: "Situation", task: "Task", action: "Action", result: "Result" };

/** Character limits, read from the schemas so the counters never disagree with the server. */
export const LIMITS = {
  evidence: ratingEntrySchema.shape.evidence.maxLength ?? 2000,
  questionNotes: questionNoteSchema.shape.notes.maxLength ?? 4000,
  strengths: scorecardContentSchema.shape.strengths.maxLength ?? 4000,
  areasToWorkOn: scorecardContentSchema.shape.areasToWorkOn.maxLength ?? 4000,
  nextPractice: scorecardContentSchema.shape.nextPractice.maxLength ?? 1000,
  observerNotes: observerNotesSchema.shape.notes.maxLength ?? 5000,
} as const;

const NO_STAR: Star = { situation: false, task: false, action: false, result: false };

/** An unrated item reads as "not assessed", which is also what the server records for it on submit. */
export function ratingEntry(content: ScorecardContent, kind: RubricKind, id: string): RatingEntry {
  return content[kind][id] ?? { rating: NOT_ASSESSED, evidence: "" };
}

export function withRatingEntry(content: ScorecardContent, kind: RubricKind, id: string, patch: Partial<RatingEntry>): ScorecardContent {
  return { ...content, [kind]: { ...content[kind], [id]: { ...ratingEntry(content, kind, id), ...patch } } };
}

export function questionNote(content: ScorecardContent, questionId: string): QuestionNote {
  return content.questions.find((note) => note.questionId === questionId) ?? { questionId, notes: "", star: NO_STAR };
}

/** Changes one question's notes or STAR ticks, keeping the others where they are. */
export function withQuestionNote(
  content: ScorecardContent,
  questionId: string,
  patch: { notes?: string; star?: Partial<Star> },
): ScorecardContent {
  const current = questionNote(content, questionId);
  const next: QuestionNote = { questionId, notes: patch.notes ?? current.notes, star: { ...current.star, ...patch.star } };
  const index = content.questions.findIndex((note) => note.questionId === questionId);
  const questions = index < 0 ? [...content.questions, next] : content.questions.map((note, i) => (i === index ? next : note));
  return { ...content, questions };
}

/** Structural equality with object keys in any order (a stored draft may come back with its keys reordered). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameValue(left[key], right[key]));
}

/** Why the scorecard cannot be submitted yet, or null when it can. */
export function submitBlocker(content: ScorecardContent, hasCandidate: boolean): string | null {
  if (!hasCandidate) return "The scorecard can be submitted once a candidate has joined.";
  if (content.recommendation === null) return "Choose a hire recommendation to submit.";
  return null;
}

/** "Cam O'Neil" → "cam-o-neil": safe in a file name on every system. */
export function fileSlug(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug || "unnamed";
}

export function exportExtension(format: ExportFormat): string {
  return format === "markdown" ? "md" : "json";
}

export type ExportTarget = { kind: "scorecard"; round: number; candidateName: string } | { kind: "debrief"; stageName: string };

/** mockloop-scorecard-round-1-cam-candidate.md, mockloop-debrief-phone-interview-2025-06-01.json */
export function exportFilename(target: ExportTarget, format: ExportFormat, date: Date = new Date()): string {
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  const base =
    target.kind === "scorecard"
      ? `mockloop-scorecard-round-${target.round}-${fileSlug(target.candidateName)}`
      : `mockloop-debrief-${fileSlug(target.stageName)}-${day}`;
  return `${base}.${exportExtension(format)}`;
}

/** A rating's place on the scale, for colour: the lower half, the upper half, or neither (not assessed, unknown). */
export function ratingTone(rating: string, scale: readonly { id: string }[]): "low" | "high" | "neutral" {
  const rank = scale.findIndex((level) => level.id === rating);
  if (rank < 0) return "neutral";
  return rank < scale.length / 2 ? "low" : "high";
}
