import { ErrorCode, MockloopError } from "@mockloop/protocol";
import {
  archiveCurrentRound,
  findParticipant,
  requireParticipant,
  roomNotFound,
  roundHasStarted,
  type GroupState,
  type RoomRecord,
} from "../../core/room-record.ts";
import type { RoomStore } from "../../core/room-store.ts";
import { resetTimer } from "../timer/index.ts";
import { groupSize, rebuildGroupPlan, roundsStarted } from "./group-rules.ts";

/** The host's commands for a study group: the plan, the next round, extra turns, and handing over the host role. */
export class GroupService {
  constructor(private readonly deps: { store: RoomStore }) {}

  /** Plans `rounds` rounds in all (counting those already run) for the members there are now. */
  plan(roomId: string, participantId: string, rounds: number): Promise<RoomRecord> {
    return this.asHost(roomId, participantId, (room, group) => {
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
  next(roomId: string, participantId: string): Promise<RoomRecord> {
    return this.asHost(roomId, participantId, (room, group) => {
      const slot = group.upcoming[0];
      if (!slot) throw new MockloopError(ErrorCode.BadRequest, "no rounds are left in the plan; plan more to go on");
      if (roundHasStarted(room)) {
        if (!room.scorecard) throw new MockloopError(ErrorCode.ScorecardNotSubmitted, "this round's scorecard is not in yet");
        archiveCurrentRound(room, resetTimer(room.timer));
      }
      // Extra turns sit at the end of the plan; starting one uses it up.
      if (group.upcoming.length <= group.extraTurns.length) group.extraTurns.shift();
      group.upcoming = group.upcoming.slice(1);
      for (const participant of room.participants) {
        participant.role = participant.id === slot.candidateId ? "candidate" : participant.id === slot.interviewerId ? "interviewer" : "observer";
      }
    });
  }

  /** Gives a member one more turn as candidate, at the end of the plan. */
  extraTurn(roomId: string, participantId: string, memberId: string): Promise<RoomRecord> {
    return this.asHost(roomId, participantId, (room, group) => {
      if (!findParticipant(room, memberId)) throw new MockloopError(ErrorCode.BadRequest, "that person is not in the group");
      if (group.plannedRounds === 0) throw new MockloopError(ErrorCode.BadRequest, "plan the rounds first");
      group.extraTurns.push(memberId);
      group.plannedRounds += 1;
      rebuildGroupPlan(room);
    });
  }

  transferHost(roomId: string, participantId: string, toId: string): Promise<RoomRecord> {
    return this.asHost(roomId, participantId, (room, group) => {
      if (!findParticipant(room, toId)) throw new MockloopError(ErrorCode.BadRequest, "that person is not in the group");
      group.hostId = toId;
    });
  }

  private async asHost(roomId: string, participantId: string, change: (room: RoomRecord, group: GroupState) => void): Promise<RoomRecord> {
    const outcome = await this.deps.store.updateRoom(roomId, (room) => {
      requireParticipant(room, participantId);
      if (!room.group) throw new MockloopError(ErrorCode.BadRequest, "this room is not a study group");
      if (room.group.hostId !== participantId) throw new MockloopError(ErrorCode.Forbidden, "only the group's host can do that");
      change(room, room.group);
      return { room, result: null };
    });
    if (!outcome) throw roomNotFound(roomId);
    return outcome.room;
  }
}
