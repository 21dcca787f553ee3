import { z } from "zod";
import { slugSchema } from "@mockloop/questions/model";
import { safeRecord } from "./record.ts";
import { requestIdSchema } from "./request-id.ts";

/** A rating is a level id of the track's scale, or this. */
export const NOT_ASSESSED = "not-assessed";

const boundedRecord = <T extends z.ZodType>(value: T, max: number, what: string) =>
  safeRecord(slugSchema, value).refine((record) => Object.keys(record).length <= max, `at most ${max} ${what}`);

export const ratingEntrySchema = z.strictObject({
  /** A level id of the track's recommendation scale, or "not-assessed". */
  rating: slugSchema,
  evidence: z.string().max(2000, "evidence is at most 2000 characters"),
});
export type RatingEntry = z.infer<typeof ratingEntrySchema>;

/** Whether the answer showed each part of a STAR story. */
export const starSchema = z.strictObject({ situation: z.boolean(), task: z.boolean(), action: z.boolean(), result: z.boolean() });
export type Star = z.infer<typeof starSchema>;

export const questionNoteSchema = z.strictObject({
  questionId: slugSchema,
  notes: z.string().max(4000, "notes on a question are at most 4000 characters"),
  star: starSchema,
});
export type QuestionNote = z.infer<typeof questionNoteSchema>;

/**
 * What the interviewer writes. The same shape is a draft (anything may still be empty) and, once submitted,
 * the scorecard (a recommendation is then required). All text is plain; nothing is ever rendered as HTML.
 */
export const scorecardContentSchema = z.strictObject({
  /** Keyed by competency id of the stage. */
  competencies: boundedRecord(ratingEntrySchema, 30, "competencies"),
  /** Keyed by leadership principle id of the track. */
  principles: boundedRecord(ratingEntrySchema, 30, "principles"),
  /** Notes per asked question. */
  questions: z.array(questionNoteSchema).max(60),
  recommendation: slugSchema.nullable(),
  strengths: z.string().max(4000, "strengths are at most 4000 characters"),
  areasToWorkOn: z.string().max(4000, "areas to work on are at most 4000 characters"),
  /** One concrete thing to practise in the next round. */
  nextPractice: z.string().max(1000, "the suggestion for the next round is at most 1000 characters"),
});
export type ScorecardContent = z.infer<typeof scorecardContentSchema>;

export function emptyScorecardContent(): ScorecardContent {
  return { competencies: {}, principles: {}, questions: [], recommendation: null, strengths: "", areasToWorkOn: "", nextPractice: "" };
}

export const scorecardDraftSchema = z.object({
  content: scorecardContentSchema,
  /** 0 before the first save. A save names the version it was based on. */
  version: z.number().int().nonnegative(),
  updatedAt: z.number().int().nullable(),
});
export type ScorecardDraft = z.infer<typeof scorecardDraftSchema>;

export const saveDraftPayloadSchema = z.strictObject({ content: scorecardContentSchema, baseVersion: z.number().int().nonnegative() });
export const saveDraftResultSchema = z.object({ version: z.number().int().positive(), updatedAt: z.number().int() });

/** A retried submit carries the same id and gets the same answer; it never makes a second scorecard. */
export const submitScorecardPayloadSchema = z.strictObject({ requestId: requestIdSchema, content: scorecardContentSchema });
export type SubmitScorecardPayload = z.infer<typeof submitScorecardPayloadSchema>;

const personSchema = z.object({ id: z.string(), name: z.string() });
const ratedSchema = z.object({ id: slugSchema, name: z.string(), rating: slugSchema, evidence: z.string() });

/** A submitted scorecard, read-only, as everyone entitled to it reads it. */
export const submittedScorecardSchema = z.object({
  round: z.number().int().positive(),
  interviewer: personSchema,
  candidate: personSchema,
  /** Each question asked in the round, in order, with the interviewer's notes on the answer. */
  questions: z.array(z.object({ id: slugSchema, prompt: z.string(), notes: z.string(), star: starSchema })),
  competencies: z.array(ratedSchema),
  principles: z.array(ratedSchema),
  recommendation: slugSchema,
  strengths: z.string(),
  areasToWorkOn: z.string(),
  nextPractice: z.string(),
  submittedAt: z.number().int(),
});
export type SubmittedScorecard = z.infer<typeof submittedScorecardSchema>;

export const observerNotesSchema = z.object({
  notes: z.string().max(5000, "observer notes are at most 5000 characters"),
  version: z.number().int().nonnegative(),
  updatedAt: z.number().int().nullable(),
});
export type ObserverNotes = z.infer<typeof observerNotesSchema>;
export const saveObserverNotesPayloadSchema = z.strictObject({
  notes: z.string().max(5000, "observer notes are at most 5000 characters"),
  baseVersion: z.number().int().nonnegative(),
});
export const shareObserverNotesPayloadSchema = z.strictObject({ requestId: requestIdSchema });

/** Notes an observer chose to share with the candidate, shown apart from the interviewer's scorecard. */
export const sharedObserverNotesSchema = z.object({
  round: z.number().int().positive(),
  observer: personSchema,
  notes: z.string(),
  sharedAt: z.number().int(),
});
export type SharedObserverNotes = z.infer<typeof sharedObserverNotesSchema>;

/** The rubric of a round: what the scorecard rates, and on which scale. */
export const rubricSchema = z.object({
  competencies: z.array(z.object({ id: slugSchema, name: z.string() })),
  /** The leadership principles the asked questions target, in the order first asked. */
  principles: z.array(z.object({ id: slugSchema, name: z.string() })),
});
export type Rubric = z.infer<typeof rubricSchema>;

export const debriefRoundSchema = z.object({
  round: z.number().int().positive(),
  interviewer: personSchema.nullable(),
  candidate: personSchema.nullable(),
  questions: z.array(z.object({ id: slugSchema, prompt: z.string() })),
  scorecard: submittedScorecardSchema.nullable(),
  observerNotes: z.array(sharedObserverNotesSchema),
});
export type DebriefRound = z.infer<typeof debriefRoundSchema>;

export const candidateSummarySchema = z.object({
  candidate: personSchema,
  rounds: z.array(z.number().int().positive()),
  recommendations: z.array(z.object({ round: z.number().int().positive(), recommendation: slugSchema })),
  /** Every rating each principle received across rounds, not-assessed left out. */
  principles: z.array(z.object({ id: slugSchema, name: z.string(), ratings: z.array(z.object({ round: z.number().int(), rating: slugSchema })) })),
});
export type CandidateSummary = z.infer<typeof candidateSummarySchema>;

export const debriefSchema = z.object({
  roomId: z.string(),
  trackName: z.string(),
  stageName: z.string(),
  scale: z.array(z.object({ id: slugSchema, label: z.string(), description: z.string() })),
  rounds: z.array(debriefRoundSchema),
  candidates: z.array(candidateSummarySchema),
});
export type Debrief = z.infer<typeof debriefSchema>;

export const scorecardListSchema = z.object({ scorecards: z.array(submittedScorecardSchema) });
export const exportQuerySchema = z.strictObject({ format: z.enum(["json", "markdown"]).default("json") });
export const scorecardParamsSchema = z.strictObject({
  roomId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "not a room id"),
  round: z.coerce.number().int().positive(),
});
