import type { QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";
import { periodic } from "../../core/periodic.ts";
import type { RoomKinds } from "../../core/room-kind.ts";
import type { RoomStore } from "../../core/room-store.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import type { RoomServer } from "../../transport/socket-types.ts";
import { detach, roomDisconnectHook, roomHandlers, type UnrecordedDisconnects } from "./handlers.ts";
import type { PresenceStore } from "./port.ts";
import { RoomService } from "./room-service.ts";
import { registerRoomRoutes } from "./routes.ts";

export interface RoomFeatureDeps {
  io: RoomServer;
  store: RoomStore;
  presence: PresenceStore;
  bank: QuestionBank;
  kinds: RoomKinds;
  publisher: RoomPublisher;
  publicUrl: string | undefined;
  /** How often this node says it is alive and looks for nodes that are not (ms). */
  heartbeatMs: number;
  onError: (error: unknown) => void;
}

/** Rooms: creating one, joining and leaving, presence (and removing a dead node's connections), and swapping roles. */
export function createRoomFeature({ io, store, presence, bank, kinds, publisher, publicUrl, heartbeatMs, onError }: RoomFeatureDeps) {
  const rooms = new RoomService({ store, presence, bank, kinds });
  const deps = { rooms, publisher, bank };
  const unrecorded: UnrecordedDisconnects = new Map();

  const keepPresenceTrue = async () => {
    for (const [key, { connectionId, roomId }] of unrecorded) {
      await detach(connectionId, roomId, deps);
      unrecorded.delete(key);
    }
    // This node was presumed dead (its heartbeat lapsed during an outage) and its connections removed: record them again.
    if (await presence.heartbeat()) {
      for (const socket of await io.local.fetchSockets()) {
        const { roomId, participantId } = socket.data;
        if (!roomId || !participantId) continue;
        const { cameOnline } = await presence.attach(roomId, participantId, socket.id);
        if (cameOnline) await publisher.presence(roomId, participantId, true);
      }
    }
    for (const gone of await presence.sweepDeadNodes()) await publisher.presence(gone.roomId, gone.participantId, false);
  };

  return {
    service: rooms,
    handlers: roomHandlers(deps),
    onDisconnect: roomDisconnectHook(deps, unrecorded),
    routes: (app: FastifyInstance) => registerRoomRoutes(app, { rooms, bank, publicUrl }),
    ...periodic(keepPresenceTrue, { everyMs: heartbeatMs, runAtStart: true, onError }),
  };
}
