// The built-in Amazon TPM pack: checks on the data itself, read both through the loader and as raw JSON.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInPacksDir, loadPacks, loadQuestionBank } from "../src/load.ts";
import { questionFitsSegment, questionLengthRange, stageMinutes, type Question, type Track } from "../src/model.ts";
import { planRound, questionsForSegment } from "../src/select.ts";

const bank = loadQuestionBank();
const track = bank.findTrack("amazon-tpm") as Track;
const questions: readonly Question[] = loadPacks().entries.find((entry) => entry.track.id === "amazon-tpm")?.questions ?? [];

/** The question files as plain JSON, without going through the loader. */
function rawQuestions(): { file: string; id: unknown }[] {
  const dir = join(builtInPacksDir, "amazon-tpm", "questions");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .flatMap((name) => (JSON.parse(readFileSync(join(dir, name), "utf8")) as { id: unknown }[]).map((item) => ({ file: name, id: item.id })));
}

/** A seeded generator, so that every run plans the same "random" rounds. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const stage = (id: string) => {
  const found = bank.findStage(track.id, id);
  if (!found) throw new Error(`no stage ${id}`);
  return found;
};

describe("the built-in question bank", () => {
  it("has at least 150 questions, spread over several files by theme", () => {
    const raw = rawQuestions();
    expect(raw.length).toBeGreaterThanOrEqual(150);
    expect(questions).toHaveLength(raw.length);
    expect(new Set(raw.map((item) => item.file)).size).toBeGreaterThanOrEqual(5);
  });

  it("uses every question id once across all files", () => {
    const ids = rawQuestions().map((item) => item.id);
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(repeated).toEqual([]);
  });

  it("keeps the stage and question ids other packages rely on", () => {
    for (const id of ["recruiter-screen", "phone-interview", "onsite-program-management", "onsite-system-design", "onsite-leadership", "onsite-bar-raiser", "drill"]) {
      expect(bank.findStage(track.id, id), id).toBeDefined();
    }
    for (const id of ["rs-why-this-role", "rs-led-a-team", "pm-over-budget-midway", "tech-tcp-vs-udp", "sd-notification-system", "lp-most-complex-program", "lp-direction-changed", "lp-failure-and-criticism"]) {
      expect(bank.findQuestion(track.id, id), id).toBeDefined();
    }
  });

  it("refers only to principles, stages and categories the track defines", () => {
    const known = {
      principles: new Set(track.principles.map((item) => item.id)),
      stages: new Set(track.stages.map((item) => item.id)),
      categories: new Set(track.categories.map((item) => item.id)),
    };
    const unknown = questions.flatMap((question) =>
      (["principles", "stages", "categories"] as const).flatMap((field) =>
        question[field].filter((value) => !known[field].has(value)).map((value) => `${question.id}.${field}: ${value}`),
      ),
    );
    expect(unknown).toEqual([]);
    const segmentCategories = track.stages.flatMap((item) => item.segments.flatMap((segment) => segment.categories));
    expect(segmentCategories.filter((category) => !known.categories.has(category))).toEqual([]);
  });

  it("has the sixteen leadership principles, each probed by at least four behavioral questions", () => {
    expect(track.principles).toHaveLength(16);
    const behavioral = questions.filter((question) => question.categories.includes("behavioral"));
    const short = track.principles
      .map((principle) => ({ id: principle.id, count: behavioral.filter((question) => question.principles.includes(principle.id)).length }))
      .filter((entry) => entry.count < 4);
    expect(short).toEqual([]);
  });

  it("has recruiter-screen, program-management, technical and system-design questions on the required topics", () => {
    const has = (id: string, stageId: string) => expect(bank.findQuestion(track.id, id)?.stages, id).toContain(stageId);
    has("pm-start-from-nothing", "onsite-program-management");
    has("pm-duplicate-work", "onsite-program-management");
    has("pm-migration-forcing-customers", "onsite-program-management");
    has("pm-measuring-success", "onsite-program-management");
    has("tech-quic", "onsite-system-design");
    has("tech-authn-vs-authz", "onsite-system-design");
    has("code-deployment-pipeline", "onsite-system-design");
    has("ops-monitor-fleet", "onsite-system-design");
    has("sd-reservation-and-payment", "onsite-system-design");
    has("sd-video-streaming", "onsite-system-design");
    has("sd-fleet-os-upgrade", "onsite-system-design");
    has("lp-dd-root-cause", "onsite-leadership");
    has("lp-bb-disagree-and-commit", "onsite-leadership");
    has("lp-bfa-little-data", "onsite-leadership");
    for (const item of track.stages) expect(bank.questionsForStage(track.id, item.id).length, item.id).toBeGreaterThanOrEqual(10);
  });

  it("gives every question 2–4 follow-ups and guidance on both sides", () => {
    const bad = questions.filter(
      (question) => question.followUps.length < 2 || question.followUps.length > 4 || question.guidance.strongSignals.length === 0 || question.guidance.weakSignals.length === 0,
    );
    expect(bad.map((question) => question.id)).toEqual([]);
  });
});

describe("stages and their segments", () => {
  it("match the loop's formats and lengths", () => {
    expect(stageMinutes(stage("recruiter-screen"))).toBe(30);
    expect(stage("phone-interview").segments.map((segment) => segment.minutes)).toEqual([20, 20, 20]);
    for (const id of ["onsite-program-management", "onsite-system-design", "onsite-leadership", "onsite-bar-raiser"]) {
      expect(stageMinutes(stage(id)), id).toBeGreaterThanOrEqual(55);
      expect(stageMinutes(stage(id)), id).toBeLessThanOrEqual(60);
    }
    expect(stageMinutes(stage("drill"))).toBe(15);
  });

  it("describe a full onsite loop of four or five onsite rounds", () => {
    expect(track.loops?.length).toBeGreaterThan(0);
    for (const loop of track.loops ?? []) {
      expect(loop.rounds.length, loop.id).toBeGreaterThanOrEqual(4);
      expect(loop.rounds.length, loop.id).toBeLessThanOrEqual(5);
      for (const round of loop.rounds) expect(round.startsWith("onsite-"), `${loop.id}: ${round}`).toBe(true);
      expect(new Set(loop.rounds)).toEqual(new Set(["onsite-program-management", "onsite-system-design", "onsite-leadership", "onsite-bar-raiser"]));
    }
  });

  // Rule: a segment has enough material when the questions that fit it (stage, category and length) add up to at
  // least twice its minutes, so two rounds of the stage can run without repeating a question.
  it("have at least twice their minutes in fitting questions", () => {
    const thin = track.stages.flatMap((item) =>
      item.segments
        .filter((segment) => segment.categories.length > 0)
        .map((segment) => ({
          where: `${item.id}/${segment.id}`,
          minutes: segment.minutes,
          material: questionsForSegment(questions, item.id, segment).reduce((sum, question) => sum + question.suggestedMinutes, 0),
        }))
        .filter((entry) => entry.material < 2 * entry.minutes),
    );
    expect(thin).toEqual([]);
  });

  it("can each be planned, filling every question segment to at least two-thirds of its minutes without overrunning", () => {
    for (const item of track.stages) {
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        for (const planned of planRound(questions, item, { random: seeded(seed) })) {
          const where = `${item.id}/${planned.segment.id} (seed ${seed})`;
          if (planned.segment.categories.length === 0) {
            expect(planned.questions, where).toEqual([]);
            continue;
          }
          expect(planned.minutes, where).toBeLessThanOrEqual(planned.segment.minutes);
          expect(planned.minutes, where).toBeGreaterThanOrEqual((2 / 3) * planned.segment.minutes);
          for (const question of planned.questions) expect(questionFitsSegment(question, item.id, planned.segment), `${where}: ${question.id}`).toBe(true);
        }
      }
    }
  });
});

describe("the drill", () => {
  const drill = stage("drill");
  const drillQuestions = bank.questionsForStage(track.id, "drill");
  const lengths = drillQuestions.map((question) => question.suggestedMinutes).sort((a, b) => a - b);

  it("fits any two of its questions, and never four, in 15 minutes", () => {
    expect(drill.questionCount).toEqual({ min: 2, max: 3 });
    expect(questionLengthRange(drill)).toEqual({ shortest: 4, longest: 7 });
    const longestTwo = lengths.slice(-2).reduce((sum, minutes) => sum + minutes, 0);
    const shortestFour = lengths.slice(0, 4).reduce((sum, minutes) => sum + minutes, 0);
    expect(longestTwo).toBeLessThanOrEqual(15);
    expect(shortestFour).toBeGreaterThan(15);
  });

  it("has enough variety for many drills, across several categories", () => {
    expect(drillQuestions.length).toBeGreaterThanOrEqual(30);
    expect(new Set(drillQuestions.map((question) => question.categories[0])).size).toBeGreaterThanOrEqual(5);
  });

  it("plans 2–3 questions within 15 minutes, whatever the draw", () => {
    const counts = new Set<number>();
    for (let seed = 1; seed <= 40; seed += 1) {
      const planned = planRound(drillQuestions, drill, { random: seeded(seed) }).flatMap((segment) => segment.questions);
      counts.add(planned.length);
      expect(planned.length, `seed ${seed}`).toBeGreaterThanOrEqual(2);
      expect(planned.length, `seed ${seed}`).toBeLessThanOrEqual(3);
      expect(planned.reduce((sum, question) => sum + question.suggestedMinutes, 0), `seed ${seed}`).toBeLessThanOrEqual(15);
    }
    expect(counts.has(2)).toBe(true);
  });
});
