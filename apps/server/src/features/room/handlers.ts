import type { QuestionBank } from "@mockloop/questions";
import { requireParticipant } from "../../core/room-record.ts";
import { mayHaveBeenApplied } from "../../core/store-outcome.ts";
import { stageInfo } from "../questions/index.ts";
import { channels, isRoomChannel } from "../../transport/channels.ts";
import type { RoomPublisher } from "../../transport/room-publisher.ts";
import { joined, roomCommand, type DisconnectHook, type HandlerMap, type RoomSocket } from "../../transport/socket-kit.ts";
import type { JoinOutcome, RoomService } from "./room-service.ts";
import { participantView, roomSnapshot, viewClassOf } from "./views.ts";

export interface RoomHandlerDeps {
  rooms: RoomService;
  publisher: RoomPublisher;
  bank: QuestionBank;
}

/** Forgets the room on this connection; a partner request it waits on (its own channel) stays where it is. */
async function leaveRoomChannels(socket: RoomSocket): Promise<void> {
  socket.data = { ...socket.data, roomId: undefined, participantId: undefined };
  for (const channel of socket.rooms) if (isRoomChannel(channel)) await socket.leave(channel);
}

/** Takes a closed (or moving) connection out of a room and tells the room when its person went offline. */
export async function detach(connectionId: string, roomId: string, { rooms, publisher }: RoomHandlerDeps): Promise<void> {
  const outcome = await rooms.disconnect(roomId, connectionId);
  if (!outcome?.wentOffline) return;
  const { participantId } = outcome;
  await publisher.presence(roomId, participantId, false);
  const room = await rooms.getRoom(roomId).catch(() => undefined);
  const participant = room?.participants.find((candidate) => candidate.id === participantId);
  if (participant) await publisher.activity(roomId, "disconnected", participant);
}

export function roomHandlers(deps: RoomHandlerDeps): HandlerMap<"room:join" | "room:leave" | "room:sync" | "round:swap"> {
  const { rooms, publisher, bank } = deps;
  return {
    "room:join": async (socket, payload) => {
      const previous = socket.data.roomId && socket.data.participantId ? { roomId: socket.data.roomId, participantId: socket.data.participantId } : undefined;
      const request = "name" in payload ? { name: payload.name, role: payload.role, token: payload.token } : { token: payload.token };
      // Join first: a join that fails leaves the connection in the room it was in.
      let outcome: JoinOutcome;
      try {
        outcome = await rooms.join(payload.roomId, request, socket.id);
      } catch (error) {
        // Unless refused, Redis may have recorded the connection in the room and lost the answer: it is taken out
        // of that room too when it closes (taking out one never recorded finds nothing).
        if (mayHaveBeenApplied(error)) socket.data.joining = payload.roomId;
        throw error;
      }
      const { room, participant } = outcome;
      const sameSeat = previous?.roomId === room.id && previous.participantId === participant.id;
      if (previous && !sameSeat) {
        await leaveRoomChannels(socket);
        await detach(socket.id, previous.roomId, deps);
      }
      const joining = socket.data.joining === room.id ? undefined : socket.data.joining;
      socket.data = { ...socket.data, roomId: room.id, participantId: participant.id, joining };
      await socket.join([channels.room(room.id), channels.participant(participant.id)]);
      const announce = async () => {
        // Presence first: whoever learns of a newcomer from the change then already knows they are online. This
        // connection learns both from its answer (the room at this version, with who is online), so it is left out.
        if (outcome.cameOnline) await publisher.presence(room.id, participant.id, true, socket);
        if (outcome.update) await publisher.changed(outcome.update, socket);
        if (!outcome.resumed) await publisher.activity(room.id, "joined", participant, socket);
        else if (outcome.cameOnline) await publisher.activity(room.id, "reconnected", participant, socket);
      };
      // A change made after the room above was read but before this connection was in the room's channels (a
      // push from another tab or node, a segment ending) reached everyone but it: now that it hears every later
      // change, the stored version is read again, and a newer room answered (unread, on a store blink, the earlier
      // one stands: a later change then shows the client its gap). Who is online is read meanwhile, while the room
      // is told (this connection is already in presence): no round trip of their own.
      const [online, newer] = await Promise.all([rooms.online(room.id), rooms.newerThan(room.id, room.version).catch(() => undefined), announce()]);
      // Closed while joining: if its close came before the room was on the connection, it found nothing to record,
      // and the person would show as connected for as long as this node lives. (Recording it twice finds nothing.)
      if (socket.disconnected) await detach(socket.id, room.id, deps);
      const answered = newer ?? room;
      return {
        participant: participantView(participant, true),
        token: outcome.token,
        resumed: outcome.resumed,
        stage: stageInfo(bank, room.trackId, room.stageId),
        state: roomSnapshot(bank, answered, viewClassOf(answered, participant.id) ?? "latecomer", online),
        appliesCommandsOnce: true,
      };
    },
    "room:leave": async (socket) => {
      const { roomId, participantId } = joined(socket);
      const update = await rooms.leave(roomId, participantId);
      await leaveRoomChannels(socket);
      await publisher.changed(update);
      await publisher.presence(roomId, participantId, false);
      await publisher.activity(roomId, "left", update.result, socket);
      return {};
    },
    "room:sync": async (socket) => {
      const { roomId, participantId } = joined(socket);
      const [room, online] = await Promise.all([rooms.getRoom(roomId), rooms.online(roomId)]);
      requireParticipant(room, participantId);
      return roomSnapshot(bank, room, viewClassOf(room, participantId) ?? "latecomer", online);
    },
    "round:swap": roomCommand(publisher, ({ roomId, participantId }, payload) => rooms.swapRoles(roomId, participantId, payload.requestId)),
  };
}

/**
 * Records a closed connection. If the store cannot be reached, the disconnect is kept and retried (by the
 * presence upkeep) until it is recorded, so nobody stays "connected" after an outage.
 */
export function roomDisconnectHook(deps: RoomHandlerDeps, unrecorded: UnrecordedDisconnects): DisconnectHook {
  return {
    what: "record a disconnect (it will be retried)",
    run: async (socket) => {
      // Its room, and one it asked to join whose answer was lost (`joining`).
      const { roomId, joining } = socket.data;
      const failures: unknown[] = [];
      for (const room of new Set([roomId, joining])) {
        if (room === undefined) continue;
        try {
          await detach(socket.id, room, deps);
        } catch (error) {
          unrecorded.set(`${socket.id} ${room}`, { connectionId: socket.id, roomId: room });
          failures.push(error);
        }
      }
      if (failures.length > 0) throw failures[0];
    },
  };
}

/** Disconnects the store could not record (it was unreachable), by connection and room: retried until recorded. */
export type UnrecordedDisconnects = Map<string, { connectionId: string; roomId: string }>;
