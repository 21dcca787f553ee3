import type { QuestionBank } from "@mockloop/questions";
import type { StoreClock } from "../../core/clock.ts";
import { channels } from "../../transport/channels.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import type { RoomServer } from "../../transport/socket-kit.ts";
import { participantView, roomState, viewOf } from "./views.ts";

/** Emits through Socket.IO (and so, with Redis, to every node): each participant in the view of their role now. */
export function createRoomPublisher({ io, bank, now }: { io: RoomServer; bank: QuestionBank; now: StoreClock }): RoomPublisher {
  return {
    state: (room) => {
      // Roles change between rounds, so each participant gets the view of the role they hold at this moment.
      const views = { interviewer: roomState(bank, room, "interviewer"), participant: roomState(bank, room, "participant") };
      for (const participant of room.participants) {
        io.to(channels.participant(participant.id)).emit("room:state", views[viewOf(room, participant.id)]);
      }
    },
    activity: async (roomId, type, participant, origin) => {
      const activity = { type, participant: participantView(participant), at: await now() };
      (origin ? origin.to(channels.room(roomId)) : io.to(channels.room(roomId))).emit("room:activity", activity);
    },
    toRoom: (roomId, event, payload) => {
      // The typed emit cannot follow E through a generic; the event table's types guarantee the payload.
      (io.to(channels.room(roomId)).emit as (event: string, payload: unknown) => boolean)(event, payload);
    },
    toParticipant: (participantId, event, payload) => {
      (io.to(channels.participant(participantId)).emit as (event: string, payload: unknown) => boolean)(event, payload);
    },
    toOtherTabs: (origin, participantId, event, payload) => {
      (origin.to(channels.participant(participantId)).emit as (event: string, payload: unknown) => boolean)(event, payload);
    },
  };
}
