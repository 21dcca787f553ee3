import { z } from "zod";
import { questionFitsSegment, questionLengthRange, questionMinutes, type Question, type Track } from "./model.ts";

/** How many problems a PackError message lists before summarising the rest. */
const MAX_LISTED = 25;

/** A pack that cannot be used; each line of the message names the file, the item (e.g. the question) and the field. */
export class PackError extends Error {
  override readonly name = "PackError";
  /** Every problem found, one line each, even those left out of the message. */
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === "string" ? [problems] : [...problems];
    const shown = list.slice(0, MAX_LISTED);
    const rest = list.length - shown.length;
    super(rest > 0 ? [...shown, `... and ${rest} more problems`].join("\n") : shown.join("\n"));
    this.problems = list;
  }
}

type Path = readonly PropertyKey[];

/** Arrays of objects with ids in a track or a questions file, and what one item is called in messages. */
const itemNouns: Record<string, string> = {
  principles: "principle",
  categories: "category",
  recommendationScale: "scale level",
  stages: "stage",
  segments: "segment",
  competencies: "competency",
  loops: "loop",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(node: unknown, key: PropertyKey): unknown {
  if (Array.isArray(node) && typeof key === "number") return node[key];
  if (isRecord(node) && typeof key === "string") return node[key];
  return undefined;
}

function itemLabel(noun: string, item: unknown, index: number): string {
  const id = isRecord(item) ? item.id : undefined;
  return typeof id === "string" && id.length > 0 ? `${noun} "${id}"` : `${noun} #${index + 1} (no id)`;
}

/**
 * Turns a path into the raw JSON into words: `stage "phone-interview", segment "technical", field "minutes"`.
 * `rootNoun` names the items of a file whose top level is an array (a questions file).
 */
export function describePath(root: unknown, path: Path, rootNoun?: string): string {
  const items: string[] = [];
  const fields: string[] = [];
  let node = root;
  for (let i = 0; i < path.length; i += 1) {
    const key = path[i] as PropertyKey;
    const next = path[i + 1];
    const list = child(node, key);
    if (fields.length === 0 && i === 0 && rootNoun && typeof key === "number") {
      items.push(itemLabel(rootNoun, list, key));
      node = list;
      continue;
    }
    // Items are named inside a track; a question's arrays only hold ids.
    const noun = typeof key === "string" && !rootNoun ? itemNouns[key] : undefined;
    const item = typeof next === "number" ? child(list, next) : undefined;
    if (fields.length === 0 && noun && typeof next === "number" && isRecord(item)) {
      items.push(itemLabel(noun, item, next));
      node = item;
      i += 1;
      continue;
    }
    fields.push(String(key));
    node = list;
  }
  if (fields.length > 0) items.push(`field "${fields.join(".")}"`);
  return items.length > 0 ? items.join(", ") : "top level";
}

/** Keys in `value` that `schema` does not know, anywhere in the tree: most often a misspelt field name. */
export function unknownKeyIssues(schema: z.ZodType, value: unknown, path: Path = []): { path: Path; message: string }[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return unknownKeyIssues(schema.unwrap() as z.ZodType, value, path);
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item, index) => unknownKeyIssues(schema.element as z.ZodType, item, [...path, index]));
  }
  if (schema instanceof z.ZodObject && isRecord(value)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.entries(value).flatMap(([key, item]) => {
      const fieldSchema = shape[key];
      if (fieldSchema) return unknownKeyIssues(fieldSchema, item, [...path, key]);
      return [{ path: [...path, key], message: `unknown field; known fields are ${Object.keys(shape).join(", ")}` }];
    });
  }
  return [];
}

/**
 * Parses `raw` with `schema`, refusing unknown fields too. Throws a PackError with one line per problem,
 * each naming the file, the item and the field.
 */
export function parseStrict<T extends z.ZodType>(file: string, schema: T, raw: unknown, rootNoun?: string): z.infer<T> {
  const result = schema.safeParse(raw);
  const issues: { path: Path; message: string }[] = result.success
    ? unknownKeyIssues(schema, raw)
    : result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  if (issues.length > 0) {
    throw new PackError(issues.map((issue) => `${file}: ${describePath(raw, issue.path, rootNoun)}: ${issue.message}`));
  }
  return result.data as z.infer<T>;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

function list(values: Iterable<string>): string {
  return [...values].join(", ");
}

/** Problems in a track that its schema cannot see: repeated ids and references to things the track lacks. */
export function trackProblems(file: string, track: Track): string[] {
  const problems: string[] = [];
  const checkIds = (where: string, field: string, items: readonly { id: string }[]) => {
    for (const id of duplicates(items.map((item) => item.id))) problems.push(`${file}: ${where}field "${field}": id "${id}" is used twice`);
  };
  checkIds("", "principles", track.principles);
  checkIds("", "categories", track.categories);
  checkIds("", "recommendationScale", track.recommendationScale);
  checkIds("", "stages", track.stages);
  checkIds("", "loops", track.loops ?? []);

  const categoryIds = new Set(track.categories.map((category) => category.id));
  for (const stage of track.stages) {
    const where = `stage "${stage.id}", `;
    checkIds(where, "segments", stage.segments);
    checkIds(where, "competencies", stage.competencies);
    for (const segment of stage.segments) {
      for (const category of segment.categories) {
        if (!categoryIds.has(category)) {
          problems.push(`${file}: ${where}segment "${segment.id}", field "categories": unknown category "${category}"; known: ${list(categoryIds)}`);
        }
      }
    }
    const range = questionLengthRange(stage);
    if (stage.questionCount && (questionMinutes(stage) === 0 || (range && range.shortest > range.longest))) {
      problems.push(
        `${file}: ${where}field "questionCount": ${stage.questionCount.min}–${stage.questionCount.max} questions cannot fill the ${questionMinutes(stage)} question minutes of this stage`,
      );
    }
  }

  const stageIds = new Set(track.stages.map((stage) => stage.id));
  for (const loop of track.loops ?? []) {
    for (const round of loop.rounds) {
      if (!stageIds.has(round)) problems.push(`${file}: loop "${loop.id}", field "rounds": unknown stage "${round}"; known: ${list(stageIds)}`);
    }
  }
  return problems;
}

const referenceFields = [
  { field: "stages", noun: "stage", ids: (track: Track) => track.stages.map((stage) => stage.id) },
  { field: "categories", noun: "category", ids: (track: Track) => track.categories.map((category) => category.id) },
  { field: "principles", noun: "principle", ids: (track: Track) => track.principles.map((principle) => principle.id) },
] as const;

/** Problems with one (schema-valid) question against its track: unknown references, and stages it cannot fit. */
export function questionProblems(file: string, track: Track, question: Question): string[] {
  const where = `${file}: question "${question.id}"`;
  const problems: string[] = [];
  for (const { field, noun, ids } of referenceFields) {
    const known = new Set(ids(track));
    for (const value of question[field]) {
      if (!known.has(value)) problems.push(`${where}, field "${field}": unknown ${noun} "${value}"; known: ${list(known)}`);
    }
    for (const value of duplicates(question[field])) problems.push(`${where}, field "${field}": "${value}" is listed twice`);
  }

  for (const stage of track.stages.filter((candidate) => question.stages.includes(candidate.id))) {
    const segments = stage.segments.filter((segment) => questionFitsSegment(question, stage.id, segment));
    if (segments.length === 0) {
      const taken = new Set(stage.segments.flatMap((segment) => segment.categories));
      problems.push(
        `${where}, field "stages": no segment of stage "${stage.id}" takes its categories (${list(question.categories)}); the stage takes ${list(taken) || "no questions"}`,
      );
      continue;
    }
    const longest = Math.max(...segments.map((segment) => segment.minutes));
    if (question.suggestedMinutes > longest) {
      problems.push(
        `${where}, field "suggestedMinutes": ${question.suggestedMinutes} minutes is longer than any segment of stage "${stage.id}" it fits (longest ${longest})`,
      );
    }
    const range = questionLengthRange(stage);
    if (stage.questionCount && range && (question.suggestedMinutes < range.shortest || question.suggestedMinutes > range.longest)) {
      problems.push(
        `${where}, field "suggestedMinutes": stage "${stage.id}" asks ${stage.questionCount.min}–${stage.questionCount.max} questions in ${questionMinutes(stage)} minutes, so its questions take ${range.shortest}–${range.longest} minutes, not ${question.suggestedMinutes}`,
      );
    }
  }
  return problems;
}
