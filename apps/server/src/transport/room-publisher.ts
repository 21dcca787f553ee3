import type { Activity, RoomPatch, ServerEventName, ServerEventPayload } from "@mockloop/protocol";
import type { ParticipantRecord } from "../core/room-record.ts";
import type { RoomUpdate, StreamAnnouncer } from "../core/room-store.ts";
import type { RoomSocket } from "./socket-types.ts";

/**
 * How features tell a room's people what changed. Implemented by the room feature (which knows how to turn a
 * room into each viewer's shape); handed to every feature's handlers, so no feature imports another to emit.
 */
export interface RoomPublisher {
  /**
   * Announces a change: one patch per view class, a snapshot to anyone whose view the change replaced (a role
   * or a round changed), then the change's events. Resolves once published and confirmed to the store.
   * `answered`, the connection whose request made the change, is sent no patch: its answer carries the change
   * instead — the room as the change left it (a join), or the patch it would have been sent, which this
   * resolves with (undefined when it gets a snapshot, or nothing changed).
   */
  changed(update: RoomUpdate<unknown>, answered?: RoomSocket): Promise<RoomPatch | undefined>;
  /** The room's announcements as entries of the adapter's stream, for a store that appends them in a change's own write. */
  streamAnnouncer(stream: { streamKey: string; maxLen: number }): StreamAnnouncer;
  /**
   * Looks at a room that is due: resends any change its node did not confirm (it died), as snapshots and the
   * change's events, and puts the room back in the work index at its next deadline.
   */
  settle(roomId: string): Promise<void>;
  /** Someone's first connection opened, or their last one closed; `answered`, a joining connection whose answer says who is online, is not told. */
  presence(roomId: string, participantId: string, online: boolean, answered?: RoomSocket): Promise<void>;
  /** Tells the room someone came, went or dropped; `origin`, their own connection, is not told about itself. */
  activity(roomId: string, type: Activity["type"], participant: Pick<ParticipantRecord, "id" | "name" | "role">, origin?: RoomSocket): Promise<void>;
  /** An event for everyone in the room. */
  toRoom<E extends ServerEventName>(roomId: string, event: E, payload: ServerEventPayload<E>): Promise<void>;
  /**
   * An event for a participant's other connections (tabs), not `origin` itself; through the stream every node
   * reads only when they have a connection on another node.
   */
  toOtherTabs<E extends ServerEventName>(origin: RoomSocket, participantId: string, event: E, payload: ServerEventPayload<E>): Promise<void>;
}
