import { z } from "zod";

/** Ids are short, stable, URL-safe slugs: they appear in links, logs and stored rounds. */
export const slugSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, "must be a lowercase slug (a-z, 0-9, '-', '_', '.')");

export const leadershipPrincipleSchema = z.object({
  id: slugSchema,
  name: z.string().min(1).max(120),
  /** Our own one-line summary of what the principle asks of a person. */
  summary: z.string().min(1).max(400),
});
export type LeadershipPrinciple = z.infer<typeof leadershipPrincipleSchema>;

/** One level of a track's hiring-recommendation scale, ordered from weakest to strongest. */
export const scaleLevelSchema = z.object({
  id: slugSchema,
  label: z.string().min(1).max(60),
  description: z.string().min(1).max(300),
});
export type ScaleLevel = z.infer<typeof scaleLevelSchema>;

export const segmentSchema = z.object({
  id: slugSchema,
  name: z.string().min(1).max(80),
  minutes: z.number().int().min(1).max(240),
  /** Question categories that fit this segment. Empty means no questions are asked (e.g. introductions). */
  categories: z.array(slugSchema),
});
export type Segment = z.infer<typeof segmentSchema>;

export const stageSchema = z.object({
  id: slugSchema,
  name: z.string().min(1).max(120),
  /** Read by participants before they start. */
  description: z.string().min(1).max(2000),
  segments: z.array(segmentSchema).min(1),
  /** What this stage's scorecard rates besides the leadership principles of the asked questions. */
  competencies: z.array(z.object({ id: slugSchema, name: z.string().min(1).max(80) })),
  /**
   * How many questions a round of this stage asks, when the format fixes it (e.g. a 15-minute drill of 2–3).
   * A pack is refused if a question of the stage is too long or too short for that count to fill the stage.
   */
  questionCount: z
    .object({ min: z.number().int().min(1).max(20), max: z.number().int().min(1).max(20) })
    .refine((count) => count.min <= count.max, { message: "min must not be more than max", path: ["min"] })
    .optional(),
});
export type Stage = z.infer<typeof stageSchema>;

export const difficultySchema = z.enum(["warm-up", "standard", "hard"]);
export type Difficulty = z.infer<typeof difficultySchema>;

export const questionSchema = z.object({
  id: slugSchema,
  stages: z.array(slugSchema).min(1),
  /** The first is the question's main category; round planning prefers questions mainly about a segment's topic. */
  categories: z.array(slugSchema).min(1),
  principles: z.array(slugSchema),
  difficulty: difficultySchema,
  /** The only part the candidate ever sees. */
  prompt: z.string().min(10).max(1000),
  followUps: z.array(z.string().min(5).max(500)).min(2).max(4),
  guidance: z.object({
    strongSignals: z.array(z.string().min(5).max(400)).min(1),
    weakSignals: z.array(z.string().min(5).max(400)).min(1),
  }),
  suggestedMinutes: z.number().int().min(1).max(60),
});
export type Question = z.infer<typeof questionSchema>;

export const categorySchema = z.object({ id: slugSchema, name: z.string().min(1).max(80) });
export type Category = z.infer<typeof categorySchema>;

/** A set of rounds run together, such as a full onsite loop. */
export const loopSchema = z.object({
  id: slugSchema,
  name: z.string().min(1).max(120),
  /** Read by participants planning a loop. */
  description: z.string().min(1).max(2000),
  /** Stage ids, one per round, in a suggested order. A stage may appear twice (two rounds, two interviewers). */
  rounds: z.array(slugSchema).min(1).max(12),
});
export type Loop = z.infer<typeof loopSchema>;

export const trackSchema = z.object({
  id: slugSchema,
  name: z.string().min(1).max(120),
  description: z.string().min(1).max(2000),
  principles: z.array(leadershipPrincipleSchema),
  categories: z.array(categorySchema).min(1),
  /** Weakest first. The scale is data so another company's track can bring its own. */
  recommendationScale: z.array(scaleLevelSchema).min(2).max(8),
  stages: z.array(stageSchema).min(1),
  /** Optional: the loops this track's stages make up (e.g. a 4- or 5-round onsite). */
  loops: z.array(loopSchema).optional(),
});
export type Track = z.infer<typeof trackSchema>;

/**
 * `pack.json`: a pack without its own track that adds questions to an existing one (e.g. a team's own
 * questions for the built-in Amazon TPM track). Its questions are checked against that track.
 */
export const packManifestSchema = z.object({
  extends: slugSchema,
  name: z.string().min(1).max(120).optional(),
  description: z.string().min(1).max(2000).optional(),
});
export type PackManifest = z.infer<typeof packManifestSchema>;

/** The total length of a stage, from its segments. */
export function stageMinutes(stage: Stage): number {
  return stage.segments.reduce((sum, segment) => sum + segment.minutes, 0);
}

/** The minutes of a stage's segments that ask questions (segments with categories). */
export function questionMinutes(stage: Stage): number {
  return stage.segments.reduce((sum, segment) => sum + (segment.categories.length > 0 ? segment.minutes : 0), 0);
}

/** Whether a question belongs to a stage and its categories fit the segment. Length is not considered. */
export function questionFitsSegment(question: Question, stageId: string, segment: Segment): boolean {
  return question.stages.includes(stageId) && question.categories.some((category) => segment.categories.includes(category));
}

/**
 * For a stage with a fixed question count, the range of question lengths (in minutes) that lets `min` to `max`
 * questions fill the stage: any `min` of them fit, and `max + 1` of them never do.
 */
export function questionLengthRange(stage: Stage): { shortest: number; longest: number } | undefined {
  if (!stage.questionCount) return undefined;
  const minutes = questionMinutes(stage);
  return {
    shortest: Math.floor(minutes / (stage.questionCount.max + 1)) + 1,
    longest: Math.floor(minutes / stage.questionCount.min),
  };
}
