import type { RotationSlot } from "../../core/room-record.ts";

export interface RotationOptions {
  /** Rounds already run (oldest first), so a rebuilt plan continues fairly from them. */
  history?: readonly RotationSlot[];
  /** Members who asked for one more turn as candidate, in the order they asked; their turns come last. */
  extraTurns?: readonly string[];
}

/**
 * Plans `rounds` rounds for the members, in blocks of one round per member: in a block everyone answers once
 * and asks once, so at every point candidate turns differ by at most one between members, and so do
 * interviewer turns. Within a block, interviewers are matched to candidates so that, wherever the history
 * allows, nobody gets the interviewer they had the last time they answered (always, for a fresh plan of 3 or
 * more). The first candidates are those with the fewest turns so far, so a plan rebuilt after someone leaves
 * or joins stays fair.
 */
export function planRotation(memberIds: readonly string[], rounds: number, options: RotationOptions = {}): RotationSlot[] {
  const members = [...new Set(memberIds)];
  if (members.length < 2) throw new Error("a rotation needs at least two members");
  const history = options.history ?? [];
  const order = orderByTurns(members, history);
  const n = order.length;
  const plan: RotationSlot[] = [];
  for (let k = 0; k < rounds; k += n) {
    const candidates = order.slice(0, Math.min(n, rounds - k));
    const interviewers = matchInterviewers(candidates, members, [...history, ...plan]);
    candidates.forEach((candidateId, j) => plan.push({ candidateId, interviewerId: interviewers[j] as string }));
  }
  for (const candidateId of options.extraTurns ?? []) {
    if (!members.includes(candidateId)) continue;
    plan.push({ candidateId, interviewerId: leastUsedInterviewer(members, candidateId, [...history, ...plan]) });
  }
  return plan;
}

/**
 * One distinct interviewer per candidate of a block, never the candidate themselves, preferring members who
 * interviewed least; a search over the (at most 8) members first refuses "the same interviewer as last time",
 * and only accepts a repeat when no matching avoids one.
 */
function matchInterviewers(candidates: readonly string[], members: readonly string[], slots: readonly RotationSlot[]): string[] {
  const lastInterviewerOf = (candidateId: string) => {
    const index = lastIndex(slots, (slot) => slot.candidateId === candidateId);
    return index >= 0 ? slots[index]?.interviewerId : undefined;
  };
  const turns = (id: string) => slots.filter((slot) => slot.interviewerId === id).length;
  const byTurns = [...members].sort((a, b) => turns(a) - turns(b));
  const search = (j: number, used: Set<string>, chosen: string[], avoidRepeats: boolean): string[] | undefined => {
    if (j === candidates.length) return chosen;
    const candidateId = candidates[j] as string;
    for (const id of byTurns) {
      if (id === candidateId || used.has(id)) continue;
      if (avoidRepeats && id === lastInterviewerOf(candidateId)) continue;
      used.add(id);
      const found = search(j + 1, used, [...chosen, id], avoidRepeats);
      used.delete(id);
      if (found) return found;
    }
    return undefined;
  };
  const matched = search(0, new Set(), [], true) ?? search(0, new Set(), [], false);
  if (!matched) throw new Error("no interviewer matching exists for a block of two or more members");
  return matched;
}

function lastIndex(slots: readonly RotationSlot[], test: (slot: RotationSlot) => boolean): number {
  for (let i = slots.length - 1; i >= 0; i--) if (test(slots[i] as RotationSlot)) return i;
  return -1;
}

/** Fewest candidate turns first, then whoever answered longest ago, then the members' own order. */
function orderByTurns(members: readonly string[], history: readonly RotationSlot[]): string[] {
  const turns = (id: string) => history.filter((slot) => slot.candidateId === id).length;
  const last = (id: string) => lastIndex(history, (slot) => slot.candidateId === id);
  return members
    .map((id, index) => ({ id, index }))
    .sort((a, b) => turns(a.id) - turns(b.id) || last(a.id) - last(b.id) || a.index - b.index)
    .map(({ id }) => id);
}

function leastUsedInterviewer(members: readonly string[], candidateId: string, slots: readonly RotationSlot[]): string {
  const lastIndexAsCandidate = lastIndex(slots, (slot) => slot.candidateId === candidateId);
  const lastInterviewer = lastIndexAsCandidate >= 0 ? slots[lastIndexAsCandidate]?.interviewerId : undefined;
  const turns = (id: string) => slots.filter((slot) => slot.interviewerId === id).length;
  return members
    .filter((id) => id !== candidateId)
    .sort((a, b) => turns(a) - turns(b) || Number(a === lastInterviewer) - Number(b === lastInterviewer))[0] as string;
}
