import { createRoomBodySchema, roomParamsSchema, type CreateRoomResponse, type RoomSummary } from "@mockloop/protocol";
import type { QuestionBank } from "@mockloop/questions";
import type { FastifyInstance } from "fastify";
import { baseUrl } from "../../transport/http-kit.ts";
import type { RoomService } from "./room-service.ts";
import { roomSummary } from "./views.ts";

/** Creating a room (its invite link), and what someone opening the link needs to join it. */
export function registerRoomRoutes(app: FastifyInstance, { rooms, bank, publicUrl }: { rooms: RoomService; bank: QuestionBank; publicUrl: string | undefined }): void {
  app.post("/api/rooms", async (request, reply) => {
    const body = createRoomBodySchema.parse(request.body);
    const room = await rooms.createRoom(body.trackId, body.stageId, body.kind);
    const invitePath = `/r/${room.id}`;
    const response: CreateRoomResponse = { roomId: room.id, invitePath, inviteUrl: `${baseUrl(request, publicUrl)}${invitePath}` };
    return reply.code(201).send(response);
  });

  app.get("/api/rooms/:roomId", async (request): Promise<RoomSummary> => {
    const { roomId } = roomParamsSchema.parse(request.params);
    const room = await rooms.getRoom(roomId);
    return roomSummary(bank, room, rooms.openRoles(room));
  });
}
