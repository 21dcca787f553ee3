import { boardParamsSchema, boardQuerySchema, roomParamsSchema } from "@mockloop/protocol";
import type { FastifyInstance } from "fastify";
import { bearerToken } from "../../transport/http-kit.ts";
import type { BoardService } from "./board-service.ts";
import { excalidrawFile } from "./views.ts";

/** Each round's board, for anyone holding a participant token of the room: as JSON, or as a `.excalidraw` download. */
export function registerBoardRoutes(app: FastifyInstance, { boards }: { boards: BoardService }): void {
  app.get("/api/rooms/:roomId/boards", async (request) => {
    const { roomId } = roomParamsSchema.parse(request.params);
    return { boards: await boards.boardsForReader(roomId, bearerToken(request)) };
  });

  app.get("/api/rooms/:roomId/boards/:round", async (request, reply) => {
    const { roomId, round } = boardParamsSchema.parse(request.params);
    const { format } = boardQuerySchema.parse(request.query);
    const board = await boards.roundBoard(roomId, bearerToken(request), round);
    if (format === "json") return board;
    return reply
      .type("application/vnd.excalidraw+json")
      .header("content-disposition", `attachment; filename="board-${roomId}-round-${round}.excalidraw"`)
      .send(JSON.stringify(excalidrawFile(board.elements)));
  });
}
