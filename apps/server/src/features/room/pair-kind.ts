import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { RoomKind } from "../../core/room-kind.ts";
import { exclusiveRoles, holderOf } from "../../core/room-record.ts";

/** A pair: one interviewer, one candidate and any observers; after a round the two swap roles (`round:swap`). */
export const pairKind: RoomKind = {
  id: "pair",
  initialGroupState: () => null,
  openRoles: (room) => (["interviewer", "candidate", "observer"] as const).filter((role) => !exclusiveRoles.includes(role) || !holderOf(room, role)),
  admitNewcomer: (room, role) => {
    if (exclusiveRoles.includes(role) && holderOf(room, role)) throw new MockloopError(ErrorCode.RoleTaken, `this room already has a ${role}`);
  },
  onJoined: () => {},
  onLeft: () => {},
  maySwap: (participant) => exclusiveRoles.includes(participant.role),
};
