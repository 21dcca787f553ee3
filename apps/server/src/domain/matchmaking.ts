import type { PreferredRole } from "@mockloop/protocol";

/** A request for a partner, waiting in the queue of one stage. */
export interface QueueTicket {
  id: string;
  trackId: string;
  stageId: string;
  preferredRole: PreferredRole;
  name: string;
  /** Store-clock ms when it joined the queue. */
  enqueuedAt: number;
}

/** The preferences a partner may have for a request with `role`: a candidate needs an interviewer, and so on. */
export function partnerRoles(role: PreferredRole): PreferredRole[] {
  switch (role) {
    case "candidate":
      return ["interviewer", "either"];
    case "interviewer":
      return ["candidate", "either"];
    case "either":
      return ["candidate", "interviewer", "either"];
  }
}

/** The oldest waiting request that fits `ticket`, if any. `waiting` is oldest first. */
export function pickPartner(waiting: readonly QueueTicket[], ticket: Pick<QueueTicket, "id" | "preferredRole">): QueueTicket | undefined {
  const fits = partnerRoles(ticket.preferredRole);
  return waiting.find((other) => other.id !== ticket.id && fits.includes(other.preferredRole));
}

/**
 * Who is candidate and who interviews in a matched pair. Stated preferences win; between two "either"s the one
 * who waited longer answers first, as the candidate.
 */
export function assignRoles(waited: QueueTicket, arrived: QueueTicket): { candidate: QueueTicket; interviewer: QueueTicket } {
  if (waited.preferredRole === "candidate" || arrived.preferredRole === "interviewer") return { candidate: waited, interviewer: arrived };
  if (waited.preferredRole === "interviewer" || arrived.preferredRole === "candidate") return { candidate: arrived, interviewer: waited };
  return { candidate: waited, interviewer: arrived };
}
