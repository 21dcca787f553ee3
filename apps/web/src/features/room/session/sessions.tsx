import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import type { RoomSession } from "./RoomSession.ts";

/** The tab's room sessions: one per room; opening a room closes the sessions of other rooms. */
export class RoomSessions {
  private readonly byRoom = new Map<string, RoomSession>();

  /** The room's session, made with `Session` when there is none yet or the last one was left. */
  open(roomId: string, Session: new (roomId: string) => RoomSession): RoomSession {
    const existing = this.byRoom.get(roomId);
    if (existing && existing.getSnapshot().status !== "left") return existing;
    for (const [id, session] of this.byRoom) {
      if (id !== roomId) session.close();
      this.byRoom.delete(id);
    }
    const session = new Session(roomId);
    this.byRoom.set(roomId, session);
    return session;
  }
}

const RoomSessionsContext = createContext<RoomSessions | null>(null);

/** Keeps the sessions above the pages, so the start page can hand the room page a session it has already joined. */
export function RoomSessionsProvider({ children }: { children: ReactNode }) {
  const [sessions] = useState(() => new RoomSessions());
  return <RoomSessionsContext value={sessions}>{children}</RoomSessionsContext>;
}

export function useRoomSessions(): RoomSessions {
  const sessions = useContext(RoomSessionsContext);
  if (!sessions) throw new Error("useRoomSessions needs a RoomSessionsProvider above it");
  return sessions;
}

/** Opens a room's session from outside the room page; the socket code loads on first use, not with the start page. */
export function useOpenRoomSession(): (roomId: string) => Promise<RoomSession> {
  const sessions = useRoomSessions();
  return useCallback(
    async (roomId: string) => {
      const { RoomSession } = await import("./RoomSession.ts");
      return sessions.open(roomId, RoomSession);
    },
    [sessions],
  );
}
