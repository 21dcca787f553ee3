import type { QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";
import type { RoomKinds } from "../../core/room-kind.ts";
import type { RoomStore } from "../../core/room-store.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { roomDisconnectHook, roomHandlers } from "./handlers.ts";
import { RoomService } from "./room-service.ts";
import { registerRoomRoutes } from "./routes.ts";

export interface RoomFeatureDeps {
  store: RoomStore;
  bank: QuestionBank;
  kinds: RoomKinds;
  publisher: RoomPublisher;
  publicUrl: string | undefined;
}

/** Rooms: creating one, joining and leaving, presence, and swapping roles. */
export function createRoomFeature({ store, bank, kinds, publisher, publicUrl }: RoomFeatureDeps) {
  const rooms = new RoomService({ store, bank, kinds });
  const deps = { rooms, publisher, bank };
  return {
    service: rooms,
    handlers: roomHandlers(deps),
    onDisconnect: roomDisconnectHook(deps),
    routes: (app: FastifyInstance) => registerRoomRoutes(app, { rooms, bank, publicUrl }),
  };
}
