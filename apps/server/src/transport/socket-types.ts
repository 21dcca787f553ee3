import type { ClientToServerEvents, PartnerRequest, ServerToClientEvents } from "@mockloop/protocol";
import type { Server, Socket } from "socket.io";

/** What a connection knows about itself once joined; the room record stays the authority on roles. */
export interface SocketSession {
  roomId?: string;
  participantId?: string;
  /** Said by the client as it connected (`connectionAuthSchema`): it applies the patch a command's answer carries. */
  answersCarryPatches?: boolean;
  /** A room this connection asked to join whose answer was lost: the store may hold it as present there. */
  joining?: string;
  /** The partner request this connection is waiting on, if any: its ticket id and what it asked. */
  ticket?: PartnerRequest & { id: string };
}

export type RoomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketSession>;
export type RoomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketSession>;
