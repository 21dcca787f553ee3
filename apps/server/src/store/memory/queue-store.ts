import type { QueueMatched } from "@mockloop/protocol";
import { pickPartner } from "../../features/queue/matching.ts";
import { PAIRINGS_KEPT_MS, type NewTicket, type QueueStore, type QueueTicket } from "../../features/queue/port.ts";

/** The embedded partner queue: one process, so each method runs to its end before another starts. */
export class MemoryQueueStore implements QueueStore {
  /** In arrival order. */
  private tickets: QueueTicket[] = [];
  /** Each waiting ticket's place in arrival order, for a partner put back (`remove`) to find theirs. */
  private readonly arrivalOf = new WeakMap<QueueTicket, number>();
  private arrivals = 0;
  /** Recent pairings by the newcomer's ticket id (`remove` undoes one), and the newcomer's id by the partner's. */
  private readonly pairings = new Map<string, { partner: QueueTicket; pairedAt: number }>();
  private readonly newcomerPairedWith = new Map<string, string>();
  /** Matches kept for their tickets (`keepMatch`), in the order they were kept. */
  private readonly matches = new Map<string, { match: QueueMatched; keptAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async enqueue(ticket: NewTicket) {
    // The same request again (a resend) waits where it was, as in the Redis store.
    const waiting = this.tickets.find((other) => other.id === ticket.id);
    if (waiting) return { ticket: waiting, partner: null };
    // Or after it was paired: the same partner, not a second one.
    const pairedBefore = this.pairings.get(ticket.id);
    if (pairedBefore) return { ticket: { ...ticket, enqueuedAt: this.now() }, partner: pairedBefore.partner };
    // No await before the write below: that is what makes pairing atomic in one process.
    const partner = pickPartner(this.line(ticket.trackId, ticket.stageId), ticket);
    const queued = { ...ticket, enqueuedAt: this.now() };
    if (partner) {
      this.tickets = this.tickets.filter((other) => other.id !== partner.id);
      this.pairings.set(ticket.id, { partner, pairedAt: this.now() });
      this.newcomerPairedWith.set(partner.id, ticket.id);
    } else {
      this.arrivalOf.set(queued, ++this.arrivals);
      this.tickets.push(queued);
    }
    return { ticket: queued, partner: partner ?? null };
  }

  async remove(ticketId: string) {
    this.forgetOldPairings();
    const ticket = this.tickets.find((other) => other.id === ticketId);
    if (ticket) {
      this.tickets = this.tickets.filter((other) => other.id !== ticketId);
      return ticket;
    }
    const pairing = this.pairings.get(ticketId);
    if (pairing) {
      // Its sender never heard of the pairing: the partner goes back where they waited.
      this.forgetPairing(ticketId);
      const { partner } = pairing;
      const arrival = this.arrivalOf.get(partner) ?? 0;
      const after = this.tickets.findIndex((other) => (this.arrivalOf.get(other) ?? 0) > arrival);
      this.tickets.splice(after === -1 ? this.tickets.length : after, 0, partner);
      return partner;
    }
    const newcomer = this.newcomerPairedWith.get(ticketId);
    if (newcomer !== undefined) this.forgetPairing(newcomer);
    return undefined;
  }

  private forgetPairing(newcomerId: string): void {
    const pairing = this.pairings.get(newcomerId);
    this.pairings.delete(newcomerId);
    if (pairing) this.newcomerPairedWith.delete(pairing.partner.id);
  }

  private forgetOldPairings(): void {
    const cutoff = this.now() - PAIRINGS_KEPT_MS;
    // In the order they were made, so the oldest come first.
    for (const [newcomerId, { pairedAt }] of this.pairings) {
      if (pairedAt > cutoff) break;
      this.forgetPairing(newcomerId);
    }
  }

  async keepMatch(ticketId: string, match: QueueMatched) {
    this.forgetOldMatches();
    this.matches.delete(ticketId);
    this.matches.set(ticketId, { match, keptAt: this.now() });
  }

  async matchOf(ticketId: string) {
    this.forgetOldMatches();
    return this.matches.get(ticketId)?.match;
  }

  private forgetOldMatches(): void {
    const cutoff = this.now() - PAIRINGS_KEPT_MS;
    for (const [ticketId, { keptAt }] of this.matches) {
      if (keptAt > cutoff) break;
      this.matches.delete(ticketId);
    }
  }

  /** One process, one node: alive for as long as the store exists. */
  async keepNodeAlive() {
    return false;
  }

  /** Nothing is ever taken out for a stopped node here. */
  async putBack() {
    return undefined;
  }

  async waiting(trackId: string, stageId: string) {
    return this.line(trackId, stageId);
  }

  private line(trackId: string, stageId: string): QueueTicket[] {
    return this.tickets.filter((ticket) => ticket.trackId === trackId && ticket.stageId === stageId);
  }

  async expire(maxWaitMs: number) {
    this.forgetOldPairings();
    const cutoff = this.now() - maxWaitMs;
    const expired = this.tickets.filter((ticket) => ticket.enqueuedAt < cutoff);
    this.tickets = this.tickets.filter((ticket) => ticket.enqueuedAt >= cutoff);
    return expired;
  }
}
