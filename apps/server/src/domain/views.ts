import type { ParticipantView, PromptView, RoomState, RoomSummary, StageInfo, SubmittedScorecard, TimerView } from "@mockloop/protocol";
import { suggestNextQuestion, type Question, type QuestionBank } from "@mockloop/questions";
import { openRoles, type ParticipantRecord, type RoomRecord, type ScorecardRecord } from "./room.ts";
import { roundLengthMs, type TimerState } from "./timer.ts";

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

export function promptView(question: Question): PromptView {
  return { id: question.id, prompt: question.prompt };
}

export function timerView(timer: TimerState): TimerView {
  return {
    status: timer.status,
    segments: timer.segments.map(({ id, name, durationMs }) => ({ id, name, durationMs })),
    segmentIndex: timer.segmentIndex,
    remainingMs: timer.remainingMs,
    deadline: timer.deadline,
    autoAdvance: timer.autoAdvance,
    durationMs: roundLengthMs(timer),
    version: timer.version,
  };
}

export function stageInfo(bank: QuestionBank, trackId: string, stageId: string): StageInfo {
  const track = bank.findTrack(trackId);
  const stage = bank.findStage(trackId, stageId);
  if (!track || !stage) throw new Error(`room refers to a stage the bank no longer has: ${trackId}/${stageId}`);
  return {
    trackId,
    trackName: track.name,
    stageId,
    stageName: stage.name,
    description: stage.description,
    segments: stage.segments,
    recommendationScale: track.recommendationScale,
  };
}

export function scorecardView(bank: QuestionBank, room: RoomRecord, scorecard: ScorecardRecord): SubmittedScorecard {
  return {
    recommendation: scorecard.recommendation,
    notes: scorecard.notes,
    interviewer: scorecard.interviewer,
    candidate: scorecard.candidate,
    questions: scorecard.questionIds.flatMap((id) => {
      const question = bank.findQuestion(room.trackId, id);
      return question ? [promptView(question)] : [];
    }),
    submittedAt: scorecard.submittedAt,
  };
}

/** The room as one kind of viewer may see it. This is the only place room state is turned into wire form. */
export function roomState(bank: QuestionBank, room: RoomRecord, view: RoomViewKind): RoomState {
  const current = room.currentQuestionId ? bank.findQuestion(room.trackId, room.currentQuestionId) : undefined;
  const base = {
    roomId: room.id,
    stage: stageInfo(bank, room.trackId, room.stageId),
    participants: room.participants.map(participantView),
    askedQuestionIds: room.askedQuestionIds,
    timer: timerView(room.timer),
    scorecard: room.scorecard ? scorecardView(bank, room, room.scorecard) : null,
    version: room.version,
  };
  return view === "interviewer"
    ? { view, ...base, currentQuestion: current ?? null, suggestedQuestionId: suggestedQuestion(bank, room)?.id ?? null }
    : { view, ...base, currentQuestion: current ? promptView(current) : null };
}

/** The next question to suggest: for the timer's part of the round, or the next part that asks questions. */
export function suggestedQuestion(bank: QuestionBank, room: RoomRecord): Question | undefined {
  const stage = bank.findStage(room.trackId, room.stageId);
  if (!stage || room.timer.status === "finished") return undefined;
  const currentId = room.timer.segments[room.timer.segmentIndex]?.id;
  const from = Math.max(0, stage.segments.findIndex((segment) => segment.id === currentId));
  for (const segment of stage.segments.slice(from)) {
    if (segment.categories.length === 0) continue;
    const question = suggestNextQuestion(bank, room.trackId, room.stageId, segment.id, room.askedQuestionIds);
    if (question) return question;
  }
  return undefined;
}

export function roomSummary(bank: QuestionBank, room: RoomRecord): RoomSummary {
  return {
    roomId: room.id,
    stage: stageInfo(bank, room.trackId, room.stageId),
    participants: room.participants.map(participantView),
    openRoles: openRoles(room),
  };
}
