// Small packs written to a temporary folder, for tests of the loader and the CLI.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A small, valid track: two stages, one of them a drill with a fixed question count. */
export function validTrack(): Record<string, unknown> {
  return {
    id: "acme-pm",
    name: "Acme program manager",
    description: "A small track used by tests.",
    principles: [
      { id: "customer-first", name: "Customer first", summary: "Start from the customer." },
      { id: "move-fast", name: "Move fast", summary: "Prefer action when it can be undone." },
    ],
    categories: [
      { id: "behavioral", name: "Behavioral" },
      { id: "technical", name: "Technical" },
    ],
    recommendationScale: [
      { id: "no", label: "No", description: "Does not meet the bar." },
      { id: "yes", label: "Yes", description: "Meets the bar." },
    ],
    stages: [
      {
        id: "screen",
        name: "Screen",
        description: "A short screen.",
        segments: [
          { id: "intro", name: "Introductions", minutes: 5, categories: [] },
          { id: "questions", name: "Questions", minutes: 20, categories: ["behavioral", "technical"] },
        ],
        competencies: [{ id: "clarity", name: "Clarity" }],
      },
      {
        id: "quick",
        name: "Quick drill",
        description: "Ten minutes, two or three questions.",
        segments: [{ id: "questions", name: "Questions", minutes: 10, categories: ["technical"] }],
        competencies: [],
        questionCount: { min: 2, max: 3 },
      },
    ],
    loops: [{ id: "full", name: "Full loop", description: "Both stages.", rounds: ["screen", "quick"] }],
  };
}

export function validQuestion(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    stages: ["screen"],
    categories: ["behavioral"],
    principles: ["customer-first"],
    difficulty: "standard",
    prompt: `Tell me about a time you did something hard (${id}).`,
    followUps: ["What did you do first?", "What would you change?"],
    guidance: { strongSignals: ["Specific and measured"], weakSignals: ["Vague and general"] },
    suggestedMinutes: 8,
    ...overrides,
  };
}

export function quickQuestion(id: string, minutes = 4): Record<string, unknown> {
  return validQuestion(id, { stages: ["screen", "quick"], categories: ["technical"], principles: [], suggestedMinutes: minutes });
}

export interface PackFiles {
  /** Raw text or a value to serialize; undefined leaves the file out. */
  track?: unknown;
  manifest?: unknown;
  /** File name (inside questions/) to contents. */
  questions?: Record<string, unknown>;
}

function serialize(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** Writes a pack folder at `dir`. */
export function writePack(dir: string, files: PackFiles): string {
  mkdirSync(join(dir, "questions"), { recursive: true });
  if (files.track !== undefined) writeFileSync(join(dir, "track.json"), serialize(files.track));
  if (files.manifest !== undefined) writeFileSync(join(dir, "pack.json"), serialize(files.manifest));
  for (const [name, contents] of Object.entries(files.questions ?? {})) writeFileSync(join(dir, "questions", name), serialize(contents));
  return dir;
}

/** A valid pack with a handful of questions spread over two files. */
export function validPackFiles(): PackFiles {
  return {
    track: validTrack(),
    questions: {
      "a.json": [validQuestion("q-one"), validQuestion("q-two", { principles: ["move-fast"] })],
      "b.json": [quickQuestion("q-three"), quickQuestion("q-four", 5), quickQuestion("q-five", 3)],
    },
  };
}

export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), "mockloop-pack-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
