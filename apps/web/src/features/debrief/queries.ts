import type { SubmittedScorecard } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import { queryOptions } from "@tanstack/react-query";
import { fetchDebrief, fetchRoomSummary, fetchScorecards } from "../../shared/api/endpoints.ts";
import { ApiError, unwrap } from "../../shared/api/request.ts";

export const debriefKeys = {
  scorecards: (roomId: string) => ["rooms", roomId, "scorecards"] as const,
  debrief: (roomId: string) => ["rooms", roomId, "debrief"] as const,
};

export interface ScorecardsPage {
  scorecards: SubmittedScorecard[];
  scale: ScaleLevel[];
  stageName: string;
  trackName: string;
}

async function loadScorecardsPage(roomId: string, token: string): Promise<ScorecardsPage> {
  const [list, summary] = await Promise.all([fetchScorecards(roomId, token), fetchRoomSummary(roomId)]);
  if (!list.ok) throw new ApiError(list.status, list.error);
  return {
    scorecards: list.data.scorecards,
    // The scale gives ratings their labels; without the room summary the ids are shown as they are.
    scale: summary.ok ? summary.data.stage.recommendationScale : [],
    stageName: summary.ok ? summary.data.stage.stageName : "Mock interview",
    trackName: summary.ok ? summary.data.stage.trackName : "",
  };
}

/** The room's submitted scorecards and what names their ratings; read with this browser's participant token. */
export function scorecardsPageQuery(roomId: string, token: string) {
  return queryOptions({ queryKey: debriefKeys.scorecards(roomId), queryFn: () => loadScorecardsPage(roomId, token) });
}

export function debriefQuery(roomId: string, token: string) {
  return queryOptions({ queryKey: debriefKeys.debrief(roomId), queryFn: () => unwrap(fetchDebrief(roomId, token)) });
}
