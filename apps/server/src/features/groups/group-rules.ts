import { holderOf, roundHasStarted, type RoomRecord, type RotationSlot } from "../../core/room-record.ts";
import { planRotation } from "./rotation.ts";

/**
 * The rounds a group has run so far (the current one too, once started), as rotation slots. An abandoned round
 * (no scorecard) does not count: its candidate is owed the turn.
 */
export function groupHistory(room: RoomRecord): RotationSlot[] {
  const slots: RotationSlot[] = room.pastRounds.flatMap((past) =>
    past.candidate && past.interviewer && past.scorecardSubmitted ? [{ candidateId: past.candidate.id, interviewerId: past.interviewer.id }] : [],
  );
  const candidate = holderOf(room, "candidate");
  const interviewer = holderOf(room, "interviewer");
  if (candidate && interviewer) slots.push({ candidateId: candidate.id, interviewerId: interviewer.id });
  return slots;
}

export function roundsStarted(room: RoomRecord): number {
  return room.pastRounds.length + (roundHasStarted(room) ? 1 : 0);
}

/** Study groups hold 3 to 8 members. */
export const groupSize = { min: 3, max: 8 } as const;

/** Re-plans the rounds that remain for the members there are now; a no-op for pairs or before a plan exists. */
export function rebuildGroupPlan(room: RoomRecord): void {
  const group = room.group;
  if (!group || group.plannedRounds === 0) return;
  const members = room.participants.map((participant) => participant.id);
  const remaining = Math.max(0, group.plannedRounds - roundsStarted(room) - group.extraTurns.length);
  group.upcoming =
    members.length < 2 ? [] : planRotation(members, remaining, { history: groupHistory(room), extraTurns: group.extraTurns });
}
