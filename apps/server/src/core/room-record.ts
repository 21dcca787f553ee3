import { ErrorCode, MockloopError, type Role, type ScorecardContent } from "@mockloop/protocol";
import { hashToken, sameTokenHash } from "./ids.ts";

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

/**
 * The room's hot record: what every change reads and writes, kept small and bounded so a write costs the same
 * in round 1 and round 30. Finished rounds (with their scorecards and notes) and people who left live in the
 * room's side tables (`RoomTables`), written once; who is connected lives in the presence store.
 */
export interface RoomRecord {
  id: string;
  /** A pair takes turns by swapping roles; a group rotates by plan. Its rules are the kind's policy (`RoomKind`). */
  kind: RoomKindId;
  group: GroupState | null;
  trackId: string;
  stageId: string;
  createdAt: number;
  /** Bumped by every change; the store uses it for compare-and-set, clients to apply changes in order. */
  version: number;
  participants: ParticipantRecord[];
  currentQuestionId: string | null;
  askedQuestionIds: string[];
  timer: TimerState;
  /** The round being run; scorecards and drafts are keyed by it. */
  round: number;
  /**
   * Who was in the room during this round (participant ids), fixed once its scorecard is in: they, and only
   * they, may read the round's feedback, even after leaving.
   */
  attendees: string[];
  /** This round's submitted scorecard. */
  scorecard: ScorecardRecord | null;
  /** Observer notes shared this round. */
  observerNotes: SharedObserverNotesRecord[];
  /**
   * Earlier rounds, oldest first, in brief (who asked, who answered, which questions); whole in the rounds table.
   * Only ever replaced by a longer list, never changed in place: a store may share one list between copies of
   * the room and keep it apart from the rest of the record, written only when a round ends.
   */
  pastRounds: readonly PastRoundSummary[];
  /**
   * The request ids of each participant's latest applied commands (`applyOnce`): a command sent again with one
   * of them is not applied twice. Absent until a command carries one; never part of what clients are sent.
   */
  appliedRequests?: Record<string, string[]>;
}

export interface PastRoundSummary {
  round: number;
  interviewer: Person | null;
  candidate: Person | null;
  askedQuestionIds: string[];
  scorecardSubmitted: boolean;
}

/** A finished round as kept for the debrief, in the room's `rounds` table. */
export interface ArchivedRound {
  round: number;
  interviewer: Person | null;
  candidate: Person | null;
  askedQuestionIds: string[];
  scorecard: ScorecardRecord | null;
  observerNotes: SharedObserverNotesRecord[];
  attendees: string[];
  /** Ended by the group's host without a scorecard. */
  abandoned: boolean;
}

/** Someone who left, in the room's `formers` table keyed by their token's hash: their token still reads the rounds they attended. */
export interface FormerParticipant {
  id: string;
  name: string;
}

/** A room holds at most this many rounds: enough for any real session, and it bounds the room's tables. */
export const maxRoundsPerRoom = 30;
/** At most this many people may attend one round (joins and leaves included), which bounds the hot record. */
export const maxAttendeesPerRound = 64;

/** Roles that one person at most may hold in a round. */
export const exclusiveRoles: readonly Role[] = ["interviewer", "candidate"];

export function findParticipant(room: RoomRecord, participantId: string): ParticipantRecord | undefined {
  return room.participants.find((participant) => participant.id === participantId);
}

/** The participant a token belongs to, if any (the room keeps only each token's hash). */
export function participantWithToken(room: RoomRecord, token: string): ParticipantRecord | undefined {
  const tokenHash = hashToken(token);
  return room.participants.find((participant) => sameTokenHash(tokenHash, participant.tokenHash));
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

export function roomNotFound(roomId: string): MockloopError {
  return new MockloopError(ErrorCode.RoomNotFound, `no room ${roomId}`);
}

/** Whether the current round has its two people (a group's first round has none until the host starts it). */
export function roundHasStarted(room: RoomRecord): boolean {
  return Boolean(holderOf(room, "interviewer") || holderOf(room, "candidate") || room.askedQuestionIds.length > 0 || room.scorecard);
}

/**
 * Ends the current round and opens the next: no questions, no scorecard, `freshTimer` (the timer back to its
 * plan, from the timer's rules), and everyone present attends it. Answers the finished round whole, for the
 * rounds table (the change puts it there); the hot record keeps a summary. Roles are the caller's to assign.
 */
export function archiveCurrentRound(room: RoomRecord, freshTimer: TimerState, options: { abandoned?: boolean } = {}): ArchivedRound {
  if (room.round >= maxRoundsPerRoom) {
    throw new MockloopError(ErrorCode.RoundLimit, `a room holds at most ${maxRoundsPerRoom} rounds; start a new room to go on`);
  }
  const interviewer = holderOf(room, "interviewer");
  const candidate = holderOf(room, "candidate");
  const archived: ArchivedRound = {
    round: room.round,
    interviewer: interviewer ? { id: interviewer.id, name: interviewer.name } : room.scorecard?.interviewer ?? null,
    candidate: candidate ? { id: candidate.id, name: candidate.name } : room.scorecard?.candidate ?? null,
    askedQuestionIds: room.askedQuestionIds,
    scorecard: room.scorecard,
    observerNotes: room.observerNotes,
    attendees: room.attendees,
    abandoned: options.abandoned ?? false,
  };
  room.pastRounds = [
    ...room.pastRounds,
    {
      round: archived.round,
      interviewer: archived.interviewer,
      candidate: archived.candidate,
      askedQuestionIds: archived.askedQuestionIds,
      scorecardSubmitted: archived.scorecard !== null,
    },
  ];
  room.round += 1;
  room.askedQuestionIds = [];
  room.currentQuestionId = null;
  room.scorecard = null;
  room.observerNotes = [];
  room.attendees = room.participants.map((participant) => participant.id);
  room.timer = freshTimer;
  return archived;
}

/** Records a newcomer as attending the current round, unless its scorecard is already in (the round is over for feedback). */
export function markAttending(room: RoomRecord, participantId: string): void {
  if (room.scorecard || room.attendees.includes(participantId)) return;
  if (room.attendees.length >= maxAttendeesPerRound) {
    throw new MockloopError(ErrorCode.RoomFull, "too many people have come and gone in this round; wait for the next one");
  }
  room.attendees.push(participantId);
}

/** Whether this person may read the current round's feedback (its scorecard and shared notes). */
export function attendsCurrentRound(room: RoomRecord, participantId: string): boolean {
  return room.attendees.includes(participantId);
}

/** Every question asked in the room, in any round: both people of a swapped pair have heard them. */
export function questionsAskedInRoom(room: RoomRecord): string[] {
  return [...new Set([...room.pastRounds.flatMap((past) => past.askedQuestionIds), ...room.askedQuestionIds])];
}
