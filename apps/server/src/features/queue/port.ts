import type { PreferredRole, QueueMatched } from "@mockloop/protocol";

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

export type NewTicket = Omit<QueueTicket, "enqueuedAt">;

/** How long a store remembers each pairing, for `QueueStore.remove` to undo it: long past any answer's wait. */
export const PAIRINGS_KEPT_MS = 5 * 60_000;

/**
 * The partner queue. Shaped around matchmaking: pairing is one atomic step, so nobody is put in two rooms.
 * Which waiting request pairs with a newcomer is the matching rule (`pickPartner` in matching.ts); each store
 * implements exactly that rule (the Redis one as a Lua script), and one contract test holds them to it.
 */
export interface QueueStore {
  /**
   * Atomically takes the waiting ticket of the same stage that the matching rule picks for `ticket` and answers
   * it as `partner`; when there is none, the ticket joins the queue instead.
   */
  enqueue(ticket: NewTicket): Promise<{ ticket: QueueTicket; partner: QueueTicket | null }>;
  /**
   * Takes a ticket out of the queue and answers it; undefined when it was not there (already matched, expired or
   * removed). A newcomer's ticket paired within `PAIRINGS_KEPT_MS` puts its partner back in line where they
   * waited, and answers the partner: it is withdrawn only by a sender who never heard of the pairing (the
   * store's answer was lost, or the room could not be made), so the partner was told nothing and still waits.
   * Unless the partner withdrew meanwhile: removing a partner's ticket settles its pairing.
   */
  remove(ticketId: string): Promise<QueueTicket | undefined>;
  /** The waiting tickets of a stage, oldest first. */
  waiting(trackId: string, stageId: string): Promise<QueueTicket[]>;
  /** Takes out and answers every ticket that has waited longer than `maxWaitMs` on the store's clock. */
  expire(maxWaitMs: number): Promise<QueueTicket[]>;
  /**
   * Keeps, for `PAIRINGS_KEPT_MS`, the match a waiting ticket was paired into: its owner's connection may have
   * been gone when it was sent (dropped, or its node died), and they then ask with the ticket again (`matchOf`).
   */
  keepMatch(ticketId: string, match: QueueMatched): Promise<void>;
  /** The match kept for a ticket (`keepMatch`), if it was paired within `PAIRINGS_KEPT_MS`. */
  matchOf(ticketId: string): Promise<QueueMatched | undefined>;
  /**
   * Records that this node (whose connections hold the requests it enqueues) is alive, as it must be every so
   * often: a store shared by several nodes leaves out of every pairing, and takes out of line, the requests of a
   * node that stopped (it died with them in line, and nobody will withdraw them). Answers true when this node
   * had stopped as far as the store knew (it never recorded itself, or not for too long: Redis out of reach),
   * so its requests may have been taken out: its waiting connections' requests are then put back.
   */
  keepNodeAlive(): Promise<boolean>;
  /**
   * Puts a ticket back in line (or pairs it, as `enqueue` does) if the store took it out because its node had
   * stopped (`keepNodeAlive`); answers undefined, changing nothing, for any other ticket: one still waiting, or
   * one paired, expired or withdrawn meanwhile.
   */
  putBack(ticket: NewTicket): Promise<{ ticket: QueueTicket; partner: QueueTicket | null } | undefined>;
}
