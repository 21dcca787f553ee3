import type { PreferredRole } from "@mockloop/protocol";
import type { QueueTicket } from "./port.ts";

/** The matching rule: which waiting request a newcomer pairs with, and who takes which role. */

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

/**
 * The oldest waiting request that fits `ticket`, if any. `waiting` is the line of the ticket's stage, oldest
 * first. The Redis queue store runs this same rule as a Lua script.
 */
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
