import { describe, expect, it } from "vitest";
import { createQuestionBank } from "../src/bank.ts";
import { questionLengthRange, questionSchema, trackSchema, type Question, type Stage } from "../src/model.ts";
import { pickNextQuestion, planRound, questionsForSegment, suggestNextQuestion } from "../src/select.ts";
import { validQuestion, validTrack } from "./fixtures.ts";

const track = trackSchema.parse(validTrack());
const screen = track.stages[0] as Stage;
const quick = track.stages[1] as Stage;
const questionsSegment = screen.segments[1]!;

function question(id: string, overrides: Record<string, unknown> = {}): Question {
  return questionSchema.parse(validQuestion(id, overrides));
}

describe("questionsForSegment", () => {
  it("keeps questions of the stage whose categories fit the segment and that are no longer than it", () => {
    const fits = question("fits");
    const otherStage = question("other-stage", { stages: ["quick"], categories: ["technical"], suggestedMinutes: 4 });
    const tooLong = question("too-long", { suggestedMinutes: 21 });
    const wrongCategory = question("wrong-category", { categories: ["design"] });
    expect(questionsForSegment([fits, otherStage, tooLong, wrongCategory], "screen", questionsSegment).map((q) => q.id)).toEqual(["fits"]);
    expect(questionsForSegment([fits], "screen", screen.segments[0]!)).toEqual([]);
  });
});

describe("pickNextQuestion", () => {
  const customer = question("customer", { principles: ["customer-first"] });
  const fast = question("fast", { principles: ["move-fast"] });
  const both = question("both", { principles: ["customer-first", "move-fast"] });

  it("never picks an asked question, and returns undefined when all are asked", () => {
    expect(pickNextQuestion([customer, fast], [customer])?.id).toBe("fast");
    expect(pickNextQuestion([customer, fast], [customer, fast])).toBeUndefined();
    expect(pickNextQuestion([], [])).toBeUndefined();
  });

  it("prefers questions whose principles the round has not touched", () => {
    expect(pickNextQuestion([customer, both, fast], [customer])?.id).toBe("fast");
    expect(pickNextQuestion([customer, both], [question("asked", { principles: ["customer-first"] })])?.id).toBe("both");
  });

  it("prefers questions that fit in the minutes left over fresh principles", () => {
    const long = question("long", { principles: ["move-fast"], suggestedMinutes: 12 });
    const short = question("short", { principles: ["customer-first"], suggestedMinutes: 5 });
    expect(pickNextQuestion([long, short], [customer], { remainingMinutes: 6 })?.id).toBe("short");
    expect(pickNextQuestion([long, short], [customer])?.id).toBe("long");
  });

  it("prefers questions mainly about the given categories", () => {
    const technical = question("technical", { categories: ["technical", "behavioral"], principles: ["move-fast"] });
    const behavioral = question("behavioral", { categories: ["behavioral"], principles: ["customer-first"] });
    expect(pickNextQuestion([technical, behavioral], [], { mainCategories: ["behavioral"] })?.id).toBe("behavioral");
    expect(pickNextQuestion([technical, behavioral], [], { mainCategories: ["technical"] })?.id).toBe("technical");
  });

  it("opens a round with a question that is not hard", () => {
    const hard = question("hard", { difficulty: "hard" });
    const standard = question("standard", { principles: [] });
    expect(pickNextQuestion([hard, standard], [])?.id).toBe("standard");
    expect(pickNextQuestion([hard, standard], [fast])?.id).toBe("hard");
  });

  it("moves to a main category the round has not asked yet", () => {
    const asked = question("asked", { categories: ["technical"], principles: [] });
    const sameTopic = question("same-topic", { categories: ["technical"], principles: [] });
    const newTopic = question("new-topic", { categories: ["behavioral"], principles: [] });
    expect(pickNextQuestion([sameTopic, newTopic], [asked])?.id).toBe("new-topic");
  });

  it("breaks ties with the random source, and by bank order without one", () => {
    const tied = [question("a"), question("b"), question("c")];
    expect(pickNextQuestion(tied, [])?.id).toBe("a");
    expect(pickNextQuestion(tied, [], { random: () => 0.5 })?.id).toBe("b");
    expect(pickNextQuestion(tied, [], { random: () => 0.9999 })?.id).toBe("c");
  });
});

describe("suggestNextQuestion", () => {
  const bank = createQuestionBank([
    {
      track,
      questions: [
        question("behavioral-customer", { principles: ["customer-first"] }),
        question("behavioral-fast", { principles: ["move-fast"] }),
        question("quick-one", { stages: ["quick"], categories: ["technical"], principles: ["customer-first"], suggestedMinutes: 4 }),
      ],
    },
  ]);

  it("suggests a fitting question not yet asked, preferring principles the round has not touched", () => {
    expect(suggestNextQuestion(bank, "acme-pm", "screen", "questions", [])?.id).toBe("behavioral-customer");
    expect(suggestNextQuestion(bank, "acme-pm", "screen", "questions", ["behavioral-customer"])?.id).toBe("behavioral-fast");
    expect(suggestNextQuestion(bank, "acme-pm", "screen", "questions", ["quick-one"])?.id).toBe("behavioral-fast");
    expect(suggestNextQuestion(bank, "acme-pm", "quick", "questions", [])?.id).toBe("quick-one");
  });

  it("returns undefined when nothing fits or the ids are unknown", () => {
    expect(suggestNextQuestion(bank, "acme-pm", "screen", "questions", ["behavioral-customer", "behavioral-fast"])).toBeUndefined();
    expect(suggestNextQuestion(bank, "acme-pm", "screen", "intro", [])).toBeUndefined();
    expect(suggestNextQuestion(bank, "acme-pm", "screen", "nowhere", [])).toBeUndefined();
    expect(suggestNextQuestion(bank, "acme-pm", "onsite", "questions", [])).toBeUndefined();
    expect(suggestNextQuestion(bank, "other", "screen", "questions", [])).toBeUndefined();
  });

  it("ignores asked ids the bank does not know", () => {
    expect(suggestNextQuestion(bank, "acme-pm", "screen", "questions", ["gone"])?.id).toBe("behavioral-customer");
  });
});

describe("planRound", () => {
  it("fills each question segment without overrunning it or repeating a question", () => {
    const pool = ["a", "b", "c", "d"].map((id) => question(id, { suggestedMinutes: 8 }));
    const plan = planRound(pool, screen);
    expect(plan.map((segment) => [segment.segment.id, segment.questions.length, segment.minutes])).toEqual([
      ["intro", 0, 0],
      ["questions", 2, 16],
    ]);
  });

  it("stops at the stage's question count", () => {
    const pool = ["a", "b", "c", "d", "e"].map((id) =>
      question(id, { stages: ["quick"], categories: ["technical"], principles: [], suggestedMinutes: 3 }),
    );
    expect(questionLengthRange(quick)).toEqual({ shortest: 3, longest: 5 });
    expect(planRound(pool, quick)[0]?.questions.map((q) => q.id)).toEqual(["a", "b", "c"]);
  });
});
