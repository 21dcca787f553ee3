import type { Activity, ServerEventName, ServerEventPayload } from "@mockloop/protocol";
import type { ParticipantRecord, RoomRecord } from "../core/room-record.ts";
import type { RoomSocket } from "./socket-types.ts";

/**
 * How features tell a room's people what changed. Implemented by the room feature (which knows how to turn a
 * room into each role's view); handed to every feature's handlers, so no feature imports another to emit.
 */
export interface RoomPublisher {
  /** Sends every participant the room in the view of the role they hold at this moment. */
  state(room: RoomRecord): void;
  /** Tells the room someone came, went or dropped; `origin`, their own connection, is not told about itself. */
  activity(roomId: string, type: Activity["type"], participant: ParticipantRecord, origin?: RoomSocket): Promise<void>;
  /** An event for everyone in the room. */
  toRoom<E extends ServerEventName>(roomId: string, event: E, payload: ServerEventPayload<E>): void;
  /** An event for every connection (tab) of one participant, on whichever node it is. */
  toParticipant<E extends ServerEventName>(participantId: string, event: E, payload: ServerEventPayload<E>): void;
  /** An event for a participant's other connections (tabs), not `origin` itself. */
  toOtherTabs<E extends ServerEventName>(origin: RoomSocket, participantId: string, event: E, payload: ServerEventPayload<E>): void;
}
