import type { SharedObserverNotes } from "@mockloop/protocol";
import { useId } from "react";
import { formatDateTime } from "../../shared/format.ts";
import clsx from "clsx";
import ui from "../../shared/ui/ui.module.css";
import styles from "./SharedNotes.module.css";

/** Notes observers shared with the candidate, shown apart from the interviewer's scorecard. */
export function SharedNotes({ notes, embedded = false }: { notes: readonly SharedObserverNotes[]; embedded?: boolean }) {
  const ids = useId();
  if (notes.length === 0) return null;
  const Title = embedded ? "h3" : "h2";
  return (
    <section className={clsx(styles.sharedNotes, embedded ? styles.embedded : ui.card)} data-testid="shared-observer-notes" aria-labelledby={`${ids}-title`}>
      <Title id={`${ids}-title`}>Notes from observers</Title>
      {notes.map((note) => (
        <article key={`${note.round}-${note.observer.id}`} className={styles.sharedNote} data-testid={`shared-note-${note.observer.id}`}>
          <p className={styles.sharedNoteMeta}>
            <strong>{note.observer.name}</strong> <span className={ui.muted}>· observer · {formatDateTime(note.sharedAt)}</span>
          </p>
          <p className={clsx(ui.notes, styles.text)}>{note.notes}</p>
        </article>
      ))}
    </section>
  );
}
