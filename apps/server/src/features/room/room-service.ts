import { ErrorCode, MockloopError, type Role } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import { hashToken, newParticipantId, newParticipantToken, newRoomId, tokenMatches } from "../../core/ids.ts";
import type { RoomKind, RoomKinds } from "../../core/room-kind.ts";
import {
  archiveCurrentRound,
  findParticipant,
  holderOf,
  requireParticipant,
  roomNotFound,
  type ParticipantRecord,
  type RoomKindId,
  type RoomRecord,
} from "../../core/room-record.ts";
import type { RoomStore } from "../../core/room-store.ts";
import { newTimer, resetTimer } from "../timer/index.ts";

export type JoinRequest = { name: string; role: Role } | { token: string };

export interface JoinOutcome {
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
  bank: QuestionBank;
  /** The policy of each kind of room: its seats, its bookkeeping as people come and go, who may swap. */
  kinds: RoomKinds;
}

/**
 * Rooms, who is in them and in which role: create, join, leave, presence, and swapping roles for the next round.
 * Each method reads and writes the room through one atomic store update; what differs by kind of room is the
 * kind's policy.
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
      observerNotes: [],
      pastRounds: [],
      formerParticipants: [],
      timer: newTimer(stage.segments.map((segment) => ({ id: segment.id, name: segment.name, durationMs: segment.minutes * 60_000 }))),
      scorecard: null,
    };
    await this.deps.store.createRoom(room);
    return room;
  }

  async getRoom(roomId: string): Promise<RoomRecord> {
    const room = await this.deps.store.getRoom(roomId);
    if (!room) throw roomNotFound(roomId);
    return room;
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
        connectionIds: [],
        joinedAt: now,
        hasConnected: false,
      }));
      return { room: draft, result: null };
    });
    return { room: seated, tokens };
  }

  /** Joins as a new participant, or comes back as an existing one by token; attaches the connection. */
  async join(roomId: string, request: JoinRequest, connectionId: string): Promise<JoinOutcome> {
    const token = "token" in request ? request.token : newParticipantToken();
    return this.update(roomId, (room, now) => {
      let participant: ParticipantRecord | undefined;
      if ("token" in request) {
        participant = room.participants.find((candidate) => tokenMatches(request.token, candidate.tokenHash));
        if (!participant) throw new MockloopError(ErrorCode.InvalidToken, "that token does not belong to anyone in this room");
      } else {
        const kind = this.kindOf(room);
        kind.admitNewcomer(room, request.role);
        participant = {
          id: newParticipantId(),
          name: request.name,
          role: request.role,
          tokenHash: hashToken(token),
          connectionIds: [],
          joinedAt: now,
          hasConnected: false,
        };
        room.participants.push(participant);
        kind.onJoined(room, participant);
      }
      const cameOnline = participant.connectionIds.length === 0;
      // Taking a reserved seat for the first time is a first join, not a comeback.
      const resumed = participant.hasConnected;
      participant.hasConnected = true;
      if (!participant.connectionIds.includes(connectionId)) participant.connectionIds.push(connectionId);
      return { room, result: { participant, token, resumed, cameOnline } };
    }).then(({ room, result }) => ({ ...result, room, participant: findParticipant(room, result.participant.id) ?? result.participant }));
  }

  /** Removes a participant for good, freeing their role; their token no longer joins, but still reads scorecards. */
  async leave(roomId: string, participantId: string): Promise<{ room: RoomRecord; participant: ParticipantRecord }> {
    const { room, result } = await this.update(roomId, (room) => {
      const participant = requireParticipant(room, participantId);
      room.participants = room.participants.filter((other) => other.id !== participantId);
      room.formerParticipants.push({ id: participant.id, name: participant.name, tokenHash: participant.tokenHash });
      this.kindOf(room).onLeft(room, participant);
      return { room, result: participant };
    });
    return { room, participant: result };
  }

  /** Detaches one connection; reports whether the participant has no connection left. */
  async disconnect(
    roomId: string,
    participantId: string,
    connectionId: string,
  ): Promise<{ room: RoomRecord; participant: ParticipantRecord; wentOffline: boolean } | undefined> {
    const outcome = await this.deps.store.updateRoom(roomId, (room) => {
      const participant = findParticipant(room, participantId);
      if (!participant || !participant.connectionIds.includes(connectionId)) return { room, result: undefined };
      participant.connectionIds = participant.connectionIds.filter((id) => id !== connectionId);
      return { room, result: { participant, wentOffline: participant.connectionIds.length === 0 } };
    });
    if (!outcome?.result) return undefined;
    return { room: outcome.room, ...outcome.result };
  }

  /**
   * Starts the next round of a pair with the roles swapped: the interviewer answers, the candidate asks. Either
   * of the two may ask for it, once this round's scorecard is in; the room keeps both rounds and scorecards.
   */
  async swapRoles(roomId: string, participantId: string): Promise<RoomRecord> {
    const { room } = await this.update(roomId, (room) => {
      const asking = requireParticipant(room, participantId);
      if (!this.kindOf(room).maySwap(asking)) throw new MockloopError(ErrorCode.Forbidden, "only the interviewer or the candidate can swap roles");
      const interviewer = holderOf(room, "interviewer");
      const candidate = holderOf(room, "candidate");
      if (!interviewer || !candidate) throw new MockloopError(ErrorCode.NoCandidate, "swapping needs both an interviewer and a candidate in the room");
      if (!room.scorecard) throw new MockloopError(ErrorCode.ScorecardNotSubmitted, "submit this round's scorecard before swapping roles");
      archiveCurrentRound(room, resetTimer(room.timer));
      interviewer.role = "candidate";
      candidate.role = "interviewer";
      return { room, result: undefined };
    });
    return room;
  }

  /** The roles a newcomer may still take in this room. */
  openRoles(room: RoomRecord): Role[] {
    return this.kindOf(room).openRoles(room);
  }

  private kindOf(room: RoomRecord): RoomKind {
    return this.deps.kinds[room.kind];
  }

  private async update<T>(roomId: string, mutate: (room: RoomRecord, now: number) => { room: RoomRecord; result: T }) {
    const outcome = await this.deps.store.updateRoom(roomId, mutate);
    if (!outcome) throw roomNotFound(roomId);
    return outcome;
  }
}
