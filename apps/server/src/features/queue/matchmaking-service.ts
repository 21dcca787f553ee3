import { ErrorCode, MockloopError, type PartnerRequest, type QueueMatched, type QueueStatus } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { RoomService } from "../room/index.ts";
import { randomText } from "../../core/ids.ts";
import { assignRoles } from "./matching.ts";
import type { QueueStore, QueueTicket } from "./port.ts";

export interface MatchmakingDeps {
  queue: QueueStore;
  rooms: RoomService;
  bank: QuestionBank;
}

export type QueueOutcome =
  | { state: "waiting"; ticket: QueueTicket }
  /** `matches` holds one entry per person, the newcomer's first. */
  | { state: "matched"; matches: [QueueMatched, QueueMatched] };

/** Pairs people looking for a partner for the same stage, and puts each pair in a new room with their roles. */
export class MatchmakingService {
  constructor(private readonly deps: MatchmakingDeps) {}

  /** A new request's id: chosen before it is sent, so that its sender can withdraw it even when the store's answer is lost. */
  newTicketId(): string {
    return randomText(12);
  }

  async join(request: PartnerRequest, ticketId: string): Promise<QueueOutcome> {
    if (!this.deps.bank.findStage(request.trackId, request.stageId)) {
      throw new MockloopError(ErrorCode.UnknownStage, `no stage "${request.stageId}" in track "${request.trackId}"`);
    }
    return this.outcomeOf(await this.deps.queue.enqueue({ id: ticketId, ...request }));
  }

  /**
   * A request of this node's put back in line, or paired, if the store took it out while it took this node for
   * stopped (`QueueStore.putBack`); undefined for any other (still waiting, or paired, expired or withdrawn).
   */
  async putBack(request: PartnerRequest, ticketId: string): Promise<QueueOutcome | undefined> {
    const enqueued = await this.deps.queue.putBack({ id: ticketId, ...request });
    return enqueued && this.outcomeOf(enqueued);
  }

  /** Whether this node's requests may have been taken out of line (`QueueStore.keepNodeAlive`). */
  keepNodeAlive(): Promise<boolean> {
    return this.deps.queue.keepNodeAlive();
  }

  /** An enqueued request waiting, or paired: then both go to a new room, with their roles. */
  private async outcomeOf({ ticket, partner }: { ticket: QueueTicket; partner: QueueTicket | null }): Promise<QueueOutcome> {
    if (!partner) return { state: "waiting", ticket };

    const { candidate, interviewer } = assignRoles(partner, ticket);
    const { room, tokens } = await this.deps.rooms.createRoomWithSeats(ticket.trackId, ticket.stageId, [
      { name: candidate.name, role: "candidate" },
      { name: interviewer.name, role: "interviewer" },
    ]);
    const [candidateToken = "", interviewerToken = ""] = tokens;
    const forCandidate: QueueMatched = { ticketId: candidate.id, roomId: room.id, role: "candidate", token: candidateToken, partnerName: interviewer.name };
    const forInterviewer: QueueMatched = { ticketId: interviewer.id, roomId: room.id, role: "interviewer", token: interviewerToken, partnerName: candidate.name };
    return { state: "matched", matches: candidate.id === ticket.id ? [forCandidate, forInterviewer] : [forInterviewer, forCandidate] };
  }

  /** Kept for the partner of a pairing, who may have missed it (`QueueStore.keepMatch`). */
  keepMatch(match: QueueMatched): Promise<void> {
    return this.deps.queue.keepMatch(match.ticketId, match);
  }

  /** The match a ticket was paired into, if it was (recently). */
  matchOf(ticketId: string): Promise<QueueMatched | undefined> {
    return this.deps.queue.matchOf(ticketId);
  }

  leave(ticketId: string): Promise<QueueTicket | undefined> {
    return this.deps.queue.remove(ticketId);
  }

  expire(maxWaitMs: number): Promise<QueueTicket[]> {
    return this.deps.queue.expire(maxWaitMs);
  }

  /** Every waiting request's place in the line of its stage. */
  async statuses(trackId: string, stageId: string): Promise<QueueStatus[]> {
    const waiting = await this.deps.queue.waiting(trackId, stageId);
    return waiting.map((ticket, index) => ({ ticketId: ticket.id, position: index + 1, waiting: waiting.length }));
  }
}
