import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PackError, builtInPacksDir, loadPack, loadPacks, loadQuestionBank } from "../src/load.ts";
import { quickQuestion, tempDir, validPackFiles, validQuestion, validTrack, writePack, type PackFiles, type TempDir } from "./fixtures.ts";

let tmp: TempDir;
let packCount = 0;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

function newPack(files: PackFiles, name = `pack-${(packCount += 1)}`): string {
  return writePack(join(tmp.path, name), files);
}

/** Loads the packs on their own (no built-in ones) and returns the PackError; fails the test if they load. */
function refusal(...dirs: string[]): PackError {
  try {
    loadPacks({ includeBuiltIn: false, extraPackDirs: dirs });
  } catch (error) {
    if (error instanceof PackError) return error;
    throw error;
  }
  throw new Error("the pack was accepted");
}

function withQuestions(questions: Record<string, unknown>): PackFiles {
  return { ...validPackFiles(), questions };
}

describe("loading a valid pack", () => {
  it("loads the track and every question file, in file order", () => {
    const dir = newPack(validPackFiles());
    const { track, questions } = loadPack(dir);
    expect(track.id).toBe("acme-pm");
    expect(questions.map((question) => question.id)).toEqual(["q-one", "q-two", "q-three", "q-four", "q-five"]);
  });

  it("adds extra packs to the built-in ones, and a folder of packs stands for each pack in it", () => {
    const root = join(tmp.path, "packs");
    writePack(join(root, "acme"), validPackFiles());
    const other = validTrack();
    other.id = "other-pm";
    writePack(join(root, "other"), { track: other, questions: { "q.json": [validQuestion("q-other")] } });
    const bank = loadQuestionBank({ extraPackDirs: [root] });
    expect(bank.tracks.map((track) => track.id)).toEqual(["amazon-tpm", "acme-pm", "other-pm"]);
    expect(bank.findQuestion("other-pm", "q-other")?.id).toBe("q-other");
    expect(bank.findQuestion("amazon-tpm", "tech-tcp-vs-udp")?.id).toBe("tech-tcp-vs-udp");
  });

  it("loads a folder named twice only once, even a built-in pack passed as an extra one", () => {
    const loaded = loadPacks({ extraPackDirs: [join(builtInPacksDir, "amazon-tpm"), builtInPacksDir] });
    expect(loaded.sources.map((source) => source.trackId)).toEqual(["amazon-tpm"]);
  });

  it("lets a pack.json pack add questions to an existing track", () => {
    const base = newPack(validPackFiles());
    const extension = newPack({ manifest: { extends: "acme-pm", name: "Team questions" }, questions: { "team.json": [validQuestion("q-team")] } });
    const loaded = loadPacks({ includeBuiltIn: false, extraPackDirs: [extension, base] });
    expect(loaded.entries).toHaveLength(1);
    expect(loaded.entries[0]?.questions.map((question) => question.id)).toContain("q-team");
    expect(loaded.sources.map((source) => [source.kind, source.trackId, source.questionIds.length])).toEqual([
      ["track", "acme-pm", 5],
      ["extension", "acme-pm", 1],
    ]);
  });
});

describe("refusing a bad question, naming the file, the question and the field", () => {
  const file = (dir: string, name: string) => join(dir, "questions", name);

  it.each([
    ["an unknown principle", { principles: ["move-fastt"] }, 'field "principles": unknown principle "move-fastt"'],
    ["an unknown stage", { stages: ["onsite"] }, 'field "stages": unknown stage "onsite"'],
    ["an unknown category", { categories: ["coding"] }, 'field "categories": unknown category "coding"'],
    ["too few follow-ups", { followUps: ["Only one follow-up?"] }, 'field "followUps"'],
    ["a wrong type", { suggestedMinutes: "8" }, 'field "suggestedMinutes"'],
    ["an empty strong-signal list", { guidance: { strongSignals: [], weakSignals: ["Vague"] } }, 'field "guidance.strongSignals"'],
    ["an unknown difficulty", { difficulty: "extreme" }, 'field "difficulty"'],
    ["a misspelt field", { folowUps: ["A typo"] }, 'field "folowUps": unknown field'],
    ["a repeated principle", { principles: ["move-fast", "move-fast"] }, 'field "principles": "move-fast" is listed twice'],
    ["a question longer than every segment it fits", { suggestedMinutes: 25 }, 'field "suggestedMinutes": 25 minutes is longer than any segment of stage "screen"'],
    ["a stage none of whose segments takes its categories", { stages: ["screen", "quick"] }, 'field "stages": no segment of stage "quick" takes its categories'],
  ])("%s", (_label, overrides, expected) => {
    const dir = newPack(withQuestions({ "a.json": [validQuestion("q-one"), validQuestion("q-two", overrides)] }));
    const error = refusal(dir);
    expect(error.message).toContain(`${file(dir, "a.json")}: question "q-two", ${expected}`);
    expect(error.message).not.toContain('question "q-one"');
  });

  it("a question too long or too short for a stage with a fixed question count", () => {
    const dir = newPack(withQuestions({ "b.json": [quickQuestion("q-long", 6), quickQuestion("q-short", 2), quickQuestion("q-fine", 4)] }));
    const error = refusal(dir);
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain(`${file(dir, "b.json")}: question "q-long", field "suggestedMinutes": stage "quick" asks 2–3 questions in 10 minutes, so its questions take 3–5 minutes, not 6`);
    expect(error.message).toContain(`${file(dir, "b.json")}: question "q-short", field "suggestedMinutes"`);
  });

  it("a question without an id is named by its position", () => {
    const nameless = validQuestion("x");
    delete nameless.id;
    const dir = newPack(withQuestions({ "a.json": [validQuestion("q-one"), nameless] }));
    expect(refusal(dir).message).toContain(`${file(dir, "a.json")}: question #2 (no id), field "id"`);
  });

  it("an id used twice in one file or across files, naming where it was first used", () => {
    const dir = newPack(withQuestions({ "a.json": [validQuestion("q-one"), validQuestion("q-one")], "b.json": [validQuestion("q-two"), validQuestion("q-one")] }));
    const error = refusal(dir);
    expect(error.problems).toEqual([
      `${file(dir, "a.json")}: question "q-one", field "id": already used in ${file(dir, "a.json")}`,
      `${file(dir, "b.json")}: question "q-one", field "id": already used in ${file(dir, "a.json")}`,
    ]);
  });

  it("lists every problem in every file, not only the first", () => {
    const dir = newPack(
      withQuestions({
        "a.json": [validQuestion("q-one", { principles: ["nope"] }), validQuestion("q-two", { stages: ["nowhere"] })],
        "b.json": [validQuestion("q-three", { prompt: "short" })],
      }),
    );
    const error = refusal(dir);
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain(`${file(dir, "b.json")}: question "q-three", field "prompt"`);
  });
});

describe("refusing a bad file or folder", () => {
  it("a questions file that is not valid JSON", () => {
    const dir = newPack(withQuestions({ "a.json": '[{ "id": "q-one", }' }));
    expect(refusal(dir).message).toMatch(new RegExp(`^${escape(join(dir, "questions", "a.json"))}: not valid JSON`));
  });

  it("a questions file that is not an array", () => {
    const dir = newPack(withQuestions({ "a.json": validQuestion("q-one") }));
    expect(refusal(dir).message).toBe(`${join(dir, "questions", "a.json")}: top level: must be a JSON array of questions`);
  });

  it("a track.json that is not valid JSON", () => {
    const dir = newPack({ ...validPackFiles(), track: "{ nope" });
    expect(refusal(dir).message).toContain(`${join(dir, "track.json")}: not valid JSON`);
  });

  it("a pack folder without track.json", () => {
    const dir = newPack({ questions: { "a.json": [validQuestion("q-one")] } });
    expect(() => loadPack(dir)).toThrow(`${join(dir, "track.json")}: missing`);
    expect(refusal(join(tmp.path)).message).toContain(`${join(dir, "track.json")}: missing`);
  });

  it("a pack without questions, or with YAML questions", () => {
    const empty = newPack({ track: validTrack() });
    expect(refusal(empty).message).toBe(`${join(empty, "questions")}: no question files (*.json)`);
    const yaml = newPack({ track: validTrack(), questions: { "a.yaml": "- id: q-one" } });
    expect(refusal(yaml).message).toContain(`${join(yaml, "questions", "a.yaml")}: question files are JSON`);
  });

  it("an extra pack folder that does not exist", () => {
    const missing = join(tmp.path, "nowhere");
    expect(refusal(missing).message).toBe(`${missing}: pack folder not found`);
  });

  it("two packs defining the same track", () => {
    const first = newPack(validPackFiles());
    const second = newPack(validPackFiles());
    expect(refusal(first, second).message).toBe(`${join(second, "track.json")}: field "id": track "acme-pm" is already defined by ${join(first, "track.json")}`);
  });

  it("a pack.json extending an unknown track, or reusing one of the track's question ids", () => {
    const unknown = newPack({ manifest: { extends: "nobody" }, questions: { "a.json": [validQuestion("q-x")] } });
    expect(refusal(unknown).message).toBe(`${join(unknown, "pack.json")}: field "extends": unknown track "nobody"; known: none`);
    const base = newPack(validPackFiles());
    const clash = newPack({ manifest: { extends: "acme-pm" }, questions: { "team.json": [validQuestion("q-one")] } });
    expect(refusal(base, clash).message).toBe(
      `${join(clash, "questions", "team.json")}: question "q-one", field "id": already used in ${join(base, "questions", "a.json")}`,
    );
  });
});

describe("refusing a bad track", () => {
  function trackRefusal(change: (track: ReturnType<typeof validTrack>) => void): { message: string; trackFile: string } {
    const track = validTrack();
    change(track);
    const dir = newPack({ ...validPackFiles(), track });
    return { message: refusal(dir).message, trackFile: join(dir, "track.json") };
  }
  const stages = (track: Record<string, unknown>) => track.stages as Record<string, unknown>[];
  const segments = (stage: Record<string, unknown> | undefined) => (stage?.segments ?? []) as Record<string, unknown>[];

  it("a segment that refers to an unknown category", () => {
    const { message, trackFile } = trackRefusal((track) => {
      segments(stages(track)[0])[1]!.categories = ["behavioral", "design"];
    });
    expect(message).toContain(`${trackFile}: stage "screen", segment "questions", field "categories": unknown category "design"`);
  });

  it("a segment with an invalid length, named by its stage and segment", () => {
    const { message, trackFile } = trackRefusal((track) => {
      segments(stages(track)[0])[0]!.minutes = 0;
    });
    expect(message).toContain(`${trackFile}: stage "screen", segment "intro", field "minutes"`);
  });

  it("a stage id used twice", () => {
    const { message, trackFile } = trackRefusal((track) => {
      stages(track)[1]!.id = "screen";
    });
    expect(message).toContain(`${trackFile}: field "stages": id "screen" is used twice`);
  });

  it("a loop with an unknown stage", () => {
    const { message, trackFile } = trackRefusal((track) => {
      track.loops = [{ id: "full", name: "Full", description: "All.", rounds: ["screen", "onsite"] }];
    });
    expect(message).toBe(`${trackFile}: loop "full", field "rounds": unknown stage "onsite"; known: screen, quick`);
  });

  it("a misspelt field inside a stage", () => {
    const { message, trackFile } = trackRefusal((track) => {
      stages(track)[0]!.competences = [];
    });
    expect(message).toContain(`${trackFile}: stage "screen", field "competences": unknown field`);
  });

  it("a question count that cannot be met", () => {
    const { message, trackFile } = trackRefusal((track) => {
      stages(track)[1]!.questionCount = { min: 3, max: 2 };
    });
    expect(message).toContain(`${trackFile}: stage "quick", field "questionCount.min"`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

it("ignores a byte-order mark at the start of a file", () => {
  const dir = newPack(validPackFiles());
  writeFileSync(join(dir, "questions", "a.json"), `\uFEFF${JSON.stringify([validQuestion("q-one")])}`);
  expect(loadPack(dir).questions.map((question) => question.id)).toContain("q-one");
});
