import type { ParticipantView, Role, RoomPatch, RoomSnapshot, RoomSummary, WireParticipant } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import { attendsCurrentRound, findParticipant, type ParticipantRecord, type RoomRecord } from "../../core/room-record.ts";
import { groupView } from "../groups/index.ts";
import { sharedNotesView } from "../observer-notes/index.ts";
import { promptView, stageInfo, suggestedQuestion } from "../questions/index.ts";
import { roundRubric, scorecardView } from "../scorecards/index.ts";
import { timerView } from "../timer/index.ts";

/**
 * Which shape of the room someone receives. Only the interviewer's view holds interviewer-only fields; a
 * latecomer — someone who joined after this round's scorecard was in — does not see this round's feedback.
 * Everyone of one class receives the same thing, so each change is one publish per class, not per person.
 */
export type ViewClass = "interviewer" | "attendee" | "latecomer";

export function viewClassOf(room: RoomRecord, participantId: string): ViewClass | undefined {
  const participant = findParticipant(room, participantId);
  if (!participant) return undefined;
  if (participant.role === "interviewer") return "interviewer";
  return attendsCurrentRound(room, participantId) ? "attendee" : "latecomer";
}

export function participantView(participant: ParticipantRecord, online: boolean): ParticipantView {
  return { id: participant.id, name: participant.name, role: participant.role, connected: online };
}

function wireParticipant({ id, name, role }: ParticipantRecord): WireParticipant {
  return { id, name, role };
}

type InterviewerFields = Omit<Extract<RoomSnapshot, { view: "interviewer" }>, "view" | "roomId" | "kind" | "version" | "online">;
type ParticipantFields = Omit<Extract<RoomSnapshot, { view: "participant" }>, "view" | "roomId" | "kind" | "version" | "online">;

/** The changing part of the room, as one class of viewer may see it. The only place room state becomes wire form. */
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: "interviewer"): InterviewerFields;
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: ViewClass): InterviewerFields | ParticipantFields;
export function roomFields(bank: QuestionBank, room: RoomRecord, viewClass: ViewClass): InterviewerFields | ParticipantFields {
  const current = room.currentQuestionId ? bank.findQuestion(room.trackId, room.currentQuestionId) : undefined;
  const feedbackVisible = viewClass !== "latecomer";
  const shared = {
    group: groupView(room),
    participants: room.participants.map(wireParticipant),
    round: room.round,
    askedQuestionIds: room.askedQuestionIds,
    pastRounds: room.pastRounds.map((past) => ({
      round: past.round,
      interviewer: past.interviewer,
      candidate: past.candidate,
      questionIds: past.askedQuestionIds,
      scorecardSubmitted: past.scorecardSubmitted,
    })),
    timer: timerView(room.timer),
    scorecard: feedbackVisible && room.scorecard ? scorecardView(bank, room, room.scorecard) : null,
    observerNotes: feedbackVisible ? sharedNotesView(room.observerNotes) : [],
  };
  if (viewClass !== "interviewer") return { ...shared, currentQuestion: current ? promptView(current) : null };
  const rubric = roundRubric(bank, room);
  return {
    ...shared,
    currentQuestion: current ?? null,
    suggestedQuestionId: suggestedQuestion(bank, room)?.id ?? null,
    rubric: { competencies: rubric.competencies, principles: rubric.principles },
  };
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

/** One change in one class's view: the fields whose value differs, whole. Empty changes still carry the version. */
export function roomPatch(bank: QuestionBank, before: RoomRecord, after: RoomRecord, viewClass: ViewClass): RoomPatch {
  const old = roomFields(bank, before, viewClass) as Record<string, unknown>;
  const now = roomFields(bank, after, viewClass) as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(now)) if (JSON.stringify(value) !== JSON.stringify(old[field])) changes[field] = value;
  return { view: wireView(viewClass), roomId: after.id, version: after.version, changes } as RoomPatch;
}

/** What an invite link tells someone before they join: the stage and the open seats, never who is inside. */
export function roomSummary(bank: QuestionBank, room: RoomRecord, openRoles: Role[]): RoomSummary {
  return { roomId: room.id, kind: room.kind, stage: stageInfo(bank, room.trackId, room.stageId), openRoles };
}
