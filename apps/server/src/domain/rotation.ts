/** One round of a study group: who answers and who asks. Everyone else observes. */
export interface RotationSlot {
  candidateId: string;
  interviewerId: string;
}

export interface RotationOptions {
  /** Rounds already run (oldest first), so a rebuilt plan continues fairly from them. */
  history?: readonly RotationSlot[];
  /** Members who asked for one more turn as candidate, in the order they asked; their turns come last. */
  extraTurns?: readonly string[];
}

/**
 * Plans `rounds` rounds for the members, in blocks of one round per member: in a block everyone answers once
 * and asks once, so at every point candidate turns differ by at most one between members, and so do
 * interviewer turns. Each block pairs every candidate with the member `offset` places after them; the offset
 * is chosen per block so that nobody gets the interviewer they had the last time they answered. The first
 * candidates are those with the fewest turns so far, so a plan rebuilt after someone leaves or joins stays fair.
 */
export function planRotation(memberIds: readonly string[], rounds: number, options: RotationOptions = {}): RotationSlot[] {
  const members = [...new Set(memberIds)];
  if (members.length < 2) throw new Error("a rotation needs at least two members");
  const history = options.history ?? [];
  const order = orderByTurns(members, history);
  const n = order.length;
  const plan: RotationSlot[] = [];
  let offset = 0;
  for (let k = 0; k < rounds; k++) {
    if (k % n === 0) offset = chooseOffset(order, [...history, ...plan], offset);
    const candidateId = order[k % n] as string;
    plan.push({ candidateId, interviewerId: order[(k % n + offset) % n] as string });
  }
  for (const candidateId of options.extraTurns ?? []) {
    if (!members.includes(candidateId)) continue;
    plan.push({ candidateId, interviewerId: leastUsedInterviewer(members, candidateId, [...history, ...plan]) });
  }
  return plan;
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

/** The offset (1…n−1) that repeats the fewest "same interviewer as last time" pairings; a change from `previous` breaks ties. */
function chooseOffset(order: readonly string[], slots: readonly RotationSlot[], previous: number): number {
  const n = order.length;
  const lastInterviewerOf = (candidateId: string) => {
    const index = lastIndex(slots, (slot) => slot.candidateId === candidateId);
    return index >= 0 ? slots[index]?.interviewerId : undefined;
  };
  let best = 1;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let offset = 1; offset < n; offset++) {
    const repeats = order.filter((candidateId, j) => lastInterviewerOf(candidateId) === order[(j + offset) % n]).length;
    const score = repeats * n + (offset === previous ? 1 : 0);
    if (score < bestScore) {
      best = offset;
      bestScore = score;
    }
  }
  return best;
}

function leastUsedInterviewer(members: readonly string[], candidateId: string, slots: readonly RotationSlot[]): string {
  const lastIndexAsCandidate = lastIndex(slots, (slot) => slot.candidateId === candidateId);
  const lastInterviewer = lastIndexAsCandidate >= 0 ? slots[lastIndexAsCandidate]?.interviewerId : undefined;
  const turns = (id: string) => slots.filter((slot) => slot.interviewerId === id).length;
  return members
    .filter((id) => id !== candidateId)
    .sort((a, b) => turns(a) - turns(b) || Number(a === lastInterviewer) - Number(b === lastInterviewer))[0] as string;
}
