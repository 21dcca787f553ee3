import { pickPartner } from "../../features/queue/matching.ts";
import type { NewTicket, QueueStore, QueueTicket } from "../../features/queue/port.ts";

/** The embedded partner queue: one process, so each method runs to its end before another starts. */
export class MemoryQueueStore implements QueueStore {
  /** In arrival order. */
  private tickets: QueueTicket[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  async enqueue(ticket: NewTicket) {
    // The same request again (a resend) waits where it was, as in the Redis store.
    const waiting = this.tickets.find((other) => other.id === ticket.id);
    if (waiting) return { ticket: waiting, partner: null };
    // No await before the write below: that is what makes pairing atomic in one process.
    const partner = pickPartner(this.line(ticket.trackId, ticket.stageId), ticket);
    const queued = { ...ticket, enqueuedAt: this.now() };
    if (partner) this.tickets = this.tickets.filter((other) => other.id !== partner.id);
    else this.tickets.push(queued);
    return { ticket: queued, partner: partner ?? null };
  }

  async remove(ticketId: string) {
    const ticket = this.tickets.find((other) => other.id === ticketId);
    this.tickets = this.tickets.filter((other) => other.id !== ticketId);
    return ticket;
  }

  async waiting(trackId: string, stageId: string) {
    return this.line(trackId, stageId);
  }

  private line(trackId: string, stageId: string): QueueTicket[] {
    return this.tickets.filter((ticket) => ticket.trackId === trackId && ticket.stageId === stageId);
  }

  async expire(maxWaitMs: number) {
    const cutoff = this.now() - maxWaitMs;
    const expired = this.tickets.filter((ticket) => ticket.enqueuedAt < cutoff);
    this.tickets = this.tickets.filter((ticket) => ticket.enqueuedAt >= cutoff);
    return expired;
  }
}
