import { ErrorCode, MockloopError, type Role } from "@mockloop/protocol";
import type { RoomKind } from "../../core/room-kind.ts";
import { exclusiveRoles, holderOf, type RoomRecord } from "../../core/room-record.ts";

const observersIn = (room: RoomRecord) => room.participants.filter((participant) => participant.role === "observer").length;

/**
 * A pair: one interviewer, one candidate, and up to `maxObservers` observers; after a round the two swap
 * roles (`round:swap`).
 */
export function pairKind({ maxObservers }: { maxObservers: number }): RoomKind {
  const seatOpen = (room: RoomRecord, role: Role) => (role === "observer" ? observersIn(room) < maxObservers : !holderOf(room, role));
  return {
    id: "pair",
    initialGroupState: () => null,
    openRoles: (room) => (["interviewer", "candidate", "observer"] as const).filter((role) => seatOpen(room, role)),
    admitNewcomer: (room, role) => {
      if (seatOpen(room, role)) return;
      if (exclusiveRoles.includes(role)) throw new MockloopError(ErrorCode.RoleTaken, `this room already has a ${role}`);
      throw new MockloopError(ErrorCode.RoomFull, `this room has no observer seat left (at most ${maxObservers})`);
    },
    onJoined: () => {},
    onLeft: () => {},
    maySwap: (participant) => exclusiveRoles.includes(participant.role),
  };
}
