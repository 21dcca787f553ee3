import type { Question, Segment } from "@mockloop/questions/model";
import { describe, expect, it } from "vitest";
import { filterQuestions, principlesOf, segmentOf, slugLabel, type QuestionFilter } from "./questions.ts";

const segments: Segment[] = [
  { id: "intro", name: "Introductions", minutes: 5, categories: [] },
  { id: "management", name: "Management", minutes: 20, categories: ["program-management", "team-experience"] },
  { id: "technical", name: "Technical", minutes: 20, categories: ["technical", "system-design"] },
];

function question(
  id: string,
  categories: string[],
  prompt: string,
  difficulty: Question["difficulty"] = "standard",
  principles = ["dive-deep"],
): Question {
  return {
    id,
    stages: ["phone-interview"],
    categories,
    principles,
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
  question("q-design", ["system-design"], "Design a notification system.", "hard", ["dive-deep", "think-big"]),
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
  const base: QuestionFilter = { segment: "all", search: "", difficulty: "any", principle: "any", askedIds: [], hideAsked: false, currentId: null };
  it("filters by segment, difficulty and every search word", () => {
    expect(ids(filterQuestions(questions, segments, { ...base, segment: "technical" }))).toEqual(["q-tcp", "q-design"]);
    expect(ids(filterQuestions(questions, segments, { ...base, difficulty: "hard" }))).toEqual(["q-design"]);
    expect(ids(filterQuestions(questions, segments, { ...base, search: "tcp  UDP" }))).toEqual(["q-tcp"]);
    expect(ids(filterQuestions(questions, segments, { ...base, search: "dive" }))).toHaveLength(4);
  });
  it("filters by principle", () => {
    expect(ids(filterQuestions(questions, segments, { ...base, principle: "think-big" }))).toEqual(["q-design"]);
  });
  it("hides questions already asked, except the one on screen", () => {
    const filter = { ...base, askedIds: ["q-budget", "q-tcp"], currentId: "q-tcp" };
    expect(ids(filterQuestions(questions, segments, { ...filter, hideAsked: true }))).toEqual(["q-tcp", "q-design", "q-odd"]);
    expect(ids(filterQuestions(questions, segments, filter))).toHaveLength(4);
  });
});

describe("principlesOf", () => {
  it("lists each principle once, most probed first", () => {
    expect(principlesOf(questions)).toEqual(["dive-deep", "think-big"]);
  });
});

describe("slugLabel", () => {
  it("turns a slug into words", () => {
    expect(slugLabel("have-backbone-disagree-and-commit")).toBe("Have backbone disagree and commit");
  });
});
