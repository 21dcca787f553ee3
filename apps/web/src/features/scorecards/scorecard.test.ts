import { NOT_ASSESSED, emptyScorecardContent, scorecardContentSchema } from "@mockloop/protocol";
import { describe, expect, it } from "vitest";
import {
  LIMITS,
  exportFilename,
  fileSlug,
  questionNote,
  ratingEntry,
  ratingTone,
  sameValue,
  submitBlocker,
  withQuestionNote,
  withRatingEntry,
} from "./scorecard.ts";

const SCALE = [{ id: "strong-no-hire" }, { id: "not-inclined" }, { id: "inclined" }, { id: "strong-hire" }];

describe("scorecard content", () => {
  it("reads an unrated item as not assessed and rates it without touching the others", () => {
    const empty = emptyScorecardContent();
    expect(ratingEntry(empty, "competencies", "communication")).toEqual({ rating: NOT_ASSESSED, evidence: "" });
    const rated = withRatingEntry(empty, "competencies", "communication", { rating: "inclined" });
    const evidenced = withRatingEntry(rated, "competencies", "communication", { evidence: "Summed up each trade-off." });
    const both = withRatingEntry(evidenced, "principles", "dive-deep", { evidence: "Knew the numbers." });
    expect(both.competencies).toEqual({ communication: { rating: "inclined", evidence: "Summed up each trade-off." } });
    expect(both.principles).toEqual({ "dive-deep": { rating: NOT_ASSESSED, evidence: "Knew the numbers." } });
    expect(empty).toEqual(emptyScorecardContent());
    expect(scorecardContentSchema.safeParse(both).success).toBe(true);
  });

  it("keeps question notes in the order they were first written and changes one at a time", () => {
    let content = emptyScorecardContent();
    content = withQuestionNote(content, "q-one", { notes: "first" });
    content = withQuestionNote(content, "q-two", { star: { situation: true } });
    content = withQuestionNote(content, "q-one", { star: { result: true } });
    expect(content.questions).toEqual([
      { questionId: "q-one", notes: "first", star: { situation: false, task: false, action: false, result: true } },
      { questionId: "q-two", notes: "", star: { situation: true, task: false, action: false, result: false } },
    ]);
    expect(questionNote(content, "q-three")).toEqual({ questionId: "q-three", notes: "", star: { situation: false, task: false, action: false, result: false } });
    expect(scorecardContentSchema.safeParse(content).success).toBe(true);
  });

  it("compares drafts whatever the order of their keys", () => {
    const a = { competencies: { x: { rating: "inclined", evidence: "" }, y: { rating: NOT_ASSESSED, evidence: "e" } }, list: [1, { b: 2, a: 1 }] };
    const b = { list: [1, { a: 1, b: 2 }], competencies: { y: { evidence: "e", rating: NOT_ASSESSED }, x: { evidence: "", rating: "inclined" } } };
    expect(sameValue(a, b)).toBe(true);
    expect(sameValue(a, { ...b, list: [1, { a: 1, b: 3 }] })).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });

  it("says why a scorecard cannot be submitted yet", () => {
    const content = emptyScorecardContent();
    expect(submitBlocker(content, false)).toMatch(/candidate/);
    expect(submitBlocker(content, true)).toMatch(/recommendation/);
    expect(submitBlocker({ ...content, recommendation: "inclined" }, true)).toBeNull();
  });

  it("takes its limits from the schemas", () => {
    expect(LIMITS).toEqual({ evidence: 2000, questionNotes: 4000, strengths: 4000, areasToWorkOn: 4000, nextPractice: 1000, observerNotes: 5000 });
  });

  it("colours ratings by their half of the scale", () => {
    expect(ratingTone("not-inclined", SCALE)).toBe("low");
    expect(ratingTone("inclined", SCALE)).toBe("high");
    expect(ratingTone(NOT_ASSESSED, SCALE)).toBe("neutral");
  });
});

describe("export file names", () => {
  const day = new Date(2025, 5, 1, 12);
  it("name the round and the candidate, or the stage and the day", () => {
    expect(exportFilename({ kind: "scorecard", round: 2, candidateName: "Zoë O'Neil" }, "markdown", day)).toBe("mockloop-scorecard-round-2-zoe-o-neil.md");
    expect(exportFilename({ kind: "debrief", stageName: "Phone interview" }, "json", day)).toBe("mockloop-debrief-phone-interview-2025-06-01.json");
  });

  it("never carry path characters or nothing at all", () => {
    expect(fileSlug("../../etc/passwd")).toBe("etc-passwd");
    expect(fileSlug("李雷")).toBe("unnamed");
    expect(fileSlug("a".repeat(100))).toHaveLength(40);
  });
});
