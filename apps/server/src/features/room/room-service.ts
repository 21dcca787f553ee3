import { ErrorCode, MockloopError, type Role } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import { hashToken, newParticipantId, newParticipantToken, newRoomId } from "../../core/ids.ts";
import type { RoomKind, RoomKinds } from "../../core/room-kind.ts";
import {
  archiveCurrentRound,
  holderOf,
  markAttending,
  participantWithToken,
  requireParticipant,
  type ParticipantRecord,
  type RoomKindId,
  type RoomRecord,
} from "../../core/room-record.ts";
import { readExistingRoom, updateExistingRoom, type CommandOrigin, type RoomMutation, type RoomStore, type RoomUpdate } from "../../core/room-store.ts";
import { withRetries, type RetryOptions } from "../../core/retry.ts";
import { mayHaveBeenApplied } from "../../core/store-outcome.ts";
import { newTimer, resetTimer } from "../timer/index.ts";
import type { PresenceStore } from "./port.ts";

/** How a join whose write's answer was lost reads the room again: about 2 s of a store out of reach. */
const LOST_ANSWER_READS: RetryOptions = { attempts: 4, firstRetryMs: 250 };

/** A first join (with the token the client chose for it, if any), or a comeback by token. */
export type JoinRequest = { name: string; role: Role; token?: string | undefined } | { token: string };

export interface JoinOutcome {
  /** The change a first join made (a new participant, or a reserved seat taken), if any: to announce. */
  update: RoomUpdate<unknown> | undefined;
  room: RoomRecord;
  participant: ParticipantRecord;
  token: string;
  /** True when a token brought back an existing participant. */
  resumed: boolean;
  /** True when the participant had no live connection before this one. */
  cameOnline: boolean;
}

export interface RoomServiceDeps {
  store: RoomStore;
  presence: PresenceStore;
  bank: QuestionBank;
  /** The policy of each kind of room: its seats, its bookkeeping as people come and go, who may swap. */
  kinds: RoomKinds;
}

/**
 * Rooms, who is in them and in which role: create, join, leave, presence, and swapping roles for the next round.
 * Each change is one atomic store update; what differs by kind of room is the kind's policy. Presence is kept
 * apart from the room record, so coming and going never contends with the room's changes.
 */
export class RoomService {
  constructor(private readonly deps: RoomServiceDeps) {}

  async createRoom(trackId: string, stageId: string, kind: RoomKindId = "pair"): Promise<RoomRecord> {
    const stage = this.deps.bank.findStage(trackId, stageId);
    if (!stage) throw new MockloopError(ErrorCode.UnknownStage, `no stage "${stageId}" in track "${trackId}"`);
    const room: RoomRecord = {
      id: newRoomId(),
      kind,
      group: this.deps.kinds[kind].initialGroupState(),
      trackId,
      stageId,
      createdAt: await this.deps.store.now(),
      version: 0,
      participants: [],
      currentQuestionId: null,
      askedQuestionIds: [],
      round: 1,
      attendees: [],
      observerNotes: [],
      pastRounds: [],
      timer: newTimer(stage.segments.map((segment) => ({ id: segment.id, name: segment.name, durationMs: segment.minutes * 60_000 }))),
      scorecard: null,
    };
    await this.deps.store.createRoom(room);
    return room;
  }

  getRoom(roomId: string): Promise<RoomRecord> {
    return readExistingRoom(this.deps.store, roomId);
  }

  /** The room as stored now if it moved past `version` (read in full only then), or undefined. */
  async newerThan(roomId: string, version: number): Promise<RoomRecord | undefined> {
    const stored = await this.deps.store.roomVersion(roomId);
    return stored !== undefined && stored > version ? this.getRoom(roomId) : undefined;
  }

  /** Participants with at least one live connection. */
  online(roomId: string): Promise<string[]> {
    return this.deps.presence.online(roomId);
  }

  /**
   * A room with seats already reserved, for people who found each other in the partner queue: each gets a
   * token to join with, and their role is theirs alone.
   */
  async createRoomWithSeats(
    trackId: string,
    stageId: string,
    seats: readonly { name: string; role: Role }[],
  ): Promise<{ room: RoomRecord; tokens: string[] }> {
    const room = await this.createRoom(trackId, stageId);
    const tokens = seats.map(() => newParticipantToken());
    const { room: seated } = await this.update(room.id, (draft, now) => {
      draft.participants = seats.map((seat, index) => ({
        id: newParticipantId(),
        name: seat.name,
        role: seat.role,
        tokenHash: hashToken(tokens[index] ?? ""),
        joinedAt: now,
        hasConnected: false,
      }));
      draft.attendees = draft.participants.map((participant) => participant.id);
      return { room: draft, result: null };
    });
    return { room: seated, tokens };
  }

  /**
   * Joins as a new participant, or comes back as an existing one by token, and records the connection. Only a
   * first join changes the room; coming back by token touches presence alone.
   */
  async join(roomId: string, request: JoinRequest, connectionId: string): Promise<JoinOutcome> {
    let update: RoomUpdate<unknown> | undefined;
    let participant: ParticipantRecord;
    let room: RoomRecord;
    let resumed: boolean;
    let token: string;
    if (!("name" in request)) {
      token = request.token;
      room = await this.getRoom(roomId);
      const known = participantWithToken(room, request.token);
      if (!known) throw new MockloopError(ErrorCode.InvalidToken, "that token does not belong to anyone in this room");
      // Taking a reserved seat for the first time is a first join, not a comeback.
      resumed = known.hasConnected;
      participant = known;
      if (!known.hasConnected) {
        update = await this.update(roomId, (draft) => {
          const seat = requireParticipant(draft, known.id);
          seat.hasConnected = true;
          return { room: draft, result: null };
        });
        room = update.room;
      }
    } else {
      const chosen = request.token;
      token = chosen ?? newParticipantToken();
      resumed = false;
      const { name, role } = request;
      try {
        const joined = await this.update(roomId, (draft, now) => {
          // The same join sent again after its answer was lost: the seat it took answers it, unchanged.
          const taken = chosen === undefined ? undefined : participantWithToken(draft, chosen);
          if (taken) return { room: draft, result: taken };
          const kind = this.kindOf(draft);
          kind.admitNewcomer(draft, role);
          const newcomer: ParticipantRecord = { id: newParticipantId(), name, role, tokenHash: hashToken(token), joinedAt: now, hasConnected: true };
          markAttending(draft, newcomer.id);
          draft.participants.push(newcomer);
          kind.onJoined(draft, newcomer);
          return { room: draft, result: newcomer };
        });
        update = joined;
        room = joined.room;
        participant = joined.result;
      } catch (error) {
        // Redis may have run the write and lost its answer: the seat would then be held with a token only this
        // join knows, and asking again would find the role taken. If the room shows the seat, the join went
        // through (the write's own announcement reaches the room: `OwnEntries`).
        const seated = mayHaveBeenApplied(error) ? await this.seatedBy(roomId, token) : undefined;
        if (!seated) throw error;
        ({ room, participant } = seated);
      }
    }
    const { cameOnline } = await this.deps.presence.attach(roomId, participant.id, connectionId);
    return { update, room, participant, token, resumed, cameOnline };
  }

  /** The room and the seat a token holds, read again over a store's blink; undefined if it holds none (or no read got through). */
  private async seatedBy(roomId: string, token: string): Promise<{ room: RoomRecord; participant: ParticipantRecord } | undefined> {
    const room = await withRetries(() => this.getRoom(roomId), LOST_ANSWER_READS).catch(() => undefined);
    const participant = room && participantWithToken(room, token);
    return room && participant ? { room, participant } : undefined;
  }

  /** Removes a participant for good, freeing their role; their token no longer joins, but still reads the rounds they attended. */
  async leave(roomId: string, participantId: string) {
    const update = await this.update(roomId, (room) => {
      const participant = requireParticipant(room, participantId);
      room.participants = room.participants.filter((other) => other.id !== participantId);
      this.kindOf(room).onLeft(room, participant);
      return {
        room,
        result: participant,
        tables: [{ table: "formers" as const, key: participant.tokenHash, value: { id: participant.id, name: participant.name } }],
      };
    });
    await this.deps.presence.detachParticipant(roomId, participantId);
    return update;
  }

  /** Removes one connection; reports whose it was and whether it was their last. */
  disconnect(roomId: string, connectionId: string) {
    return this.deps.presence.detach(roomId, connectionId);
  }

  /**
   * Starts the next round with the roles swapped: the interviewer answers, the candidate asks. Either of the two
   * may ask for it (as the kind allows), once this round's scorecard is in; the finished round goes to the
   * room's rounds table.
   */
  async swapRoles(roomId: string, participantId: string, requestId?: string) {
    return this.update(roomId, (room) => {
      const asking = requireParticipant(room, participantId);
      if (!this.kindOf(room).maySwap(asking)) throw new MockloopError(ErrorCode.Forbidden, "only the interviewer or the candidate can swap roles");
      const interviewer = holderOf(room, "interviewer");
      const candidate = holderOf(room, "candidate");
      if (!interviewer || !candidate) throw new MockloopError(ErrorCode.NoCandidate, "swapping needs both an interviewer and a candidate in the room");
      if (!room.scorecard) throw new MockloopError(ErrorCode.ScorecardNotSubmitted, "submit this round's scorecard before swapping roles");
      const archived = archiveCurrentRound(room, resetTimer(room.timer));
      interviewer.role = "candidate";
      candidate.role = "interviewer";
      return { room, result: undefined, tables: [{ table: "rounds" as const, key: String(archived.round), value: archived }] };
    }, { participantId, requestId });
  }

  /** The roles a newcomer may still take in this room. */
  openRoles(room: RoomRecord): Role[] {
    return this.kindOf(room).openRoles(room);
  }

  private kindOf(room: RoomRecord): RoomKind {
    return this.deps.kinds[room.kind];
  }

  private update<T>(roomId: string, mutate: RoomMutation<T>, origin?: CommandOrigin): Promise<RoomUpdate<T>> {
    return updateExistingRoom(this.deps.store, roomId, mutate, origin);
  }
}
