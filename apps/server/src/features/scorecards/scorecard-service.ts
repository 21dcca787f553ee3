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
import { saveRoomDraft, type DraftStore, type StoredDraft } from "../../core/draft-store.ts";
import { hashToken } from "../../core/ids.ts";
import { holderOf, participantWithToken, requireRole, type ArchivedRound, type Person, type RoomRecord, type ScorecardRecord } from "../../core/room-record.ts";
import { readExistingRoom, updateExistingRoom, type RoomStore } from "../../core/room-store.ts";
import { checkScorecard, completeScorecard } from "./scorecard-rules.ts";

export interface ScorecardServiceDeps {
  store: RoomStore;
  drafts: DraftStore;
  bank: QuestionBank;
}

/** A draft belongs to its author: whoever takes over a vacated interviewer seat starts their own. */
const scorecardDraftId = (round: number, authorId: string) => `scorecard:${round}:${authorId}`;

/** The current round in the shape of a finished one, for reading it alongside the rounds table. */
export function currentRoundRecord(room: RoomRecord): ArchivedRound {
  const person = (role: "interviewer" | "candidate") => {
    const holder = holderOf(room, role);
    return holder ? { id: holder.id, name: holder.name } : null;
  };
  return {
    round: room.round,
    // Whoever was scored stays on the record even if they have left since.
    interviewer: room.scorecard?.interviewer ?? person("interviewer"),
    candidate: room.scorecard?.candidate ?? person("candidate"),
    askedQuestionIds: room.askedQuestionIds,
    scorecard: room.scorecard,
    observerNotes: room.observerNotes,
    attendees: room.attendees,
    abandoned: false,
  };
}

/** Whether someone may read a round's feedback: its interviewer, its candidate, and whoever attended it. */
export function mayReadRound(round: ArchivedRound, readerId: string): boolean {
  return round.attendees.includes(readerId) || round.interviewer?.id === readerId || round.candidate?.id === readerId;
}

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
    return this.scorecardDraft(await this.deps.drafts.getDraft(roomId, scorecardDraftId(room.round, participantId)));
  }

  async saveDraft(roomId: string, participantId: string, content: ScorecardContent, baseVersion: number) {
    const outcome = await saveRoomDraft(
      this.deps.store,
      this.deps.drafts,
      roomId,
      (room) => {
        requireRole(room, participantId, "interviewer", "write the scorecard");
        if (room.scorecard) throw alreadySubmitted();
        checkScorecard(this.deps.bank, room, content, false);
        return scorecardDraftId(room.round, participantId);
      },
      content,
      baseVersion,
    );
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
    const update = await updateExistingRoom(this.deps.store, roomId, (room, now) => {
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
    return { update, scorecard: update.result };
  }

  /**
   * The rounds someone holding one of the room's participant tokens (present or past) may read, oldest first:
   * those they attended. Someone who left keeps the rounds they were in, not later ones; a newcomer gets none
   * of the rounds before theirs.
   */
  async readableRounds(roomId: string, token: string): Promise<{ room: RoomRecord; reader: Person; rounds: ArchivedRound[] }> {
    const room = await this.room(roomId);
    const present = participantWithToken(room, token);
    const reader = present ? { id: present.id, name: present.name } : await this.deps.store.readTableEntry(roomId, "formers", hashToken(token));
    if (!reader) throw new MockloopError(ErrorCode.InvalidToken, "that token does not belong to anyone in this room");
    const archived = [...(await this.deps.store.readTable(roomId, "rounds")).values()].sort((a, b) => a.round - b.round);
    const rounds = [...archived, currentRoundRecord(room)].filter((round) => mayReadRound(round, reader.id));
    return { room, reader, rounds };
  }

  private room(roomId: string): Promise<RoomRecord> {
    return readExistingRoom(this.deps.store, roomId);
  }

  // Stored drafts are re-validated on the way out: a draft from an older format falls back to empty, never to garbage.
  private scorecardDraft(stored: StoredDraft): ScorecardDraft {
    const parsed = scorecardContentSchema.safeParse(stored.content);
    return { content: parsed.success ? parsed.data : emptyScorecardContent(), version: stored.version, updatedAt: stored.updatedAt };
  }
}
