import { ErrorCode, MockloopError, type Role } from "@mockloop/protocol";
import type { Question, QuestionBank } from "@mockloop/questions";
import type { RoomStore } from "../store/store.ts";
import { rebuildGroupPlan } from "./group-rules.ts";
import { hashToken, newParticipantId, newParticipantToken, newRoomId, tokenMatches } from "./ids.ts";
import {
  archiveCurrentRound,
  exclusiveRoles,
  findParticipant,
  holderOf,
  requireParticipant,
  requireRole,
  roomNotFound,
  groupSize,
  type ParticipantRecord,
  type RoomRecord,
} from "./room.ts";
import {
  adjustTimer,
  expireTimer,
  newTimer,
  pauseTimer,
  resetTimer,
  setAutoAdvance,
  skipSegment,
  startTimer,
  type EndedSegment,
  type TimerState,
} from "./timer.ts";

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
}

/**
 * Rooms, roles and the round: every rule about who may do what lives here, with no transport in sight.
 * Each method reads and writes the room through one atomic store update.
 */
export class RoomService {
  constructor(private readonly deps: RoomServiceDeps) {}

  async createRoom(trackId: string, stageId: string, kind: RoomRecord["kind"] = "pair"): Promise<RoomRecord> {
    const stage = this.deps.bank.findStage(trackId, stageId);
    if (!stage) throw new MockloopError(ErrorCode.UnknownStage, `no stage "${stageId}" in track "${trackId}"`);
    const room: RoomRecord = {
      id: newRoomId(),
      kind,
      group: kind === "group" ? { hostId: null, plannedRounds: 0, extraTurns: [], upcoming: [] } : null,
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
        if (room.kind === "group") {
          if (room.participants.length >= groupSize.max) {
            throw new MockloopError(ErrorCode.RoomFull, `a study group holds at most ${groupSize.max} members`);
          }
          if (request.role !== "observer") {
            throw new MockloopError(ErrorCode.Forbidden, "in a study group, roles come from the rotation: join as a member (observer)");
          }
        }
        if (exclusiveRoles.includes(request.role) && holderOf(room, request.role)) {
          throw new MockloopError(ErrorCode.RoleTaken, `this room already has a ${request.role}`);
        }
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
        if (room.group) {
          room.group.hostId ??= participant.id;
          // A late joiner is worked into the rounds that remain.
          rebuildGroupPlan(room);
        }
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
      if (room.group) {
        // The host role passes to the longest-standing member; the plan is rebuilt without the one who left.
        if (room.group.hostId === participantId) room.group.hostId = room.participants[0]?.id ?? null;
        room.group.extraTurns = room.group.extraTurns.filter((id) => id !== participantId);
        rebuildGroupPlan(room);
      }
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

  async listQuestions(roomId: string, participantId: string): Promise<readonly Question[]> {
    const room = await this.getRoom(roomId);
    requireRole(room, participantId, "interviewer", "see the interviewer's questions");
    return this.deps.bank.questionsForStage(room.trackId, room.stageId);
  }

  async pushQuestion(roomId: string, participantId: string, questionId: string): Promise<RoomRecord> {
    const { room } = await this.update(roomId, (room) => {
      requireRole(room, participantId, "interviewer", "push questions");
      if (!this.deps.bank.findQuestion(room.trackId, questionId)) {
        throw new MockloopError(ErrorCode.QuestionNotFound, `no question "${questionId}" in this track`);
      }
      room.currentQuestionId = questionId;
      if (!room.askedQuestionIds.includes(questionId)) room.askedQuestionIds.push(questionId);
      return { room, result: undefined };
    });
    return room;
  }

  async startTimer(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.changeTimer(roomId, participantId, (timer, now) => startTimer(timer, now));
  }

  async pauseTimer(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.changeTimer(roomId, participantId, (timer, now) => pauseTimer(timer, now));
  }

  async adjustTimer(roomId: string, participantId: string, deltaMs: number): Promise<RoomRecord> {
    return this.changeTimer(roomId, participantId, (timer, now) => adjustTimer(timer, deltaMs, now));
  }

  async skipSegment(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.changeTimer(roomId, participantId, (timer, now) => skipSegment(timer, now));
  }

  async resetTimer(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.changeTimer(roomId, participantId, (timer) => resetTimer(timer));
  }

  async setAutoAdvance(roomId: string, participantId: string, autoAdvance: boolean): Promise<RoomRecord> {
    return this.changeTimer(roomId, participantId, (timer) => setAutoAdvance(timer, autoAdvance));
  }

  /**
   * Starts the next round of a pair with the roles swapped: the interviewer answers, the candidate asks. Either
   * of the two may ask for it, once this round's scorecard is in; the room keeps both rounds and scorecards.
   */
  async swapRoles(roomId: string, participantId: string): Promise<RoomRecord> {
    const { room } = await this.update(roomId, (room) => {
      const asking = requireParticipant(room, participantId);
      if (asking.role === "observer") throw new MockloopError(ErrorCode.Forbidden, "only the interviewer or the candidate can swap roles");
      const interviewer = holderOf(room, "interviewer");
      const candidate = holderOf(room, "candidate");
      if (!interviewer || !candidate) throw new MockloopError(ErrorCode.NoCandidate, "swapping needs both an interviewer and a candidate in the room");
      if (!room.scorecard) throw new MockloopError(ErrorCode.ScorecardNotSubmitted, "submit this round's scorecard before swapping roles");
      archiveCurrentRound(room);
      interviewer.role = "candidate";
      candidate.role = "interviewer";
      return { room, result: undefined };
    });
    return room;
  }

  /**
   * Applies segment ends that are due. Safe to call from every node at once: the store's compare-and-set lets
   * exactly one caller apply a given end; the others find nothing due and get no `ended` segments.
   * Resolves undefined for a room that no longer exists.
   */
  async expireTimer(roomId: string): Promise<{ room: RoomRecord; ended: EndedSegment[] } | undefined> {
    const outcome = await this.deps.store.updateRoom(roomId, (room, now) => {
      const { timer, ended } = expireTimer(room.timer, now);
      if (ended.length === 0) return { room, result: ended };
      room.timer = timer;
      return { room, result: ended };
    });
    if (!outcome) return undefined;
    return { room: outcome.room, ended: outcome.changed ? outcome.result : [] };
  }

  private async changeTimer(
    roomId: string,
    participantId: string,
    transition: (timer: TimerState, now: number) => TimerState,
  ): Promise<RoomRecord> {
    const { room } = await this.update(roomId, (room, now) => {
      requireRole(room, participantId, "interviewer", "run the timer");
      // A segment end that is due but not yet applied comes first, so a command never acts on a stale segment.
      room.timer = transition(expireTimer(room.timer, now).timer, now);
      return { room, result: undefined };
    });
    return room;
  }

  private async update<T>(roomId: string, mutate: (room: RoomRecord, now: number) => { room: RoomRecord; result: T }) {
    const outcome = await this.deps.store.updateRoom(roomId, mutate);
    if (!outcome) throw roomNotFound(roomId);
    return outcome;
  }
}
