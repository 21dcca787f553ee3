import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createQuestionBank, type QuestionBank, type TrackWithQuestions } from "./bank.ts";
import { questionSchema, trackSchema, type Question, type Track } from "./model.ts";

/** The packs that ship with mockloop. */
export const builtInPacksDir = resolve(fileURLToPath(new URL("../data", import.meta.url)));

/** A pack that cannot be used; the message names the file, the question and the field. */
export class PackError extends Error {
  override readonly name = "PackError";
}

function describeIssues(file: string, error: z.ZodError, itemLabel: (index: number) => string): string {
  return error.issues
    .map((issue) => {
      const [first, ...rest] = issue.path;
      const where = typeof first === "number" ? `${itemLabel(first)}, field "${rest.join(".")}"` : `field "${issue.path.join(".")}"`;
      return `${file}: ${where}: ${issue.message}`;
    })
    .join("\n");
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PackError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads one pack folder: `track.json` and every `questions/*.json` (each an array of questions). */
export function loadPack(packDir: string): TrackWithQuestions {
  const trackFile = join(packDir, "track.json");
  const trackResult = trackSchema.safeParse(readJson(trackFile));
  if (!trackResult.success) throw new PackError(describeIssues(trackFile, trackResult.error, (i) => `item ${i}`));
  const track: Track = trackResult.data;

  const questionsDir = join(packDir, "questions");
  const questionFiles = readdirSync(questionsDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(questionsDir, name));
  const questions: Question[] = [];
  const seen = new Map<string, string>();
  for (const file of questionFiles) {
    const raw = readJson(file);
    const list = z.array(z.unknown()).safeParse(raw);
    if (!list.success) throw new PackError(`${file}: must be a JSON array of questions`);
    const parsed = z.array(questionSchema).safeParse(raw);
    if (!parsed.success) {
      throw new PackError(
        describeIssues(file, parsed.error, (index) => {
          const item = list.data[index];
          const id = typeof item === "object" && item !== null && "id" in item ? String(item.id) : `#${index}`;
          return `question "${id}"`;
        }),
      );
    }
    for (const question of parsed.data) {
      const previous = seen.get(question.id);
      if (previous) throw new PackError(`${file}: question "${question.id}", field "id": already used in ${previous}`);
      seen.set(question.id, file);
      assertReferencesKnown(file, track, question);
      questions.push(question);
    }
  }
  return { track, questions };
}

function assertReferencesKnown(file: string, track: Track, question: Question): void {
  const known = {
    stages: new Set(track.stages.map((stage) => stage.id)),
    categories: new Set(track.categories.map((category) => category.id)),
    principles: new Set(track.principles.map((principle) => principle.id)),
  };
  for (const field of ["stages", "categories", "principles"] as const) {
    for (const value of question[field]) {
      if (!known[field].has(value)) {
        throw new PackError(`${file}: question "${question.id}", field "${field}": unknown ${field.slice(0, -1)} "${value}"`);
      }
    }
  }
}

function packDirsIn(root: string): string[] {
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => statSync(dir).isDirectory())
    .sort();
}

export interface LoadBankOptions {
  /** Extra pack folders (each holding a `track.json`), or folders of packs. */
  extraPackDirs?: readonly string[];
}

/** Loads the built-in packs and any extra ones; throws PackError naming the first bad file. */
export function loadQuestionBank(options: LoadBankOptions = {}): QuestionBank {
  const dirs = [...packDirsIn(builtInPacksDir)];
  for (const dir of options.extraPackDirs ?? []) {
    let isPack = false;
    try {
      isPack = statSync(join(dir, "track.json")).isFile();
    } catch {
      isPack = false;
    }
    dirs.push(...(isPack ? [dir] : packDirsIn(dir)));
  }
  const packs = dirs.map(loadPack);
  const trackIds = new Set<string>();
  for (const pack of packs) {
    if (trackIds.has(pack.track.id)) throw new PackError(`track "${pack.track.id}" is defined by more than one pack`);
    trackIds.add(pack.track.id);
  }
  return createQuestionBank(packs);
}
