import type { ParticipantView } from "@mockloop/protocol";
import { roleLabel } from "../../shared/format.ts";
import type { ActivityNotice } from "./session/RoomSession.ts";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./Participants.module.css";

const ACTIVITY_TEXT: Record<ActivityNotice["type"], string> = {
  joined: "joined",
  reconnected: "reconnected",
  disconnected: "lost connection",
  left: "left the room",
};

const ROLE_ORDER: Record<ParticipantView["role"], number> = { interviewer: 0, candidate: 1, observer: 2 };

export function Participants({ participants, meId, activity }: { participants: ParticipantView[]; meId: string; activity: ActivityNotice[] }) {
  const sorted = [...participants].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return (
    <section className={ui.card} aria-labelledby="participants-title">
      <h2 id="participants-title">In the room</h2>
      <ul className={styles.participants}>
        {sorted.map((p) => (
          <li key={p.id} data-testid={`participant-${p.id}`} data-connected={p.connected} className={styles.participant}>
            <span className={clsx(styles.presence, p.connected ? styles.online : styles.offline)} aria-hidden="true" />
            <span className={styles.participantName}>
              {p.name}
              {p.id === meId && <span className={ui.muted}> (you)</span>}
            </span>
            <span className={styles.roleTag}>{roleLabel(p.role)}</span>
            <span className="visually-hidden">{p.connected ? "connected" : "disconnected"}</span>
          </li>
        ))}
      </ul>
      {participants.every((p) => p.id === meId) && <p className={ui.hint}>Nobody else yet. Share the invite link.</p>}
      <ul className={styles.notices} aria-live="polite" aria-label="Recent activity">
        {activity.map((notice) => (
          <li key={notice.key} className={styles[notice.type]}>
            <strong>{notice.name}</strong> {ACTIVITY_TEXT[notice.type]}
            <time className={ui.muted} dateTime={new Date(notice.at).toISOString()}>
              {" "}
              · {new Date(notice.at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}
