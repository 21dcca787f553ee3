import type { Role } from "@mockloop/protocol";
import type { TimerState } from "./timer.ts";

export interface ParticipantRecord {
  id: string;
  name: string;
  role: Role;
  /** sha256 of the participant's secret token; the token itself is never stored. */
  tokenHash: string;
  /** Socket ids currently attached (several tabs are one person). Presence is "at least one". */
  connectionIds: string[];
  joinedAt: number;
}

export interface ScorecardRecord {
  recommendation: string;
  notes: string;
  interviewer: { id: string; name: string };
  candidate: { id: string; name: string };
  questionIds: string[];
  submittedAt: number;
}

export interface RoomRecord {
  id: string;
  trackId: string;
  stageId: string;
  createdAt: number;
  /** Bumped by every change; the store uses it for compare-and-set. */
  version: number;
  participants: ParticipantRecord[];
  currentQuestionId: string | null;
  askedQuestionIds: string[];
  timer: TimerState;
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

export function openRoles(room: RoomRecord): Role[] {
  return (["interviewer", "candidate", "observer"] as const).filter(
    (role) => !exclusiveRoles.includes(role) || !holderOf(room, role),
  );
}
