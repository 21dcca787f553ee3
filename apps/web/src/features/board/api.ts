import { boardDownloadPath } from "@mockloop/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorOf, loadProtocol, requestJson, unreachable, unwrap, type ApiResult } from "../../shared/api/request.ts";

const boardsApi = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/boards`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const boardKeys = {
  list: (roomId: string) => ["rooms", roomId, "boards"] as const,
  round: (roomId: string, round: number) => ["rooms", roomId, "boards", round] as const,
};

/** The rounds of a room whose board has something drawn; read with this browser's participant token. */
export function boardListQuery(roomId: string, token: string) {
  return queryOptions({
    queryKey: boardKeys.list(roomId),
    queryFn: () => unwrap(requestJson(boardsApi(roomId), { headers: bearer(token) }, (p) => p.boardListSchema)),
  });
}

/** A round's board as it stands (elements not deleted). */
export function roundBoardQuery(roomId: string, token: string, round: number) {
  return queryOptions({
    queryKey: boardKeys.round(roomId, round),
    queryFn: () => unwrap(requestJson(`${boardsApi(roomId)}/${round}`, { headers: bearer(token) }, (p) => p.roundBoardSchema)),
  });
}

/** The `.excalidraw` file of a round's board, as the server writes it. */
export async function fetchBoardFile(roomId: string, token: string, round: number): Promise<ApiResult<Blob>> {
  let response: Response;
  try {
    response = await fetch(boardDownloadPath(encodeURIComponent(roomId), round), { headers: bearer(token) });
  } catch {
    return unreachable();
  }
  if (response.ok) return { ok: true, data: await response.blob() };
  const [protocol, body] = await Promise.all([loadProtocol(), response.json().catch(() => null)]);
  return protocol ? errorOf(protocol, response.status, body) : unreachable();
}

/** The rounds of a room that have a board to show (none until known). */
export function useDrawnRounds(roomId: string, token: string): ReadonlySet<number> {
  const query = useQuery(boardListQuery(roomId, token));
  return useMemo(() => new Set(query.data?.boards.map((board) => board.round)), [query.data]);
}
