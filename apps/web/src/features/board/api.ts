import { boardDownloadPath, boardListSchema, type BoardList } from "@mockloop/protocol";

type Fetched<T> = { ok: true; data: T } | { ok: false; message: string };

async function get(path: string, token: string): Promise<Fetched<Response>> {
  try {
    const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (response.ok) return { ok: true, data: response };
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { ok: false, message: body?.error?.message ?? `The server answered ${response.status}.` };
  } catch {
    return { ok: false, message: "The server could not be reached." };
  }
}

/** The rounds of a room whose board has something drawn. */
export async function fetchBoardList(roomId: string, token: string): Promise<Fetched<BoardList>> {
  const result = await get(`/api/rooms/${roomId}/boards`, token);
  return result.ok ? { ok: true, data: boardListSchema.parse(await result.data.json()) } : result;
}

export async function fetchBoardJson(roomId: string, token: string, round: number): Promise<Fetched<unknown>> {
  const result = await get(`/api/rooms/${roomId}/boards/${round}`, token);
  return result.ok ? { ok: true, data: await result.data.json() } : result;
}

/** The `.excalidraw` file of a round's board. */
export async function fetchBoardFile(roomId: string, token: string, round: number): Promise<Fetched<Blob>> {
  const result = await get(boardDownloadPath(roomId, round), token);
  return result.ok ? { ok: true, data: await result.data.blob() } : result;
}
