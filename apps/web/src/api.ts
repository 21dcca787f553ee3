import {
  createRoomResponseSchema,
  debriefSchema,
  errorResponseSchema,
  promptListSchema,
  roomSummarySchema,
  scorecardListSchema,
  trackListSchema,
  type CreateRoomBody,
  type CreateRoomResponse,
  type Debrief,
  type ErrorBody,
  type PromptList,
  type RoomSummary,
  type SubmittedScorecard,
  type TrackList,
} from "@mockloop/protocol";
import type { ExportFormat } from "./scorecard.ts";

/** Every HTTP call resolves to data or a typed error the page can show; it never throws. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ErrorBody };

interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

async function requestJson<T>(path: string, init: RequestInit, parser: Parser<T>): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init.headers } });
  } catch {
    return { ok: false, status: 0, error: { code: "INTERNAL", message: "Cannot reach the server. Check your connection and try again." } };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // An empty or non-JSON body falls through to the status-based message below.
  }
  if (response.ok) {
    const parsed = parser.safeParse(body);
    if (parsed.success) return { ok: true, data: parsed.data };
    return { ok: false, status: response.status, error: { code: "INTERNAL", message: `Unexpected answer from the server: ${parsed.error.message}` } };
  }
  const error = errorResponseSchema.safeParse(body);
  if (error.success) return { ok: false, status: response.status, error: error.data.error };
  return { ok: false, status: response.status, error: { code: "INTERNAL", message: `The server answered ${response.status}.` } };
}

export function fetchTracks(): Promise<ApiResult<TrackList>> {
  return requestJson("/api/tracks", {}, trackListSchema);
}

/** Prompts only (no follow-ups, no guidance): what anyone may read before a round. */
export function fetchPrompts(trackId: string, stageId: string): Promise<ApiResult<PromptList>> {
  const query = new URLSearchParams({ stageId });
  return requestJson(`/api/tracks/${encodeURIComponent(trackId)}/questions?${query}`, {}, promptListSchema);
}

export function createRoom(body: CreateRoomBody): Promise<ApiResult<CreateRoomResponse>> {
  return requestJson(
    "/api/rooms",
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    createRoomResponseSchema,
  );
}

export function fetchRoomSummary(roomId: string): Promise<ApiResult<RoomSummary>> {
  return requestJson(`/api/rooms/${encodeURIComponent(roomId)}`, {}, roomSummarySchema);
}

const roomApi = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every submitted scorecard of the room, for anyone holding one of its participant tokens. */
export function fetchScorecards(roomId: string, token: string): Promise<ApiResult<{ scorecards: SubmittedScorecard[] }>> {
  return requestJson(`${roomApi(roomId)}/scorecards`, { headers: bearer(token) }, scorecardListSchema);
}

export function fetchDebrief(roomId: string, token: string): Promise<ApiResult<Debrief>> {
  return requestJson(`${roomApi(roomId)}/debrief`, { headers: bearer(token) }, debriefSchema);
}

export type ExportSource = { kind: "scorecard"; round: number } | { kind: "debrief" };

export function exportPath(roomId: string, source: ExportSource, format: ExportFormat): string {
  const query = new URLSearchParams({ format });
  return source.kind === "scorecard" ? `${roomApi(roomId)}/scorecards/${source.round}?${query}` : `${roomApi(roomId)}/debrief?${query}`;
}

/** An export as the server renders it, ready to be saved as a file. JSON is indented for people reading it. */
export async function fetchExport(roomId: string, token: string, source: ExportSource, format: ExportFormat): Promise<ApiResult<Blob>> {
  const accept = format === "markdown" ? "text/markdown" : "application/json";
  let response: Response;
  try {
    response = await fetch(exportPath(roomId, source, format), { headers: { accept, ...bearer(token) } });
  } catch {
    return { ok: false, status: 0, error: { code: "INTERNAL", message: "Cannot reach the server. Check your connection and try again." } };
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the status-based message below.
    }
    const error = errorResponseSchema.safeParse(body);
    return { ok: false, status: response.status, error: error.success ? error.data.error : { code: "INTERNAL", message: `The server answered ${response.status}.` } };
  }
  if (format === "markdown") return { ok: true, data: new Blob([text], { type: "text/markdown;charset=utf-8" }) };
  try {
    return { ok: true, data: new Blob([`${JSON.stringify(JSON.parse(text), null, 2)}\n`], { type: "application/json" }) };
  } catch {
    return { ok: false, status: response.status, error: { code: "INTERNAL", message: "The server sent an export that is not JSON." } };
  }
}

const READ_ERRORS: Partial<Record<ErrorBody["code"], string>> = {
  ROOM_NOT_FOUND: "This room does not exist or has expired.",
  FORBIDDEN: "Only the people in this session can read its scorecards.",
  INVALID_TOKEN: "This browser is no longer part of the session, so it cannot open its scorecards.",
};

/** What to tell someone whose read of the scorecards or the debrief failed. */
export function readErrorMessage(error: ErrorBody): string {
  return READ_ERRORS[error.code] ?? error.message;
}
