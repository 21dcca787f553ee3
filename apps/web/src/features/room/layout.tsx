import { useEffect } from "react";
import type { DraftSync } from "../../shared/drafts/draft-sync.ts";
import { debriefPath, scorecardPath } from "../../shared/router.ts";
import { Link } from "../../shared/ui/Link.tsx";
import type { SessionSnapshot } from "./session/RoomSession.ts";
import styles from "./layout.module.css";

export interface LayoutProps<S> {
  snapshot: SessionSnapshot;
  state: S;
  meId: string;
}

/** Follows the connection: saves wait while it is down and resume once the room is rejoined. */
export function useDraftLifecycle<T>(sync: DraftSync<T>, snapshot: SessionSnapshot): void {
  useEffect(() => sync.start(), [sync]);
  useEffect(() => sync.setOnline(snapshot.connection === "online", snapshot.epoch), [sync, snapshot.connection, snapshot.epoch]);
}

export function ScorecardLinks({ roomId }: { roomId: string }) {
  return (
    <p className={styles.scorecardLink}>
      <Link href={scorecardPath(roomId)}>Open the scorecard on its own page</Link> to keep, download or print it, or see the{" "}
      <Link href={debriefPath(roomId)}>debrief</Link> of the whole session.
    </p>
  );
}
