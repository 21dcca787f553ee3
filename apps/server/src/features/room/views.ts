import { dequal } from "dequal/lite";
import type { ParticipantView, Role, RoomPatch, RoomSnapshot, RoomSummary } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import { attendsCurrentRound, findParticipant, type ParticipantRecord, type RoomRecord } from "../../core/room-record.ts";
import { stageInfo } from "../questions/index.ts";
import { RoomViews, type InterviewerFields, type ParticipantFields, type ViewClass } from "./room-views.ts";

export type { ViewClass } from "./room-views.ts";

export function viewClassOf(room: RoomRecord, participantId: string): ViewClass | undefined {
  const participant = findParticipant(room, participantId);
  if (!participant) return undefined;
  if (participant.role === "interviewer") return "interviewer";
  return attendsCurrentRound(room, participantId) ? "attendee" : "latecomer";
}

export function participantView(participant: ParticipantRecord, online: boolean): ParticipantView {
  return { id: participant.id, name: participant.name, role: participant.role, connected: online };
}

/** The changing part of the room, as one class of viewer may see it. The only place room state becomes wire form. */
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: "interviewer"): InterviewerFields;
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: ViewClass): InterviewerFields | ParticipantFields;
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: ViewClass): InterviewerFields | ParticipantFields {
  return new RoomViews(bank, room).fields(viewClass);
}

const wireView = (viewClass: ViewClass) => (viewClass === "interviewer" ? "interviewer" : "participant");

/** The whole room for one viewer: on join, rejoin, `room:sync`, and when a change of role or round changes their view. */
export function roomSnapshot(bank: QuestionBank, room: RoomRecord, viewClass: ViewClass, online: readonly string[]): RoomSnapshot {
  return {
    view: wireView(viewClass),
    roomId: room.id,
    kind: room.kind,
    version: room.version,
    online: online.filter((id) => room.participants.some((participant) => participant.id === id)),
    ...roomFields(bank, room, viewClass),
  } as RoomSnapshot;
}

/**
 * The patches of one change, one per class, asked for as needed: the views before and after are each built
 * once for all the classes.
 */
export function roomPatches(bank: QuestionBank, before: RoomRecord, after: RoomRecord): (viewClass: ViewClass) => RoomPatch {
  const old = new RoomViews(bank, before);
  const now = new RoomViews(bank, after);
  return (viewClass) => {
    const changes: Record<string, unknown> = {};
    for (const field of RoomViews.fieldsOf(viewClass)) {
      const key = now.key(field);
      // Same inputs, same value: nothing to build or compare.
      if (key !== undefined && key === old.key(field)) continue;
      const value = now.value(viewClass, field);
      const was = old.value(viewClass, field);
      // Compared as plain data (views are JSON-shaped, so the lite compare suffices): no strings to build, values
      // shared with the bank match at once, and several times quicker than node's isDeepStrictEqual on every push.
      if (dequal(value, was)) continue;
      changes[field] = value;
    }
    return { view: wireView(viewClass), roomId: after.id, version: after.version, changes } as RoomPatch;
  };
}

/** One change in one class's view: the fields whose value differs, whole. Empty changes still carry the version. */
export function roomPatch(bank: QuestionBank, before: RoomRecord, after: RoomRecord, viewClass: ViewClass): RoomPatch {
  return roomPatches(bank, before, after)(viewClass);
}

/** What an invite link tells someone before they join: the stage and the open seats, never who is inside. */
export function roomSummary(bank: QuestionBank, room: RoomRecord, openRoles: Role[]): RoomSummary {
  return { roomId: room.id, kind: room.kind, stage: stageInfo(bank, room.trackId, room.stageId), openRoles };
}
