import type { QuestionBank } from "@mockloop/questions";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { joined, type HandlerMap } from "../../transport/socket-kit.ts";
import type { ScorecardService } from "./scorecard-service.ts";
import { scorecardView } from "./views.ts";

type ScorecardEvent = "scorecard:draft:get" | "scorecard:draft:save" | "scorecard:submit";

export function scorecardHandlers({ scorecards, publisher, bank }: { scorecards: ScorecardService; publisher: RoomPublisher; bank: QuestionBank }): HandlerMap<ScorecardEvent> {
  return {
    "scorecard:draft:get": async (socket) => {
      const { roomId, participantId } = joined(socket);
      return scorecards.getDraft(roomId, participantId);
    },
    "scorecard:draft:save": async (socket, payload) => {
      const { roomId, participantId } = joined(socket);
      const draft = await scorecards.saveDraft(roomId, participantId, payload.content, payload.baseVersion);
      // The interviewer's other tabs follow along; nobody else ever receives a draft. The answer does not wait
      // for them to be told (a Redis round trip on every autosave): the draft is saved, and a tab that missed
      // this learns the latest on its next save (a version conflict answers it).
      void publisher.toOtherTabs(socket, participantId, "scorecard:draft", draft);
      return { version: draft.version, updatedAt: draft.updatedAt ?? 0 };
    },
    "scorecard:submit": async (socket, payload) => {
      const { roomId, participantId } = joined(socket);
      const { update, scorecard } = await scorecards.submit(roomId, participantId, payload);
      await publisher.changed(update);
      return scorecardView(bank, update.room, scorecard);
    },
  };
}
