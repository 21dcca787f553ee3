import {
  createRoomResponseSchema,
  errorResponseSchema,
  promptListSchema,
  roomSummarySchema,
  submittedScorecardSchema,
  trackListSchema,
  type CreateRoomBody,
  type CreateRoomResponse,
  type ErrorBody,
  type PromptList,
  type RoomSummary,
  type SubmittedScorecard,
  type TrackList,
} from "@mockloop/protocol";

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

export function fetchScorecard(roomId: string, token: string): Promise<ApiResult<SubmittedScorecard>> {
  return requestJson(
    `/api/rooms/${encodeURIComponent(roomId)}/scorecard`,
    { headers: { authorization: `Bearer ${token}` } },
    submittedScorecardSchema,
  );
}
