import { roomIdSchema } from "@mockloop/protocol";
import { useEffect, useState } from "react";
import { loadToken } from "../../shared/storage.ts";
import { Link } from "../../shared/ui/Link.tsx";
import { JoinForm } from "./JoinForm.tsx";
import { RoomMissing } from "./RoomMissing.tsx";
import { RoomView } from "./RoomView.tsx";
import { RoomSessionProvider, useRoomSession, useRoomSnapshot } from "./session/RoomSessionProvider.tsx";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";

export function RoomPage({ roomId }: { roomId: string }) {
  if (!roomIdSchema.safeParse(roomId).success) return <RoomMissing />;
  return (
    <RoomSessionProvider roomId={roomId}>
      <RoomGate roomId={roomId} />
    </RoomSessionProvider>
  );
}

/** Comes back as the same person when this browser holds a token for the room; otherwise asks who is joining. */
function RoomGate({ roomId }: { roomId: string }) {
  const session = useRoomSession();
  const snapshot = useRoomSnapshot();
  const [savedToken] = useState(() => loadToken(roomId));

  useEffect(() => {
    if (savedToken && snapshot.status === "idle") void session.join({ roomId, token: savedToken });
  }, [session, roomId, savedToken, snapshot.status]);

  if (snapshot.status === "joined" && snapshot.state && snapshot.me) {
    return <RoomView snapshot={snapshot} state={snapshot.state} me={snapshot.me} />;
  }
  if ((snapshot.status === "idle" && savedToken) || (snapshot.status === "joining" && snapshot.joinKind === "token")) {
    return <p className={clsx(ui.card, ui.narrow, ui.muted)}>Rejoining the room…</p>;
  }
  if (snapshot.error?.code === "ROOM_NOT_FOUND") return <RoomMissing />;
  if (snapshot.status === "left") {
    return (
      <section className={clsx(ui.card, ui.narrow)}>
        <h1>You left the room</h1>
        <Link className={clsx(ui.button, ui.primary)} href="/">
          Back to the start page
        </Link>
      </section>
    );
  }
  const notice = snapshot.error?.code === "INVALID_TOKEN" ? "Your earlier seat in this room has expired. Join again below." : null;
  return (
    <JoinForm
      roomId={roomId}
      busy={snapshot.status === "joining"}
      notice={notice}
      error={notice || snapshot.status === "joining" ? null : snapshot.error}
    />
  );
}
