import type { RoomClient } from "@mockloop/protocol/client";
import { queryOptions } from "@tanstack/react-query";

export const questionKeys = {
  bank: (roomId: string) => ["rooms", roomId, "questions"] as const,
};

/** The stage's question bank, read over the room's socket (interviewers only). It does not change: read once per tab. */
export function questionBankQuery(roomId: string, client: RoomClient) {
  return queryOptions({
    queryKey: questionKeys.bank(roomId),
    queryFn: async () => (await client.listQuestions()).questions,
    staleTime: Infinity,
  });
}
