import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { roomCommand, type HandlerMap } from "../../transport/socket-kit.ts";
import type { GroupService } from "./group-service.ts";

type GroupEvent = "group:plan" | "group:next" | "group:extra-turn" | "group:host" | "group:abandon-round" | "group:interviewer";

export function groupHandlers({ groups, publisher }: { groups: GroupService; publisher: RoomPublisher }): HandlerMap<GroupEvent> {
  return {
    "group:plan": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.plan(roomId, participantId, payload.rounds, payload.requestId)),
    "group:next": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.next(roomId, participantId, payload.requestId)),
    "group:extra-turn": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.extraTurn(roomId, participantId, payload.participantId, payload.requestId)),
    "group:host": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.transferHost(roomId, participantId, payload.participantId, payload.requestId)),
    "group:abandon-round": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.abandonRound(roomId, participantId, payload.requestId)),
    "group:interviewer": roomCommand(publisher, ({ roomId, participantId }, payload) => groups.giveInterviewerSeat(roomId, participantId, payload.participantId, payload.requestId)),
  };
}
