import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RotationSlot } from "../../src/core/room-record.ts";
import { planRotation } from "../../src/features/groups/rotation.ts";

const membersOf = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);

function spread(slots: readonly RotationSlot[], members: readonly string[], role: keyof RotationSlot): number {
  const counts = members.map((id) => slots.filter((slot) => slot[role] === id).length);
  return Math.max(...counts) - Math.min(...counts);
}

/** For each candidate, the interviewers of their successive turns as candidate. */
function repeatedInterviewer(slots: readonly RotationSlot[]): boolean {
  const last = new Map<string, string>();
  for (const slot of slots) {
    if (last.get(slot.candidateId) === slot.interviewerId) return true;
    last.set(slot.candidateId, slot.interviewerId);
  }
  return false;
}

const groupSize = fc.integer({ min: 3, max: 8 });
const roundCount = fc.integer({ min: 1, max: 30 });

describe("rotation plans for study groups (property tests)", () => {
  it("balances candidate and interviewer turns at every point, and nobody interviews themselves", () => {
    fc.assert(
      fc.property(groupSize, roundCount, (n, rounds) => {
        const members = membersOf(n);
        const plan = planRotation(members, rounds);
        expect(plan).toHaveLength(rounds);
        for (let k = 1; k <= plan.length; k++) {
          const prefix = plan.slice(0, k);
          expect(spread(prefix, members, "candidateId")).toBeLessThanOrEqual(1);
          expect(spread(prefix, members, "interviewerId")).toBeLessThanOrEqual(1);
        }
        for (const slot of plan) {
          expect(slot.candidateId).not.toBe(slot.interviewerId);
          expect(members).toContain(slot.candidateId);
          expect(members).toContain(slot.interviewerId);
        }
      }),
    );
  });

  it("never gives someone the interviewer they had the last time they answered", () => {
    fc.assert(
      fc.property(groupSize, roundCount, (n, rounds) => {
        expect(repeatedInterviewer(planRotation(membersOf(n), rounds))).toBe(false);
      }),
    );
  });

  it("stays valid and fair when someone leaves or joins between rounds", () => {
    // A different interviewer on each of a candidate's turns is kept wherever the history allows (a fresh plan
    // always does); after a change it can be impossible, e.g. three members two of whom last interviewed each other.
    fc.assert(
      fc.property(groupSize, roundCount, fc.integer({ min: 0, max: 30 }), fc.boolean(), fc.nat(), (n, rounds, cut, joins, who) => {
        const members = membersOf(n);
        const done = Math.min(cut, rounds);
        const history = planRotation(members, rounds).slice(0, done);
        const changed = joins ? [...members, "late"] : members.filter((_, i) => i !== who % n);
        if (changed.length < 3) return;
        const rest = planRotation(changed, rounds - done, { history });
        expect(rest).toHaveLength(rounds - done);
        for (const slot of rest) {
          expect(changed).toContain(slot.candidateId);
          expect(changed).toContain(slot.interviewerId);
          expect(slot.candidateId).not.toBe(slot.interviewerId);
        }
        expect(spread(rest, changed, "candidateId")).toBeLessThanOrEqual(1);
        expect(spread(rest, changed, "interviewerId")).toBeLessThanOrEqual(1);
        // Nobody interviews the same person in two consecutive rounds.
        const all = [...history, ...rest];
        for (let i = 1; i < all.length; i++) {
          expect(all[i]?.candidateId === all[i - 1]?.candidateId && all[i]?.interviewerId === all[i - 1]?.interviewerId).toBe(false);
        }
        // Whoever answered least so far goes first.
        const turns = (id: string) => history.filter((slot) => slot.candidateId === id).length;
        if (rest[0]) expect(turns(rest[0].candidateId)).toBe(Math.min(...changed.map(turns)));
      }),
      // This property once failed on a rare shape (a single round left after a leave): search wider.
      { numRuns: 500 },
    );
  });

  it("adds a turn at the end for someone who wants to go twice", () => {
    const plan = planRotation(membersOf(4), 4, { extraTurns: ["m2"] });
    expect(plan).toHaveLength(5);
    expect(plan.filter((slot) => slot.candidateId === "m2")).toHaveLength(2);
    expect(repeatedInterviewer(plan)).toBe(false);
  });
});
