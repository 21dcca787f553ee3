import type {
  CandidateSummary,
  Debrief,
  DebriefRound,
  ParticipantView,
  PromptView,
  RoomState,
  RoomSummary,
  SharedObserverNotes,
  StageInfo,
  SubmittedScorecard,
  TimerView,
} from "@mockloop/protocol";
import { NOT_ASSESSED } from "@mockloop/protocol";
import { suggestNextQuestion, type Question, type QuestionBank } from "@mockloop/questions";
import { holderOf, openRoles, questionsAskedInRoom, roundHasStarted, type ParticipantRecord, type RoomRecord, type ScorecardRecord } from "./room.ts";
import { roundRubric } from "./scorecard-rules.ts";
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
    competencies: stage.competencies,
  };
}

export function scorecardView(bank: QuestionBank, room: RoomRecord, scorecard: ScorecardRecord): SubmittedScorecard {
  const track = bank.findTrack(room.trackId);
  const stage = bank.findStage(room.trackId, room.stageId);
  const named = (entries: Record<string, { rating: string; evidence: string }>, names: readonly { id: string; name: string }[]) =>
    Object.entries(entries).map(([id, entry]) => ({ id, name: names.find((item) => item.id === id)?.name ?? id, ...entry }));
  const { content } = scorecard;
  return {
    round: scorecard.round,
    interviewer: scorecard.interviewer,
    candidate: scorecard.candidate,
    questions: content.questions.map((note) => ({
      id: note.questionId,
      prompt: bank.findQuestion(room.trackId, note.questionId)?.prompt ?? "(a question no longer in the bank)",
      notes: note.notes,
      star: note.star,
    })),
    competencies: named(content.competencies, stage?.competencies ?? []),
    principles: named(content.principles, track?.principles ?? []),
    recommendation: content.recommendation ?? NOT_ASSESSED,
    strengths: content.strengths,
    areasToWorkOn: content.areasToWorkOn,
    nextPractice: content.nextPractice,
    submittedAt: scorecard.submittedAt,
  };
}

function sharedNotesView(room: RoomRecord): SharedObserverNotes[] {
  return room.observerNotes.map(({ round, observer, notes, sharedAt }) => ({ round, observer, notes, sharedAt }));
}

/** The room as one kind of viewer may see it. This is the only place room state is turned into wire form. */
export function roomState(bank: QuestionBank, room: RoomRecord, view: RoomViewKind): RoomState {
  const current = room.currentQuestionId ? bank.findQuestion(room.trackId, room.currentQuestionId) : undefined;
  const base = {
    roomId: room.id,
    kind: room.kind,
    group: room.group
      ? {
          hostId: room.group.hostId,
          plannedRounds: room.group.plannedRounds,
          upcoming: room.group.upcoming.map((slot, index) => ({ round: room.round + index + (roundHasStarted(room) ? 1 : 0), ...slot })),
        }
      : null,
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

/** The next question to suggest: for the timer's part of the round, or the next part that asks questions. */
export function suggestedQuestion(bank: QuestionBank, room: RoomRecord): Question | undefined {
  const stage = bank.findStage(room.trackId, room.stageId);
  if (!stage || room.timer.status === "finished") return undefined;
  const currentId = room.timer.segments[room.timer.segmentIndex]?.id;
  const from = Math.max(0, stage.segments.findIndex((segment) => segment.id === currentId));
  for (const segment of stage.segments.slice(from)) {
    if (segment.categories.length === 0) continue;
    const question = suggestNextQuestion(bank, room.trackId, room.stageId, segment.id, questionsAskedInRoom(room));
    if (question) return question;
  }
  return undefined;
}

export function roomSummary(bank: QuestionBank, room: RoomRecord): RoomSummary {
  return {
    roomId: room.id,
    kind: room.kind,
    stage: stageInfo(bank, room.trackId, room.stageId),
    participants: room.participants.map(participantView),
    openRoles: openRoles(room),
  };
}

/** Every round of the room with its scorecard, and a summary per candidate across rounds. */
export function debriefView(bank: QuestionBank, room: RoomRecord): Debrief {
  const info = stageInfo(bank, room.trackId, room.stageId);
  const person = (participant: ParticipantRecord | undefined) => (participant ? { id: participant.id, name: participant.name } : null);
  const prompts = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const question = bank.findQuestion(room.trackId, id);
      return question ? [promptView(question)] : [];
    });
  const sharedFor = (round: number) => sharedNotesView(room).filter((notes) => notes.round === round);
  const rounds: DebriefRound[] = [
    ...room.pastRounds.map((past) => ({
      round: past.round,
      interviewer: past.interviewer,
      candidate: past.candidate,
      questions: prompts(past.askedQuestionIds),
      scorecard: past.scorecard ? scorecardView(bank, room, past.scorecard) : null,
      observerNotes: sharedFor(past.round),
    })),
    {
      round: room.round,
      // Whoever was scored stays on the record even if they have left since.
      interviewer: room.scorecard?.interviewer ?? person(holderOf(room, "interviewer")),
      candidate: room.scorecard?.candidate ?? person(holderOf(room, "candidate")),
      questions: prompts(room.askedQuestionIds),
      scorecard: room.scorecard ? scorecardView(bank, room, room.scorecard) : null,
      observerNotes: sharedFor(room.round),
    },
  ];
  return { roomId: room.id, trackName: info.trackName, stageName: info.stageName, scale: info.recommendationScale, rounds, candidates: candidateSummaries(rounds) };
}

function candidateSummaries(rounds: readonly DebriefRound[]): CandidateSummary[] {
  const byCandidate = new Map<string, CandidateSummary>();
  for (const round of rounds) {
    if (!round.candidate) continue;
    const summary = byCandidate.get(round.candidate.id) ?? { candidate: round.candidate, rounds: [], recommendations: [], principles: [] };
    byCandidate.set(round.candidate.id, summary);
    summary.rounds.push(round.round);
    if (!round.scorecard) continue;
    summary.recommendations.push({ round: round.round, recommendation: round.scorecard.recommendation });
    for (const rated of round.scorecard.principles) {
      if (rated.rating === NOT_ASSESSED) continue;
      let principle = summary.principles.find((entry) => entry.id === rated.id);
      if (!principle) {
        principle = { id: rated.id, name: rated.name, ratings: [] };
        summary.principles.push(principle);
      }
      principle.ratings.push({ round: round.round, rating: rated.rating });
    }
  }
  return [...byCandidate.values()];
}

/** Every submitted scorecard of the room, oldest round first. */
export function allScorecards(room: RoomRecord): ScorecardRecord[] {
  return [...room.pastRounds.map((past) => past.scorecard), room.scorecard].filter((scorecard) => scorecard !== null);
}
