import type { CreateRoomBody, CreateRoomResponse, Debrief, PromptList, RoomSummary, SubmittedScorecard, TrackList } from "@mockloop/protocol";
import { errorOf, loadProtocol, requestJson, unreachable, type ApiResult } from "./request.ts";

/** The server's HTTP API. */

export function fetchTracks(): Promise<ApiResult<TrackList>> {
  return requestJson("/api/tracks", {}, (p) => p.trackListSchema);
}

/** Prompts only (no follow-ups, no guidance): what anyone may read before a round. */
export function fetchPrompts(trackId: string, stageId: string): Promise<ApiResult<PromptList>> {
  const query = new URLSearchParams({ stageId });
  return requestJson(`/api/tracks/${encodeURIComponent(trackId)}/questions?${query}`, {}, (p) => p.promptListSchema);
}

export function createRoom(body: CreateRoomBody): Promise<ApiResult<CreateRoomResponse>> {
  return requestJson(
    "/api/rooms",
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    (p) => p.createRoomResponseSchema,
  );
}

const roomApi = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function fetchRoomSummary(roomId: string): Promise<ApiResult<RoomSummary>> {
  return requestJson(roomApi(roomId), {}, (p) => p.roomSummarySchema);
}

/** Every submitted scorecard of the room, for anyone holding one of its participant tokens. */
export function fetchScorecards(roomId: string, token: string): Promise<ApiResult<{ scorecards: SubmittedScorecard[] }>> {
  return requestJson(`${roomApi(roomId)}/scorecards`, { headers: bearer(token) }, (p) => p.scorecardListSchema);
}

export function fetchDebrief(roomId: string, token: string): Promise<ApiResult<Debrief>> {
  return requestJson(`${roomApi(roomId)}/debrief`, { headers: bearer(token) }, (p) => p.debriefSchema);
}

export type ExportFormat = "markdown" | "json";

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
    return unreachable();
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) return errorOfText(response.status, text);
  if (format === "markdown") return { ok: true, data: new Blob([text], { type: "text/markdown;charset=utf-8" }) };
  try {
    return { ok: true, data: new Blob([`${JSON.stringify(JSON.parse(text), null, 2)}\n`], { type: "application/json" }) };
  } catch {
    return { ok: false, status: response.status, error: { code: "INTERNAL", message: "The server sent an export that is not JSON." } };
  }
}

async function errorOfText(status: number, text: string): Promise<ApiResult<never>> {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the status-based message.
  }
  const protocol = await loadProtocol();
  return protocol ? errorOf(protocol, status, body) : unreachable();
}
