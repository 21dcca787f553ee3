import type { Role } from "@mockloop/protocol";
import type { GroupState, ParticipantRecord, RoomKindId, RoomRecord } from "./room-record.ts";

/**
 * What differs between kinds of room, as one policy object per kind instead of branches in shared services:
 * the seats a newcomer may take, the kind's bookkeeping when people come and go, and who may swap roles.
 * How a group chooses its next round (its rotation plan) is the groups feature's; a pair's is a swap.
 */
export interface RoomKind {
  readonly id: RoomKindId;
  /** The kind's own state in a new room (a group's host and plan), or null. */
  initialGroupState(): GroupState | null;
  /** Roles a newcomer can still take. */
  openRoles(room: RoomRecord): Role[];
  /** Throws a MockloopError (ROOM_FULL, FORBIDDEN, ROLE_TAKEN) when a newcomer may not take `role` now. */
  admitNewcomer(room: RoomRecord, role: Role): void;
  /** After a newcomer was added to `room.participants`. */
  onJoined(room: RoomRecord, participant: ParticipantRecord): void;
  /** After someone was removed from `room.participants` for good. */
  onLeft(room: RoomRecord, participant: ParticipantRecord): void;
  /** Whether this participant may ask for the next round with the roles swapped. */
  maySwap(participant: ParticipantRecord): boolean;
}

export type RoomKinds = Readonly<Record<RoomKindId, RoomKind>>;
