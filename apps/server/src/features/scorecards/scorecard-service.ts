import {
  ErrorCode,
  MockloopError,
  emptyScorecardContent,
  scorecardContentSchema,
  type ScorecardContent,
  type ScorecardDraft,
  type SubmitScorecardPayload,
} from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { DraftStore, StoredDraft } from "../../core/draft-store.ts";
import { holderOf, readerOf, requireRole, roomNotFound, type RoomRecord, type ScorecardRecord } from "../../core/room-record.ts";
import type { RoomStore } from "../../core/room-store.ts";
import { checkScorecard, completeScorecard } from "./scorecard-rules.ts";

export interface ScorecardServiceDeps {
  store: RoomStore;
  drafts: DraftStore;
  bank: QuestionBank;
}

const scorecardDraftId = (round: number) => `scorecard:${round}`;

function alreadySubmitted(): MockloopError {
  return new MockloopError(ErrorCode.ScorecardAlreadySubmitted, "the scorecard for this round is already submitted");
}

/**
 * Scorecards: drafts saved with a version (a stale save is refused with the latest draft), an idempotent
 * submit, and who may read what. Drafts live apart from the room so saving one never broadcasts anything to
 * the candidate.
 */
export class ScorecardService {
  constructor(private readonly deps: ScorecardServiceDeps) {}

  async getDraft(roomId: string, participantId: string): Promise<ScorecardDraft> {
    const room = await this.room(roomId);
    requireRole(room, participantId, "interviewer", "write the scorecard");
    return this.scorecardDraft(await this.deps.drafts.getDraft(roomId, scorecardDraftId(room.round)));
  }

  async saveDraft(roomId: string, participantId: string, content: ScorecardContent, baseVersion: number) {
    const room = await this.room(roomId);
    requireRole(room, participantId, "interviewer", "write the scorecard");
    if (room.scorecard) throw alreadySubmitted();
    checkScorecard(this.deps.bank, room, content, false);
    const outcome = await this.deps.drafts.saveDraft(roomId, scorecardDraftId(room.round), content, baseVersion);
    if (!outcome.saved) {
      throw new MockloopError(ErrorCode.DraftConflict, "the scorecard was changed elsewhere (another tab?); here is the latest draft", {
        details: { latest: this.scorecardDraft(outcome.latest) },
      });
    }
    return this.scorecardDraft(outcome.draft);
  }

  /**
   * Turns the scorecard into its read-only, submitted form. A retry with the same request id answers the same
   * scorecard; any other submit after the first is refused.
   */
  async submit(roomId: string, participantId: string, { requestId, content }: SubmitScorecardPayload) {
    const outcome = await this.deps.store.updateRoom(roomId, (room, now) => {
      const interviewer = requireRole(room, participantId, "interviewer", "submit the scorecard");
      if (room.scorecard) {
        if (room.scorecard.requestId === requestId) return { room, result: room.scorecard };
        throw alreadySubmitted();
      }
      const candidate = holderOf(room, "candidate");
      if (!candidate) throw new MockloopError(ErrorCode.NoCandidate, "there is no candidate in this round to score");
      checkScorecard(this.deps.bank, room, content, true);
      const scorecard: ScorecardRecord = {
        round: room.round,
        requestId,
        content: completeScorecard(this.deps.bank, room, content),
        interviewer: { id: interviewer.id, name: interviewer.name },
        candidate: { id: candidate.id, name: candidate.name },
        questionIds: [...room.askedQuestionIds],
        submittedAt: now,
      };
      room.scorecard = scorecard;
      return { room, result: scorecard };
    });
    if (!outcome) throw roomNotFound(roomId);
    return { room: outcome.room, scorecard: outcome.result, created: outcome.changed };
  }

  /** The room, for someone holding one of its participant tokens, present or past (HTTP reads of scorecards and the debrief). */
  async roomForReader(roomId: string, token: string): Promise<{ room: RoomRecord; reader: { id: string; name: string } }> {
    const room = await this.room(roomId);
    return { room, reader: readerOf(room, token) };
  }

  private async room(roomId: string): Promise<RoomRecord> {
    const room = await this.deps.store.getRoom(roomId);
    if (!room) throw roomNotFound(roomId);
    return room;
  }

  // Stored drafts are re-validated on the way out: a draft from an older format falls back to empty, never to garbage.
  private scorecardDraft(stored: StoredDraft): ScorecardDraft {
    const parsed = scorecardContentSchema.safeParse(stored.content);
    return { content: parsed.success ? parsed.data : emptyScorecardContent(), version: stored.version, updatedAt: stored.updatedAt };
  }
}
