import { createContext, useContext, useState, useSyncExternalStore, type ReactNode } from "react";
import { RoomSession, type SessionSnapshot } from "./RoomSession.ts";
import { useRoomSessions } from "./sessions.tsx";

const RoomSessionContext = createContext<RoomSession | null>(null);

/** The room page's session: the tab's one for this room, so StrictMode's second mount and a return visit get the same. */
export function RoomSessionProvider({ roomId, children }: { roomId: string; children: ReactNode }) {
  const sessions = useRoomSessions();
  const [session] = useState(() => sessions.open(roomId, RoomSession));
  return <RoomSessionContext value={session}>{children}</RoomSessionContext>;
}

export function useRoomSession(): RoomSession {
  const session = useContext(RoomSessionContext);
  if (!session) throw new Error("useRoomSession needs a RoomSessionProvider above it");
  return session;
}

export function useRoomSnapshot(): SessionSnapshot {
  const session = useRoomSession();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
