import clsx from "clsx";
import type { ParticipantView, RoomState } from "@mockloop/protocol";
import { useEffect } from "react";
import { roleLabel } from "../../shared/format.ts";
import { debriefPath, navigate } from "../../shared/router.ts";
import { Link } from "../../shared/ui/Link.tsx";
import { RoomBoard } from "../board/index.ts";
import { CallPanel } from "../call/index.ts";
import { RoundsPanel } from "../groups/index.ts";
import { InterviewerLayout } from "./InterviewerLayout.tsx";
import { InviteLink } from "./InviteLink.tsx";
import { ParticipantLayout } from "./ParticipantLayout.tsx";
import type { SessionSnapshot } from "./session/RoomSession.ts";
import { useRoomSession } from "./session/RoomSessionProvider.tsx";
import ui from "../../shared/ui/ui.module.css";
import styles from "./RoomView.module.css";

interface RoomViewProps {
  snapshot: SessionSnapshot;
  state: RoomState;
  me: ParticipantView;
}

export function RoomView({ snapshot, state, me }: RoomViewProps) {
  const session = useRoomSession();
  const title = `${state.stage.stageName} · mockloop`;
  useEffect(() => {
    const previous = document.title;
    document.title = title;
    return () => {
      document.title = previous;
    };
  }, [title]);
  async function leave() {
    if (!window.confirm("Leave this room? Your seat is freed for someone else.")) return;
    await session.leave();
    navigate("/");
  }

  return (
    <div>
      {snapshot.connection === "reconnecting" && (
        <div className={styles.banner} role="status" data-testid="reconnecting-banner">
          Connection lost. Reconnecting…
        </div>
      )}
      {snapshot.connection === "online" && snapshot.storage === "unavailable" && (
        <div className={styles.banner} role="status" data-testid="storage-banner">
          Storage is unavailable for a moment. Retrying… Anything you have not saved stays in this tab until it is.
        </div>
      )}
      <section className={clsx(ui.card, styles.roomHeader)}>
        <div className={styles.roomTitle}>
          <p className={ui.eyebrow}>{state.stage.trackName}</p>
          <h1>{state.stage.stageName}</h1>
          <p className={ui.muted}>
            You are <strong>{me.name}</strong>, {roleLabel(me.role).toLowerCase()}.{" "}
            <Link href={debriefPath(state.roomId)} data-testid="debrief-link">
              Debrief
            </Link>
            {" · "}
            <button type="button" className={ui.linkButton} onClick={() => void leave()}>
              Leave room
            </button>
          </p>
        </div>
        <InviteLink roomId={state.roomId} />
      </section>
      <CallPanel client={session.client} me={me} participants={state.participants} />
      <RoundsPanel attempt={(command) => session.attempt(command)} state={state} me={me} online={snapshot.connection === "online"} />
      <RoomBoard client={session.client} state={state} me={me} epoch={snapshot.epoch} />
      {state.view === "interviewer" ? (
        // A new round (roles swapped) starts a new scorecard: a fresh draft for it.
        <InterviewerLayout key={state.round} snapshot={snapshot} state={state} meId={me.id} />
      ) : (
        <ParticipantLayout key={state.round} snapshot={snapshot} state={state} me={me} />
      )}
    </div>
  );
}
