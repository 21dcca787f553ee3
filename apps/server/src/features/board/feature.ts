import type { BoardLimits } from "@mockloop/protocol";
import type { FastifyInstance } from "fastify";
import type { RoomStore } from "../../core/room-store.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { BoardService, type ReadableRounds } from "./board-service.ts";
import { boardHandlers } from "./handlers.ts";
import type { BoardStore } from "./port.ts";
import { registerBoardRoutes } from "./routes.ts";

/** The shared system-design board: live drawing per round, kept with the round, read afterwards over HTTP. */
export function createBoardFeature(deps: { store: RoomStore; boards: BoardStore; limits: BoardLimits; publisher: RoomPublisher; readableRounds: ReadableRounds }) {
  const boards = new BoardService(deps);
  return {
    service: boards,
    handlers: boardHandlers({ boards, publisher: deps.publisher }),
    routes: (app: FastifyInstance) => registerBoardRoutes(app, { boards }),
  };
}
