import type { RoomState } from "@mockloop/protocol";
import { useQuery } from "@tanstack/react-query";
import { fetchPrompts } from "../../shared/api/endpoints.ts";
import { unwrap } from "../../shared/api/request.ts";

/** The question category that is drawn: when such a question is pushed, the room offers the board. */
export const BOARD_CATEGORY = "system-design";

/**
 * Whether the question on screen asks for a drawing. The interviewer's view carries the question's categories;
 * everyone else reads them from the stage's public prompt list.
 */
export function useQuestionSuggestsBoard(state: RoomState): boolean {
  const current = state.currentQuestion;
  const needsList = current !== null && state.view === "participant";
  const prompts = useQuery({
    queryKey: ["tracks", state.stage.trackId, "prompts", state.stage.stageId],
    queryFn: () => unwrap(fetchPrompts(state.stage.trackId, state.stage.stageId)),
    enabled: needsList,
    staleTime: Infinity,
  });
  if (!current) return false;
  const categories =
    state.view === "interviewer" ? state.currentQuestion?.categories : prompts.data?.questions.find((question) => question.id === current.id)?.categories;
  return categories?.includes(BOARD_CATEGORY) ?? false;
}
