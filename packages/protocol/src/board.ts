import { z } from "zod";
import { roomIdSchema, participantIdSchema, type Role } from "./schemas.ts";

/**
 * The shared system-design board: Excalidraw elements, merged on every client and on the server by Excalidraw's
 * reconciliation rule (the higher `version` wins; on a tie, the lower `versionNonce`).
 */

/** Every element type Excalidraw knows; which of them a board accepts is the server's rule (images are off). */
export const boardElementTypes = [
  "rectangle",
  "diamond",
  "ellipse",
  "arrow",
  "line",
  "freedraw",
  "text",
  "frame",
  "magicframe",
  "image",
  "embeddable",
  "iframe",
  "selection",
] as const;

/** What a board stores: drawings and text. Images and embedded pages (which would load from elsewhere) are off. */
export const drawableElementTypes: readonly BoardElementType[] = ["rectangle", "diamond", "ellipse", "arrow", "line", "freedraw", "text", "frame"];

export type BoardElementType = (typeof boardElementTypes)[number];

/**
 * One Excalidraw element. The fields the merge and the bounds rely on are checked; the rest of the element
 * (geometry, style, text) travels as Excalidraw wrote it and is repaired by Excalidraw's `restoreElements` on
 * every client that renders it.
 */
export const boardElementSchema = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not an element id"),
  type: z.enum(boardElementTypes),
  version: z.number().int().positive(),
  versionNonce: z.number().int(),
  isDeleted: z.boolean(),
  /** Excalidraw's fractional index: the element's place in the stacking order. */
  index: z.string().max(200).nullable().optional(),
});
export type BoardElement = z.infer<typeof boardElementSchema>;

/** The most elements one update may carry; the scene's own bounds are the server's settings (`BoardLimits`). */
export const MAX_ELEMENTS_PER_UPDATE = 1_000;

export const boardLimitsSchema = z.object({
  /** Elements a round's board may hold, deleted ones included (they keep a deletion from being undone by a late copy). */
  maxElements: z.number().int().positive(),
  /** Bytes of one element, as JSON. */
  maxElementBytes: z.number().int().positive(),
  /** Bytes of the whole scene, as JSON, deleted elements included. */
  maxSceneBytes: z.number().int().positive(),
});
export type BoardLimits = z.infer<typeof boardLimitsSchema>;

const roundSchema = z.number().int().positive();

// ---- Socket payloads (client → server) and their results ----

/** The elements that changed since the sender last sent them, for the board of `round` (the round being run). */
export const boardUpdatePayloadSchema = z.strictObject({
  round: roundSchema,
  elements: z.array(boardElementSchema).min(1).max(MAX_ELEMENTS_PER_UPDATE),
});
export type BoardUpdatePayload = z.infer<typeof boardUpdatePayloadSchema>;
export const boardUpdateResultSchema = z.object({
  /** How many of the sent elements changed the stored scene (the others were older than what it holds). */
  stored: z.number().int().nonnegative(),
});

/** The whole board of the round being run, for someone who opens it, joins or reloads. */
export const boardSceneSchema = z.object({
  round: roundSchema,
  elements: z.array(boardElementSchema),
  observersMayDraw: z.boolean(),
  limits: boardLimitsSchema,
});
export type BoardScene = z.infer<typeof boardSceneSchema>;

/** Where the sender's pointer is on the board, in scene coordinates. Live only, never stored. */
export const boardPointerPayloadSchema = z.strictObject({
  x: z.number().finite(),
  y: z.number().finite(),
  button: z.enum(["up", "down"]),
});

/** Study groups, host only: whether observers may draw too. */
export const boardObserversPayloadSchema = z.strictObject({ mayDraw: z.boolean() });

// ---- Server → client events ----

/** Elements someone else changed, as the server stored them; merge them with the same rule. */
export const boardChangedSchema = z.object({
  round: roundSchema,
  elements: z.array(boardElementSchema),
});
export type BoardChanged = z.infer<typeof boardChangedSchema>;

export const boardPointerSchema = z.object({
  participantId: participantIdSchema,
  x: z.number(),
  y: z.number(),
  button: z.enum(["up", "down"]),
});
export type BoardPointer = z.infer<typeof boardPointerSchema>;

export const boardSettingsSchema = z.object({ observersMayDraw: z.boolean() });
export type BoardSettings = z.infer<typeof boardSettingsSchema>;

// ---- HTTP ----

export const boardParamsSchema = z.strictObject({ roomId: roomIdSchema, round: z.coerce.number().int().positive() });
/** `excalidraw` answers a `.excalidraw` file to download, which Excalidraw (or excalidraw.com) opens. */
export const boardQuerySchema = z.strictObject({ format: z.enum(["json", "excalidraw"]).default("json") });
export const roundBoardSchema = z.object({ roomId: roomIdSchema, round: roundSchema, elements: z.array(boardElementSchema) });
export type RoundBoard = z.infer<typeof roundBoardSchema>;
/** The rounds of a room whose board has something on it. */
export const boardListSchema = z.object({ boards: z.array(z.object({ round: roundSchema, elements: z.number().int().positive() })) });
export type BoardList = z.infer<typeof boardListSchema>;

/** The path a round's board downloads from, as a `.excalidraw` file (with a participant token). */
export function boardDownloadPath(roomId: string, round: number): string {
  return `/api/rooms/${roomId}/boards/${round}?format=excalidraw`;
}

/**
 * Who may draw: the candidate and the interviewer; observers watch, unless a study group's host let them draw.
 * The server enforces it; the web app uses it to open the board for drawing or for watching.
 */
export function mayDrawOnBoard(role: Role, roomKind: "pair" | "group", observersMayDraw: boolean): boolean {
  if (role === "candidate" || role === "interviewer") return true;
  return roomKind === "group" && observersMayDraw;
}
