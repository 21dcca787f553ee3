import type { Question, Segment } from "@mockloop/questions/model";
import { describe, expect, it } from "vitest";
import { filterQuestions, segmentOf, slugLabel } from "./questions.ts";

const segments: Segment[] = [
  { id: "intro", name: "Introductions", minutes: 5, categories: [] },
  { id: "management", name: "Management", minutes: 20, categories: ["program-management", "team-experience"] },
  { id: "technical", name: "Technical", minutes: 20, categories: ["technical", "system-design"] },
];

function question(id: string, categories: string[], prompt: string, difficulty: Question["difficulty"] = "standard"): Question {
  return {
    id,
    stages: ["phone-interview"],
    categories,
    principles: ["dive-deep"],
    difficulty,
    prompt,
    followUps: ["First follow-up?", "Second follow-up?"],
    guidance: { strongSignals: ["A strong signal"], weakSignals: ["A weak signal"] },
    suggestedMinutes: 10,
  };
}

const questions = [
  question("q-budget", ["program-management"], "Your program is over budget halfway through."),
  question("q-tcp", ["technical", "program-management"], "Explain how TCP and UDP differ.", "warm-up"),
  question("q-design", ["system-design"], "Design a notification system.", "hard"),
  question("q-odd", ["behavioral"], "Tell me about a failure."),
];

describe("segmentOf", () => {
  it("prefers the segment of the main category", () => {
    expect(segmentOf(questions[1] as Question, segments)).toBe("technical");
    expect(segmentOf(questions[0] as Question, segments)).toBe("management");
  });
  it("is null when no segment fits", () => {
    expect(segmentOf(questions[3] as Question, segments)).toBeNull();
  });
});

describe("filterQuestions", () => {
  const ids = (list: Question[]) => list.map((q) => q.id);
  it("filters by segment, difficulty and every search word", () => {
    expect(ids(filterQuestions(questions, segments, { segment: "technical", search: "", difficulty: "any" }))).toEqual(["q-tcp", "q-design"]);
    expect(ids(filterQuestions(questions, segments, { segment: "all", search: "", difficulty: "hard" }))).toEqual(["q-design"]);
    expect(ids(filterQuestions(questions, segments, { segment: "all", search: "tcp  UDP", difficulty: "any" }))).toEqual(["q-tcp"]);
    expect(ids(filterQuestions(questions, segments, { segment: "all", search: "dive", difficulty: "any" }))).toHaveLength(4);
  });
});

describe("slugLabel", () => {
  it("turns a slug into words", () => {
    expect(slugLabel("have-backbone-disagree-and-commit")).toBe("Have backbone disagree and commit");
  });
});
