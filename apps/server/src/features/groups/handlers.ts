import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { roomCommand, type HandlerMap } from "../../transport/socket-kit.ts";
import type { GroupService } from "./group-service.ts";

type GroupEvent = "group:plan" | "group:next" | "group:extra-turn" | "group:host" | "group:abandon-round" | "group:interviewer";

export function groupHandlers({ groups, publisher }: { groups: GroupService; publisher: RoomPublisher }): HandlerMap<GroupEvent> {
  return {
    "group:plan": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.plan(roomId, participantId, payload.rounds)),
    "group:next": roomCommand(publisher, ({ roomId, participantId }) => groups.next(roomId, participantId)),
    "group:extra-turn": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.extraTurn(roomId, participantId, payload.participantId)),
    "group:host": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.transferHost(roomId, participantId, payload.participantId)),
    "group:abandon-round": roomCommand(publisher, ({ roomId, participantId }) => groups.abandonRound(roomId, participantId)),
    "group:interviewer": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.giveInterviewerSeat(roomId, participantId, payload.participantId)),
  };
}
