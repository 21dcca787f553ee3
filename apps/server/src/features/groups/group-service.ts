import { ErrorCode, MockloopError } from "@mockloop/protocol";
import {
  archiveCurrentRound,
  findParticipant,
  requireParticipant,
  roundHasStarted,
  type GroupState,
  type RoomRecord,
} from "../../core/room-record.ts";
import { updateExistingRoom, type RoomChange, type RoomStore, type RoomUpdate } from "../../core/room-store.ts";
import { resetTimer } from "../timer/index.ts";
import { groupSize, rebuildGroupPlan, roundsStarted } from "./group-rules.ts";

/** The host's commands for a study group: the plan, the next round, extra turns, and handing over the host role. */
export class GroupService {
  constructor(private readonly deps: { store: RoomStore }) {}

  /** Plans `rounds` rounds in all (counting those already run) for the members there are now. */
  plan(roomId: string, participantId: string, rounds: number, requestId?: string): Promise<RoomUpdate<null>> {
    return this.asHost(roomId, participantId, requestId, (room, group) => {
      if (room.participants.length < groupSize.min) {
        throw new MockloopError(ErrorCode.BadRequest, `a study group needs at least ${groupSize.min} members to plan its rounds`);
      }
      const started = roundsStarted(room);
      if (rounds < started) throw new MockloopError(ErrorCode.BadRequest, `${started} rounds have already started; plan at least that many`);
      group.plannedRounds = rounds + group.extraTurns.length;
      rebuildGroupPlan(room);
    });
  }

  /** Starts the next planned round: its candidate and interviewer take their roles, everyone else observes. */
  next(roomId: string, participantId: string, requestId?: string): Promise<RoomUpdate<null>> {
    return this.asHost(roomId, participantId, requestId, (room, group) => {
      const slot = group.upcoming[0];
      if (!slot) throw new MockloopError(ErrorCode.BadRequest, "no rounds are left in the plan; plan more to go on");
      const tables: RoomChange<null>["tables"] = [];
      if (roundHasStarted(room)) {
        if (!room.scorecard) {
          throw new MockloopError(ErrorCode.ScorecardNotSubmitted, "this round's scorecard is not in yet (the host can abandon the round to go on)");
        }
        const archived = archiveCurrentRound(room, resetTimer(room.timer));
        tables.push({ table: "rounds", key: String(archived.round), value: archived });
      }
      // Extra turns sit at the end of the plan; starting one uses it up.
      if (group.upcoming.length <= group.extraTurns.length) group.extraTurns.shift();
      group.upcoming = group.upcoming.slice(1);
      for (const participant of room.participants) {
        participant.role = participant.id === slot.candidateId ? "candidate" : participant.id === slot.interviewerId ? "interviewer" : "observer";
      }
      return tables;
    });
  }

  /**
   * Ends the current round without a scorecard — its interviewer left, say — so the group never gets stuck.
   * The round is kept (marked abandoned); the plan gains a round, and its candidate gets the turn again.
   */
  abandonRound(roomId: string, participantId: string, requestId?: string): Promise<RoomUpdate<null>> {
    return this.asHost(roomId, participantId, requestId, (room, group) => {
      if (!roundHasStarted(room)) throw new MockloopError(ErrorCode.BadRequest, "no round is running to abandon");
      if (room.scorecard) throw new MockloopError(ErrorCode.BadRequest, "this round's scorecard is in: start the next round instead");
      const archived = archiveCurrentRound(room, resetTimer(room.timer), { abandoned: true });
      for (const participant of room.participants) participant.role = "observer";
      if (group.plannedRounds > 0) group.plannedRounds += 1;
      rebuildGroupPlan(room);
      return [{ table: "rounds", key: String(archived.round), value: archived }];
    });
  }

  /** Gives the current round's interviewer seat to someone present (the interviewer left, or is stuck). */
  giveInterviewerSeat(roomId: string, participantId: string, memberId: string, requestId?: string): Promise<RoomUpdate<null>> {
    return this.asHost(roomId, participantId, requestId, (room) => {
      const member = findParticipant(room, memberId);
      if (!member) throw new MockloopError(ErrorCode.BadRequest, "that person is not in the group");
      if (!roundHasStarted(room)) throw new MockloopError(ErrorCode.BadRequest, "no round is running; start the next one from the plan");
      if (room.scorecard) throw new MockloopError(ErrorCode.BadRequest, "this round's scorecard is already in");
      if (member.role === "candidate") throw new MockloopError(ErrorCode.BadRequest, "the candidate cannot interview themselves");
      for (const participant of room.participants) if (participant.role === "interviewer") participant.role = "observer";
      member.role = "interviewer";
      rebuildGroupPlan(room);
    });
  }

  /** Gives a member one more turn as candidate, at the end of the plan. */
  extraTurn(roomId: string, participantId: string, memberId: string, requestId?: string): Promise<RoomUpdate<null>> {
    return this.asHost(roomId, participantId, requestId, (room, group) => {
      if (!findParticipant(room, memberId)) throw new MockloopError(ErrorCode.BadRequest, "that person is not in the group");
      if (group.plannedRounds === 0) throw new MockloopError(ErrorCode.BadRequest, "plan the rounds first");
      group.extraTurns.push(memberId);
      group.plannedRounds += 1;
      rebuildGroupPlan(room);
    });
  }

  transferHost(roomId: string, participantId: string, toId: string, requestId?: string): Promise<RoomUpdate<null>> {
    return this.asHost(roomId, participantId, requestId, (room, group) => {
      if (!findParticipant(room, toId)) throw new MockloopError(ErrorCode.BadRequest, "that person is not in the group");
      group.hostId = toId;
    });
  }

  /** A host-only change; it may answer side-table writes (a finished round). */
  private asHost(
    roomId: string,
    participantId: string,
    requestId: string | undefined,
    change: (room: RoomRecord, group: GroupState) => RoomChange<null>["tables"] | void,
  ): Promise<RoomUpdate<null>> {
    return updateExistingRoom(this.deps.store, roomId, (room) => {
      requireParticipant(room, participantId);
      if (!room.group) throw new MockloopError(ErrorCode.BadRequest, "this room is not a study group");
      if (room.group.hostId !== participantId) throw new MockloopError(ErrorCode.Forbidden, "only the group's host can do that");
      const tables = change(room, room.group) ?? [];
      return { room, result: null, tables };
    }, { participantId, requestId });
  }
}
