import { describe, expect, it } from "vitest";
import { assignRoles, partnerRoles, pickPartner, type QueueTicket } from "../../src/features/queue/index.ts";

const ticket = (id: string, preferredRole: QueueTicket["preferredRole"], enqueuedAt = 0): QueueTicket => ({
  id,
  trackId: "amazon-tpm",
  stageId: "phone-interview",
  preferredRole,
  name: id,
  enqueuedAt,
});

describe("pairing rules", () => {
  it("pairs a candidate with an interviewer, and 'either' with anyone, never two of the same fixed role", () => {
    expect(partnerRoles("candidate")).toEqual(["interviewer", "either"]);
    expect(partnerRoles("interviewer")).toEqual(["candidate", "either"]);
    expect(partnerRoles("either")).toEqual(["candidate", "interviewer", "either"]);
  });

  it("picks the oldest compatible request", () => {
    const waiting = [ticket("c1", "candidate", 1), ticket("i1", "interviewer", 2), ticket("e1", "either", 3)];
    expect(pickPartner(waiting, ticket("c2", "candidate"))?.id).toBe("i1");
    expect(pickPartner(waiting, ticket("i2", "interviewer"))?.id).toBe("c1");
    expect(pickPartner(waiting, ticket("e2", "either"))?.id).toBe("c1");
    expect(pickPartner([ticket("c1", "candidate")], ticket("c2", "candidate"))).toBeUndefined();
    expect(pickPartner([ticket("x", "either")], ticket("x", "either"))).toBeUndefined();
  });

  it("gives each person the role they asked for, and between two 'either's the one who waited longer answers", () => {
    const roles = (waited: QueueTicket, arrived: QueueTicket) => {
      const { candidate, interviewer } = assignRoles(waited, arrived);
      return [candidate.id, interviewer.id];
    };
    expect(roles(ticket("c", "candidate"), ticket("i", "interviewer"))).toEqual(["c", "i"]);
    expect(roles(ticket("i", "interviewer"), ticket("c", "candidate"))).toEqual(["c", "i"]);
    expect(roles(ticket("e", "either"), ticket("c", "candidate"))).toEqual(["c", "e"]);
    expect(roles(ticket("e", "either"), ticket("i", "interviewer"))).toEqual(["e", "i"]);
    expect(roles(ticket("c", "candidate"), ticket("e", "either"))).toEqual(["c", "e"]);
    expect(roles(ticket("i", "interviewer"), ticket("e", "either"))).toEqual(["e", "i"]);
    expect(roles(ticket("old", "either"), ticket("new", "either"))).toEqual(["old", "new"]);
  });
});
