import { ErrorCode, MockloopError, type Role, type ScorecardContent } from "@mockloop/protocol";
import { tokenMatches } from "./ids.ts";

/**
 * The room as stored: the shared kernel every feature reads and changes through one atomic store update.
 * Each feature owns the rules for its part (the timer, the group, the scorecard); the shapes live here so the
 * store and every feature agree on them without importing each other.
 */

export interface ParticipantRecord {
  id: string;
  name: string;
  role: Role;
  /** sha256 of the participant's secret token; the token itself is never stored. */
  tokenHash: string;
  /** Socket ids currently attached (several tabs are one person). Presence is "at least one". */
  connectionIds: string[];
  joinedAt: number;
  /** False for a seat reserved for someone (a matched partner) who has not connected yet. */
  hasConnected: boolean;
}

export interface Person {
  id: string;
  name: string;
}

/** One named part of a round, e.g. "Management, 20 min". */
export interface TimerSegment {
  id: string;
  name: string;
  /** Its length now, after any time the interviewer added or removed. */
  durationMs: number;
  /** Its length in the plan, restored by a reset. */
  plannedMs: number;
}

/**
 * The round timer as stored. The server is the only authority, and it keeps a deadline, not a counter:
 * running → `deadline` is the server-clock time the current segment ends; otherwise `remainingMs` is what is left of it.
 */
export interface TimerState {
  status: "idle" | "running" | "paused" | "finished";
  segments: TimerSegment[];
  segmentIndex: number;
  deadline: number | null;
  remainingMs: number;
  /** When a segment ends the next starts by itself; when false it waits, paused, for the interviewer. */
  autoAdvance: boolean;
  /** Bumped by every transition; clients ignore states older than the one they show. */
  version: number;
}

/** A submitted scorecard: read-only from here on. */
export interface ScorecardRecord {
  round: number;
  /** The submit's request id, so a retried submit gets the same answer instead of a second scorecard. */
  requestId: string;
  /** Complete: every rubric item rated (or not assessed), every asked question present. */
  content: ScorecardContent;
  interviewer: Person;
  candidate: Person;
  questionIds: string[];
  submittedAt: number;
}

/** Notes an observer shared with the candidate. */
export interface SharedObserverNotesRecord {
  round: number;
  requestId: string;
  observer: Person;
  notes: string;
  sharedAt: number;
}

/** One round of a study group: who answers and who asks. Everyone else observes. */
export interface RotationSlot {
  candidateId: string;
  interviewerId: string;
}

/** A study group's host and rotation plan. */
export interface GroupState {
  hostId: string | null;
  /** How many rounds the group means to run in all, counting those already run. */
  plannedRounds: number;
  /** Members who asked for one more turn as candidate. */
  extraTurns: string[];
  /** The rounds not yet started, in order. */
  upcoming: RotationSlot[];
}

export type RoomKindId = "pair" | "group";

export interface RoomRecord {
  id: string;
  /** A pair takes turns by swapping roles; a group rotates by plan. Its rules are the kind's policy (`RoomKind`). */
  kind: RoomKindId;
  group: GroupState | null;
  trackId: string;
  stageId: string;
  createdAt: number;
  /** Bumped by every change; the store uses it for compare-and-set. */
  version: number;
  participants: ParticipantRecord[];
  currentQuestionId: string | null;
  askedQuestionIds: string[];
  timer: TimerState;
  /** The round being run; scorecards and drafts are keyed by it. */
  round: number;
  scorecard: ScorecardRecord | null;
  /** Shared observer notes of every round (each carries its round). */
  observerNotes: SharedObserverNotesRecord[];
  /** Earlier rounds of this room, oldest first: a pair that swapped roles has one. */
  pastRounds: ArchivedRound[];
  /** People who left: they can no longer take part, but their token still reads the scorecards and debrief. */
  formerParticipants: { id: string; name: string; tokenHash: string }[];
}

/** A finished round, kept for the debrief. */
export interface ArchivedRound {
  round: number;
  interviewer: Person | null;
  candidate: Person | null;
  askedQuestionIds: string[];
  scorecard: ScorecardRecord | null;
}

/** Roles that one person at most may hold in a round. */
export const exclusiveRoles: readonly Role[] = ["interviewer", "candidate"];

export function findParticipant(room: RoomRecord, participantId: string): ParticipantRecord | undefined {
  return room.participants.find((participant) => participant.id === participantId);
}

export function holderOf(room: RoomRecord, role: Role): ParticipantRecord | undefined {
  return room.participants.find((participant) => participant.role === role);
}

export function requireParticipant(room: RoomRecord, participantId: string): ParticipantRecord {
  const participant = findParticipant(room, participantId);
  if (!participant) throw new MockloopError(ErrorCode.NotJoined, "you are not a participant of this room");
  return participant;
}

export function requireRole(room: RoomRecord, participantId: string, role: Role, action: string): ParticipantRecord {
  const participant = requireParticipant(room, participantId);
  if (participant.role !== role) throw new MockloopError(ErrorCode.Forbidden, `only the ${role} can ${action}`);
  return participant;
}

/**
 * Whoever holds `token` among the room's people, present or past: someone who left still reads the feedback and
 * the boards of the rounds they were in. Throws INVALID_TOKEN for anyone else.
 */
export function readerOf(room: RoomRecord, token: string): Person {
  const reader = [...room.participants, ...room.formerParticipants].find((participant) => tokenMatches(token, participant.tokenHash));
  if (!reader) throw new MockloopError(ErrorCode.InvalidToken, "that token does not belong to anyone in this room");
  return { id: reader.id, name: reader.name };
}

export function roomNotFound(roomId: string): MockloopError {
  return new MockloopError(ErrorCode.RoomNotFound, `no room ${roomId}`);
}

/** Whether the current round has its two people (a group's first round has none until the host starts it). */
export function roundHasStarted(room: RoomRecord): boolean {
  return Boolean(holderOf(room, "interviewer") || holderOf(room, "candidate") || room.askedQuestionIds.length > 0 || room.scorecard);
}

/**
 * Files the current round under pastRounds and opens the next: no questions, no scorecard, and `freshTimer`
 * (the timer back to its plan, from the timer's rules). Roles are the caller's to assign.
 */
export function archiveCurrentRound(room: RoomRecord, freshTimer: TimerState): void {
  const interviewer = holderOf(room, "interviewer");
  const candidate = holderOf(room, "candidate");
  room.pastRounds.push({
    round: room.round,
    interviewer: interviewer ? { id: interviewer.id, name: interviewer.name } : room.scorecard?.interviewer ?? null,
    candidate: candidate ? { id: candidate.id, name: candidate.name } : room.scorecard?.candidate ?? null,
    askedQuestionIds: room.askedQuestionIds,
    scorecard: room.scorecard,
  });
  room.round += 1;
  room.askedQuestionIds = [];
  room.currentQuestionId = null;
  room.scorecard = null;
  room.timer = freshTimer;
}

/** Every question asked in the room, in any round: both people of a swapped pair have heard them. */
export function questionsAskedInRoom(room: RoomRecord): string[] {
  return [...new Set([...room.pastRounds.flatMap((past) => past.askedQuestionIds), ...room.askedQuestionIds])];
}
