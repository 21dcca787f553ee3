import type { Debrief, SharedObserverNotes, Star, SubmittedScorecard } from "./scorecard.ts";
import { NOT_ASSESSED } from "./scorecard.ts";

type Scale = readonly { id: string; label: string }[];

/**
 * User text goes into Markdown as plain text: characters a Markdown or HTML renderer would act on are escaped,
 * so a note can never become a link, a heading or markup in someone's viewer.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      // Emphasis, code, links, tables, strike-through: anywhere in a line.
      .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`)
      // Headings, quotes, lists: only where a line starts.
      .replace(/^(\s*)([#>+=-]|\d+[.)])/gm, (_, space: string, marker: string) => `${space}\\${marker}`)
  );
}

/** Multi-line text as a block that keeps its line breaks. */
function block(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "_(none)_";
  return trimmed
    .split(/\r?\n/)
    .map((line) => escapeMarkdown(line))
    .join("  \n");
}

export function ratingLabel(rating: string, scale: Scale): string {
  if (rating === NOT_ASSESSED) return "Not assessed";
  return scale.find((level) => level.id === rating)?.label ?? rating;
}

function starLine(star: Star): string {
  const parts = (["situation", "task", "action", "result"] as const).map((part) => `${star[part] ? "☑" : "☐"} ${part[0]?.toUpperCase()}${part.slice(1)}`);
  return parts.join(" · ");
}

function ratings(title: string, rows: SubmittedScorecard["competencies"], scale: Scale): string[] {
  if (rows.length === 0) return [];
  const lines = [`### ${title}`, "", "| | rating | evidence |", "| --- | --- | --- |"];
  for (const row of rows) {
    lines.push(`| ${escapeMarkdown(row.name)} | ${ratingLabel(row.rating, scale)} | ${escapeMarkdown(row.evidence.replace(/\s*\n\s*/g, " ")) || "—"} |`);
  }
  return [...lines, ""];
}

/** A line pointing to a round's board download (`boardDownloadPath`), when the round has one. */
function boardLine(round: number, boardPath: string | undefined): string[] {
  return boardPath ? [`Board: [the board of round ${round}, as an .excalidraw file](${boardPath})`, ""] : [];
}

/** One submitted scorecard as a Markdown document section, starting at heading `level`; `boardPath` links its round's board. */
export function scorecardToMarkdown(scorecard: SubmittedScorecard, scale: Scale, level = 1, boardPath?: string): string {
  const h = "#".repeat(level);
  const lines = [
    `${h} Scorecard, round ${scorecard.round}: ${escapeMarkdown(scorecard.candidate.name)}`,
    "",
    `Interviewer: ${escapeMarkdown(scorecard.interviewer.name)} · submitted ${new Date(scorecard.submittedAt).toISOString()}`,
    "",
    ...boardLine(scorecard.round, boardPath),
    `**Recommendation: ${ratingLabel(scorecard.recommendation, scale)}**`,
    "",
    ...ratings("Competencies", scorecard.competencies, scale).map((line) => line.replace(/^###/, `${h}##`)),
    ...ratings("Leadership principles", scorecard.principles, scale).map((line) => line.replace(/^###/, `${h}##`)),
    `${h}## Questions`,
    "",
  ];
  if (scorecard.questions.length === 0) lines.push("_(no questions were asked)_", "");
  scorecard.questions.forEach((question, index) => {
    lines.push(`${index + 1}\\. ${escapeMarkdown(question.prompt)}`, "", starLine(question.star), "", block(question.notes), "");
  });
  lines.push(
    `${h}## Strengths`,
    "",
    block(scorecard.strengths),
    "",
    `${h}## Areas to work on`,
    "",
    block(scorecard.areasToWorkOn),
    "",
    `${h}## For the next practice round`,
    "",
    block(scorecard.nextPractice),
    "",
  );
  return lines.join("\n");
}

function observerNotes(notes: readonly SharedObserverNotes[], h: string): string[] {
  return notes.flatMap((note) => [`${h}## Notes from ${escapeMarkdown(note.observer.name)} (observer)`, "", block(note.notes), ""]);
}

/** The whole debrief: every round with its scorecard (and its board, from `boardPaths` by round), then a summary per candidate. */
export function debriefToMarkdown(debrief: Debrief, boardPaths: ReadonlyMap<number, string> = new Map()): string {
  const lines = [`# Debrief: ${escapeMarkdown(debrief.trackName)}, ${escapeMarkdown(debrief.stageName)}`, ""];
  for (const round of debrief.rounds) {
    lines.push(
      `## Round ${round.round}`,
      "",
      `Candidate: ${escapeMarkdown(round.candidate?.name ?? "—")} · Interviewer: ${escapeMarkdown(round.interviewer?.name ?? "—")}`,
      "",
      ...boardLine(round.round, boardPaths.get(round.round)),
    );
    if (round.scorecard) lines.push(scorecardToMarkdown(round.scorecard, debrief.scale, 3));
    else {
      lines.push("Questions asked:", "", ...round.questions.map((q, i) => `${i + 1}\\. ${escapeMarkdown(q.prompt)}`), "", "_No scorecard submitted yet._", "");
    }
    lines.push(...observerNotes(round.observerNotes, "##"));
  }
  if (debrief.candidates.length > 0) {
    lines.push("## Summary by candidate", "");
    for (const candidate of debrief.candidates) {
      lines.push(`### ${escapeMarkdown(candidate.candidate.name)}`, "");
      const recommendations = candidate.recommendations.map((r) => `round ${r.round}: ${ratingLabel(r.recommendation, debrief.scale)}`);
      lines.push(`Recommendations: ${recommendations.join("; ") || "none yet"}`, "");
      for (const principle of candidate.principles) {
        lines.push(`- ${escapeMarkdown(principle.name)}: ${principle.ratings.map((r) => ratingLabel(r.rating, debrief.scale)).join(", ")}`);
      }
      lines.push("");
    }
  }
  return lines.join("\n");
}
