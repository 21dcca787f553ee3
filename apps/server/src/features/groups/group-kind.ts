import { ErrorCode, MockloopError } from "@mockloop/protocol";
import type { RoomKind } from "../../core/room-kind.ts";
import { exclusiveRoles } from "../../core/room-record.ts";
import { groupSize, rebuildGroupPlan } from "./group-rules.ts";

/**
 * A study group: 3 to 8 members who all join as observers; the host's rotation plan hands out the roles for
 * each round (`group:next`). The first member to join hosts; when the host leaves, the longest-standing member does.
 */
export const groupKind: RoomKind = {
  id: "group",
  initialGroupState: () => ({ hostId: null, plannedRounds: 0, extraTurns: [], upcoming: [] }),
  openRoles: (room) => (room.participants.length < groupSize.max ? ["observer"] : []),
  admitNewcomer: (room, role) => {
    if (room.participants.length >= groupSize.max) {
      throw new MockloopError(ErrorCode.RoomFull, `a study group holds at most ${groupSize.max} members`);
    }
    if (role !== "observer") {
      throw new MockloopError(ErrorCode.Forbidden, "in a study group, roles come from the rotation: join as a member (observer)");
    }
  },
  onJoined: (room, participant) => {
    if (!room.group) return;
    room.group.hostId ??= participant.id;
    // A late joiner is worked into the rounds that remain.
    rebuildGroupPlan(room);
  },
  onLeft: (room, participant) => {
    if (!room.group) return;
    // The host role passes to the longest-standing member; the plan is rebuilt without the one who left.
    if (room.group.hostId === participant.id) room.group.hostId = room.participants[0]?.id ?? null;
    room.group.extraTurns = room.group.extraTurns.filter((id) => id !== participant.id);
    rebuildGroupPlan(room);
  },
  maySwap: (participant) => exclusiveRoles.includes(participant.role),
};
