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
});
export type Stage = z.infer<typeof stageSchema>;

export const difficultySchema = z.enum(["warm-up", "standard", "hard"]);
export type Difficulty = z.infer<typeof difficultySchema>;

export const questionSchema = z.object({
  id: slugSchema,
  stages: z.array(slugSchema).min(1),
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

export const trackSchema = z.object({
  id: slugSchema,
  name: z.string().min(1).max(120),
  description: z.string().min(1).max(2000),
  principles: z.array(leadershipPrincipleSchema),
  categories: z.array(categorySchema).min(1),
  /** Weakest first. The scale is data so another company's track can bring its own. */
  recommendationScale: z.array(scaleLevelSchema).min(2).max(8),
  stages: z.array(stageSchema).min(1),
});
export type Track = z.infer<typeof trackSchema>;

/** The total length of a stage, from its segments. */
export function stageMinutes(stage: Stage): number {
  return stage.segments.reduce((sum, segment) => sum + segment.minutes, 0);
}
