import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createQuestionBank, type QuestionBank, type TrackWithQuestions } from "./bank.ts";
import { PackError, parseStrict, questionProblems, trackProblems } from "./check.ts";
import { packManifestSchema, questionSchema, trackSchema, type Question, type Track } from "./model.ts";

export { PackError } from "./check.ts";

/** The packs that ship with mockloop. */
export const builtInPacksDir = resolve(fileURLToPath(new URL("../data", import.meta.url)));

const TRACK_FILE = "track.json";
const MANIFEST_FILE = "pack.json";
const QUESTIONS_DIR = "questions";
const missingTrackHint = `a pack folder needs a ${TRACK_FILE}, or a ${MANIFEST_FILE} to add questions to an existing track`;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new PackError(`${file}: cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new PackError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
}

function readTrack(trackFile: string): Track {
  const track = parseStrict(trackFile, trackSchema, readJson(trackFile));
  const problems = trackProblems(trackFile, track);
  if (problems.length > 0) throw new PackError(problems);
  return track;
}

/**
 * Reads every `questions/*.json` of a pack (each an array of questions) and checks them against `track`.
 * `seen` maps the track's question ids already taken to the file that defines them; it is updated.
 */
function readQuestions(packDir: string, track: Track, seen: Map<string, string>): Question[] {
  const questionsDir = join(packDir, QUESTIONS_DIR);
  if (!isDirectory(questionsDir)) throw new PackError(`${questionsDir}: missing; a pack keeps its questions in ${QUESTIONS_DIR}/*.json`);
  const names = readdirSync(questionsDir).sort();
  const yaml = names.find((name) => [".yaml", ".yml"].includes(extname(name)));
  if (yaml) throw new PackError(`${join(questionsDir, yaml)}: question files are JSON; convert this file to .json`);
  const files = names.filter((name) => name.endsWith(".json")).map((name) => join(questionsDir, name));
  if (files.length === 0) throw new PackError(`${questionsDir}: no question files (*.json)`);

  const questions: Question[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const raw = readJson(file);
    if (!Array.isArray(raw)) {
      problems.push(`${file}: top level: must be a JSON array of questions`);
      continue;
    }
    let parsed: Question[];
    try {
      parsed = parseStrict(file, z.array(questionSchema), raw, "question");
    } catch (error) {
      if (!(error instanceof PackError)) throw error;
      problems.push(...error.problems);
      continue;
    }
    for (const question of parsed) {
      const previous = seen.get(question.id);
      if (previous) problems.push(`${file}: question "${question.id}", field "id": already used in ${previous}`);
      seen.set(question.id, previous ?? file);
      problems.push(...questionProblems(file, track, question));
      questions.push(question);
    }
  }
  if (problems.length > 0) throw new PackError(problems);
  return questions;
}

/** Reads one pack folder that defines a track: `track.json` and every `questions/*.json`. */
export function loadPack(packDir: string): TrackWithQuestions {
  const trackFile = join(packDir, TRACK_FILE);
  if (!isFile(trackFile)) {
    const hint = isFile(join(packDir, MANIFEST_FILE))
      ? `this pack adds questions to another track (${MANIFEST_FILE}); load it with loadQuestionBank`
      : missingTrackHint;
    throw new PackError(`${trackFile}: missing; ${hint}`);
  }
  const track = readTrack(trackFile);
  return { track, questions: readQuestions(packDir, track, new Map()) };
}

function isPackDir(dir: string): boolean {
  return isFile(join(dir, TRACK_FILE)) || isFile(join(dir, MANIFEST_FILE));
}

/** A pack folder stands for itself; any other folder stands for the pack folders inside it. */
function expandPackDir(dir: string): string[] {
  if (!isDirectory(dir)) throw new PackError(`${dir}: pack folder not found`);
  if (isPackDir(dir)) return [dir];
  const children = readdirSync(dir)
    .filter((name) => !name.startsWith("."))
    .map((name) => join(dir, name))
    .filter(isDirectory)
    .sort();
  if (children.length === 0) throw new PackError(`${dir}: no packs found; a pack is a folder with a ${TRACK_FILE} or a ${MANIFEST_FILE}`);
  return children;
}

export interface LoadBankOptions {
  /** Extra pack folders (each holding a `track.json` or a `pack.json`), or folders of packs. */
  extraPackDirs?: readonly string[];
  /** Load the packs that ship with mockloop (default true). */
  includeBuiltIn?: boolean;
}

/** Where a pack came from and what it added. */
export interface PackSource {
  dir: string;
  /** "track": the pack defines a track; "extension": it adds questions to one (pack.json). */
  kind: "track" | "extension";
  trackId: string;
  questionIds: readonly string[];
}

export interface LoadedPacks {
  entries: TrackWithQuestions[];
  sources: PackSource[];
}

/** Loads and checks packs; throws a PackError naming the file, the item and the field of every problem found. */
export function loadPacks(options: LoadBankOptions = {}): LoadedPacks {
  // A folder named twice (e.g. a built-in pack passed as an extra one) is loaded once.
  const dirs = [
    ...new Set([
      ...(options.includeBuiltIn === false ? [] : expandPackDir(builtInPacksDir)),
      ...(options.extraPackDirs ?? []).flatMap((dir) => expandPackDir(resolve(dir))),
    ]),
  ];
  const trackDirs = dirs.filter((dir) => isFile(join(dir, TRACK_FILE)));
  const extensionDirs = dirs.filter((dir) => !trackDirs.includes(dir) && isFile(join(dir, MANIFEST_FILE)));
  const notPacks = dirs.filter((dir) => !trackDirs.includes(dir) && !extensionDirs.includes(dir));
  if (notPacks.length > 0) throw new PackError(notPacks.map((dir) => `${join(dir, TRACK_FILE)}: missing; ${missingTrackHint}`));

  const tracks = new Map<string, { entry: TrackWithQuestions; file: string; seen: Map<string, string> }>();
  const sources: PackSource[] = [];
  for (const dir of trackDirs) {
    const trackFile = join(dir, TRACK_FILE);
    if (isFile(join(dir, MANIFEST_FILE))) throw new PackError(`${join(dir, MANIFEST_FILE)}: a pack has a ${TRACK_FILE} or a ${MANIFEST_FILE}, not both`);
    const track = readTrack(trackFile);
    const other = tracks.get(track.id);
    if (other) throw new PackError(`${trackFile}: field "id": track "${track.id}" is already defined by ${other.file}`);
    const seen = new Map<string, string>();
    const questions = readQuestions(dir, track, seen);
    tracks.set(track.id, { entry: { track, questions }, file: trackFile, seen });
    sources.push({ dir, kind: "track", trackId: track.id, questionIds: questions.map((question) => question.id) });
  }

  for (const dir of extensionDirs) {
    const manifestFile = join(dir, MANIFEST_FILE);
    const manifest = parseStrict(manifestFile, packManifestSchema, readJson(manifestFile));
    const base = tracks.get(manifest.extends);
    if (!base) {
      throw new PackError(`${manifestFile}: field "extends": unknown track "${manifest.extends}"; known: ${[...tracks.keys()].join(", ") || "none"}`);
    }
    const added = readQuestions(dir, base.entry.track, base.seen);
    base.entry = { track: base.entry.track, questions: [...base.entry.questions, ...added] };
    sources.push({ dir, kind: "extension", trackId: manifest.extends, questionIds: added.map((question) => question.id) });
  }
  return { entries: [...tracks.values()].map((value) => value.entry), sources };
}

/** Loads the built-in packs and any extra ones; throws PackError naming each problem's file, item and field. */
export function loadQuestionBank(options: LoadBankOptions = {}): QuestionBank {
  return createQuestionBank(loadPacks(options).entries);
}

