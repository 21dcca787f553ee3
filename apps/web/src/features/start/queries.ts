import type { TrackList } from "@mockloop/protocol";
import { queryOptions } from "@tanstack/react-query";
import type { Tracks } from "../../shared/stage/StageSelect.tsx";
import { fetchPrompts, fetchTracks } from "../../shared/api/endpoints.ts";
import { unwrap } from "../../shared/api/request.ts";

export const startKeys = {
  tracks: ["tracks"] as const,
  prompts: (trackId: string, stageId: string) => ["tracks", trackId, "prompts", stageId] as const,
};

const FIRST_TRACK = "amazon-tpm";

function tracksInOrder(list: TrackList): Tracks {
  return [...list.tracks].sort((a, b) => Number(b.id === FIRST_TRACK) - Number(a.id === FIRST_TRACK));
}

/** Every track and its stages, the featured track first. */
export function tracksQuery() {
  return queryOptions({ queryKey: startKeys.tracks, queryFn: () => unwrap(fetchTracks()), select: tracksInOrder });
}

/** A stage's prompts, without follow-ups or guidance. */
export function promptsQuery(trackId: string, stageId: string) {
  return queryOptions({ queryKey: startKeys.prompts(trackId, stageId), queryFn: () => unwrap(fetchPrompts(trackId, stageId)) });
}
