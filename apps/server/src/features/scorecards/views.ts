import { NOT_ASSESSED, type CandidateSummary, type Debrief, type DebriefRound, type SubmittedScorecard } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { ArchivedRound, RoomRecord, ScorecardRecord } from "../../core/room-record.ts";
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

/** The rounds a reader may read, each with its scorecard and shared notes, and a summary per candidate across them. */
export function debriefView(bank: QuestionBank, room: RoomRecord, readable: readonly ArchivedRound[]): Debrief {
  const info = stageInfo(bank, room.trackId, room.stageId);
  const prompts = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const question = bank.findQuestion(room.trackId, id);
      return question ? [promptView(question)] : [];
    });
  const rounds: DebriefRound[] = readable.map((round) => ({
    round: round.round,
    interviewer: round.interviewer,
    candidate: round.candidate,
    questions: prompts(round.askedQuestionIds),
    scorecard: round.scorecard ? scorecardView(bank, room, round.scorecard) : null,
    observerNotes: sharedNotesView(round.observerNotes),
  }));
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

/** The submitted scorecards of these rounds, oldest round first. */
export function scorecardsOf(rounds: readonly ArchivedRound[]): ScorecardRecord[] {
  return rounds.map((round) => round.scorecard).filter((scorecard) => scorecard !== null);
}
