import { stageMinutes, type Question, type Track } from "./model.ts";
import { questionsForSegment } from "./select.ts";

export interface SegmentSummary {
  stageId: string;
  segmentId: string;
  minutes: number;
  /** Questions that fit the segment (stage, category and length). */
  questions: number;
  /** Their suggested minutes added up: how much material the segment has. */
  questionMinutes: number;
}

export interface TrackSummary {
  trackId: string;
  trackName: string;
  questions: number;
  byStage: { id: string; name: string; minutes: number; questions: number }[];
  byCategory: { id: string; name: string; questions: number }[];
  /** `questions`: every question probing the principle; `behavioral`: those of them in the behavioral category. */
  byPrinciple: { id: string; name: string; questions: number; behavioral: number }[];
  byDifficulty: { id: string; questions: number }[];
  segments: SegmentSummary[];
  /** Things that do not stop the pack from loading but make it thin, e.g. a segment without enough material. */
  warnings: string[];
}

const BEHAVIORAL = "behavioral";

/** Counts of a track's questions by stage, category, principle and difficulty, and how well each segment is stocked. */
export function summarizeTrack(track: Track, questions: readonly Question[]): TrackSummary {
  const count = (test: (question: Question) => boolean): number => questions.filter(test).length;
  const segments = track.stages.flatMap((stage) =>
    stage.segments
      .filter((segment) => segment.categories.length > 0)
      .map((segment) => {
        const fitting = questionsForSegment(questions, stage.id, segment);
        return {
          stageId: stage.id,
          segmentId: segment.id,
          minutes: segment.minutes,
          questions: fitting.length,
          questionMinutes: fitting.reduce((sum, question) => sum + question.suggestedMinutes, 0),
        };
      }),
  );
  const warnings = segments
    .filter((segment) => segment.questionMinutes < segment.minutes)
    .map(
      (segment) =>
        `stage "${segment.stageId}", segment "${segment.segmentId}": ${segment.questionMinutes} minutes of questions for a ${segment.minutes}-minute segment`,
    );
  for (const principle of track.principles) {
    if (count((question) => question.principles.includes(principle.id)) === 0) warnings.push(`principle "${principle.id}": no question probes it`);
  }
  return {
    trackId: track.id,
    trackName: track.name,
    questions: questions.length,
    byStage: track.stages.map((stage) => ({
      id: stage.id,
      name: stage.name,
      minutes: stageMinutes(stage),
      questions: count((question) => question.stages.includes(stage.id)),
    })),
    byCategory: track.categories.map((category) => ({
      id: category.id,
      name: category.name,
      questions: count((question) => question.categories.includes(category.id)),
    })),
    byPrinciple: track.principles.map((principle) => ({
      id: principle.id,
      name: principle.name,
      questions: count((question) => question.principles.includes(principle.id)),
      behavioral: count((question) => question.principles.includes(principle.id) && question.categories.includes(BEHAVIORAL)),
    })),
    byDifficulty: ["warm-up", "standard", "hard"].map((id) => ({ id, questions: count((question) => question.difficulty === id) })),
    segments,
    warnings,
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function table(rows: string[][], indent = "  "): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) => indent + row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join("  "));
}

/** The summary as the CLI prints it. */
export function formatSummary(summary: TrackSummary): string {
  const lines = [`${summary.trackId} (${summary.trackName}): ${plural(summary.questions, "question")}`, "", "By stage:"];
  lines.push(...table(summary.byStage.map((stage) => [stage.id, `${stage.minutes} min`, plural(stage.questions, "question")])));
  lines.push("", "Segments (questions that fit, and their minutes against the segment's):");
  lines.push(
    ...table(
      summary.segments.map((segment) => [
        `${segment.stageId} / ${segment.segmentId}`,
        `${segment.minutes} min`,
        plural(segment.questions, "question"),
        `${segment.questionMinutes} min of material`,
      ]),
    ),
  );
  lines.push("", "By category:");
  lines.push(...table(summary.byCategory.map((category) => [category.id, String(category.questions)])));
  lines.push("", "By principle (all questions / behavioral):");
  lines.push(...table(summary.byPrinciple.map((principle) => [principle.id, `${principle.questions} / ${principle.behavioral}`])));
  lines.push("", "By difficulty:");
  lines.push(...table(summary.byDifficulty.map((difficulty) => [difficulty.id, String(difficulty.questions)])));
  if (summary.warnings.length > 0) lines.push("", "Warnings:", ...summary.warnings.map((warning) => `  ${warning}`));
  return lines.join("\n");
}
