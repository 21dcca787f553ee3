import { ErrorCode, MockloopError, type IceConfig } from "@mockloop/protocol";
import { findParticipant, requireParticipant, type RoomRecord } from "../../core/room-record.ts";
import type { StoreClock } from "../../core/clock.ts";
import { readExistingRoom, type RoomStore } from "../../core/room-store.ts";
import { iceConfigFor, type IceSettings } from "./ice-config.ts";

/**
 * The call's server side: ICE servers for joined participants, and the check before any signal is relayed.
 * Who is in the call and what they signal is never stored; only the room record is read, for who is in the room.
 */
export class CallService {
  constructor(private readonly deps: { store: RoomStore; ice: IceSettings; now: StoreClock }) {}

  /** STUN and TURN servers, with TURN credentials of this participant's own, for a current participant only. */
  async iceConfig(roomId: string, participantId: string): Promise<IceConfig> {
    requireParticipant(await this.room(roomId), participantId);
    return iceConfigFor(this.deps.ice, participantId, await this.deps.now());
  }

  /** Checks, against the room record, that both are current participants of this room. */
  async checkRelay(roomId: string, from: string, to: string): Promise<void> {
    const room = await this.room(roomId);
    requireParticipant(room, from);
    if (to === from) throw new MockloopError(ErrorCode.BadRequest, "a call signal goes to someone else");
    if (!findParticipant(room, to)) throw new MockloopError(ErrorCode.Forbidden, "that person is not in your room");
  }

  /** Checks that the sender is still a current participant of the room. */
  async checkMember(roomId: string, participantId: string): Promise<void> {
    requireParticipant(await this.room(roomId), participantId);
  }

  private room(roomId: string): Promise<RoomRecord> {
    return readExistingRoom(this.deps.store, roomId);
  }
}
