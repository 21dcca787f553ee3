import { NOT_ASSESSED, type CandidateSummary, type Debrief, type DebriefRound, type SubmittedScorecard } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import { holderOf, type ParticipantRecord, type RoomRecord, type ScorecardRecord } from "../../core/room-record.ts";
import { sharedNotesView } from "../observer-notes/index.ts";
import { promptView, stageInfo } from "../questions/index.ts";

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
