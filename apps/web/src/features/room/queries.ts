import { queryOptions } from "@tanstack/react-query";
import { fetchRoomSummary } from "../../shared/api/endpoints.ts";
import { unwrap } from "../../shared/api/request.ts";

export const roomKeys = {
  summary: (roomId: string) => ["rooms", roomId, "summary"] as const,
};

/** Who is in the room and which seats are open, for someone about to join. */
export function roomSummaryQuery(roomId: string) {
  return queryOptions({ queryKey: roomKeys.summary(roomId), queryFn: () => unwrap(fetchRoomSummary(roomId)) });
}
