import type { ParticipantView, RoomState, RoomSummary } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { Role } from "@mockloop/protocol";
import type { ParticipantRecord, RoomRecord } from "../../core/room-record.ts";
import { groupView } from "../groups/index.ts";
import { sharedNotesView } from "../observer-notes/index.ts";
import { promptView, stageInfo, suggestedQuestion } from "../questions/index.ts";
import { roundRubric, scorecardView } from "../scorecards/index.ts";
import { timerView } from "../timer/index.ts";

/** Which shape of the room a connection receives; only the interviewer's includes interviewer-only fields. */
export type RoomViewKind = RoomState["view"];

export function participantView(participant: ParticipantRecord): ParticipantView {
  return {
    id: participant.id,
    name: participant.name,
    role: participant.role,
    connected: participant.connectionIds.length > 0,
  };
}

/** The view a participant gets for the role they hold now. */
export function viewOf(room: RoomRecord, participantId: string): RoomViewKind {
  return room.participants.find((participant) => participant.id === participantId)?.role === "interviewer" ? "interviewer" : "participant";
}

/** The room as one kind of viewer may see it. This is the only place room state is turned into wire form. */
export function roomState(bank: QuestionBank, room: RoomRecord, view: RoomViewKind): RoomState {
  const current = room.currentQuestionId ? bank.findQuestion(room.trackId, room.currentQuestionId) : undefined;
  const base = {
    roomId: room.id,
    kind: room.kind,
    group: groupView(room),
    stage: stageInfo(bank, room.trackId, room.stageId),
    participants: room.participants.map(participantView),
    round: room.round,
    askedQuestionIds: room.askedQuestionIds,
    pastRounds: room.pastRounds.map((past) => ({
      round: past.round,
      interviewer: past.interviewer,
      candidate: past.candidate,
      questionIds: past.askedQuestionIds,
      scorecardSubmitted: past.scorecard !== null,
    })),
    timer: timerView(room.timer),
    scorecard: room.scorecard ? scorecardView(bank, room, room.scorecard) : null,
    // Notes shared in earlier rounds are on the debrief; the room shows this round's.
    observerNotes: sharedNotesView(room).filter((notes) => notes.round === room.round),
    version: room.version,
  };
  return view === "interviewer"
    ? {
        view,
        ...base,
        currentQuestion: current ?? null,
        suggestedQuestionId: suggestedQuestion(bank, room)?.id ?? null,
        rubric: (({ competencies, principles }) => ({ competencies, principles }))(roundRubric(bank, room)),
      }
    : { view, ...base, currentQuestion: current ? promptView(current) : null };
}

export function roomSummary(bank: QuestionBank, room: RoomRecord, openRoles: Role[]): RoomSummary {
  return {
    roomId: room.id,
    kind: room.kind,
    stage: stageInfo(bank, room.trackId, room.stageId),
    participants: room.participants.map(participantView),
    openRoles,
  };
}
