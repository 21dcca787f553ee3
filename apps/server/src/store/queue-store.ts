import type { PreferredRole } from "@mockloop/protocol";
import type { QueueTicket } from "../domain/matchmaking.ts";

export type NewTicket = Omit<QueueTicket, "enqueuedAt">;

/** The partner queue. Shaped around matchmaking: pairing is one atomic step, so nobody is put in two rooms. */
export interface QueueStore {
  /**
   * Atomically takes the oldest waiting ticket of the same stage whose preferred role is in `partnerRoles` and
   * answers it as `partner`; when there is none, the ticket joins the queue instead.
   */
  enqueue(ticket: NewTicket, partnerRoles: readonly PreferredRole[]): Promise<{ ticket: QueueTicket; partner: QueueTicket | null }>;
  /** Takes a ticket out of the queue; undefined when it was not there (already matched, expired or removed). */
  remove(ticketId: string): Promise<QueueTicket | undefined>;
  /** The waiting tickets of a stage, oldest first. */
  waiting(trackId: string, stageId: string): Promise<QueueTicket[]>;
  /** Takes out and answers every ticket that has waited longer than `maxWaitMs` on the store's clock. */
  expire(maxWaitMs: number): Promise<QueueTicket[]>;
}
