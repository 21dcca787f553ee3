import { newRequestId, type ErrorBody, type SharedObserverNotes } from "@mockloop/protocol";
import { useId, useState } from "react";
import type { DraftSync } from "../../shared/drafts/draft-sync.ts";
import { useDraft } from "../../shared/drafts/useDraft.ts";
import { formatClock } from "../../shared/format.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { LimitedTextarea } from "../../shared/ui/LimitedTextarea.tsx";
import { SaveStatus } from "../../shared/ui/SaveStatus.tsx";
import { LIMITS } from "../scorecards/index.ts";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./ObserverNotesForm.module.css";

interface ObserverNotesFormProps {
  sync: DraftSync<string>;
  /** What this observer shared in this round, if anything. */
  shared: SharedObserverNotes | null;
  onShare: (requestId: string) => Promise<ErrorBody | null>;
}

/** An observer's own notes: private and autosaved until they share them with the candidate. */
export function ObserverNotesForm({ sync, shared, onShare }: ObserverNotesFormProps) {
  const ids = useId();
  const draft = useDraft(sync);
  const [sharing, setSharing] = useState(false);
  const [error, setError] = useState<ErrorBody | string | null>(null);
  /** One id per share attempt, reused if that attempt is retried. */
  const [requestId, setRequestId] = useState<string | null>(null);

  async function share() {
    if (sharing) return;
    setSharing(true);
    setError(null);
    // The server shares what is stored: save first.
    await sync.flush();
    const saved = sync.getSnapshot();
    if (saved.dirty) {
      setSharing(false);
      setError("Your latest notes are not saved yet, so they were not shared. Try again in a moment.");
      return;
    }
    const id = requestId ?? newRequestId();
    setRequestId(id);
    const failure = await onShare(id);
    setSharing(false);
    if (failure) setError(failure);
    else setRequestId(null);
  }

  const changedSinceShared = shared !== null && shared.notes !== draft.value;
  return (
    <section className={clsx(ui.card, styles.observerNotes)} aria-labelledby={`${ids}-title`}>
      <div className={ui.cardTitleRow}>
        <h2 id={`${ids}-title`}>Your notes</h2>
        {draft.phase === "ready" && <SaveStatus status={draft.status} onRetry={() => void sync.flush()} />}
      </div>
      {draft.conflictAt !== null && (
        <div className={clsx(ui.notice, ui.conflictNotice)} role="alert" data-testid="draft-conflict">
          <span>Your notes were changed in another tab; showing the latest.</span>
          <button type="button" className={ui.linkButton} onClick={() => sync.dismissConflict()}>
            Dismiss
          </button>
        </div>
      )}
      {draft.phase === "loading" && <p className={ui.muted}>Loading your notes…</p>}
      {draft.phase === "failed" && (
        <div className={ui.actionError}>
          <ErrorMessage error={`Your notes could not be loaded: ${draft.loadError ?? "unknown error"}.`} />
          <button type="button" className={clsx(ui.button, ui.secondary)} onClick={() => void sync.load()}>
            Try again
          </button>
        </div>
      )}
      {draft.phase === "ready" && (
        <div className={ui.form}>
          <LimitedTextarea
            label="Notes for the candidate"
            hideLabel
            value={draft.value}
            limit={LIMITS.observerNotes}
            rows={6}
            testId="observer-notes"
            placeholder="What you noticed as an observer: moments that worked, moments to rework"
            onChange={(notes) => sync.edit(notes)}
          />
          {error && <ErrorMessage error={error} />}
          <button
            type="button"
            className={clsx(ui.button, ui.secondary, styles.share)}
            data-testid="observer-notes-share"
            disabled={sharing || draft.value.trim() === "" || (shared !== null && !changedSinceShared)}
            onClick={() => void share()}
          >
            {sharing ? "Sharing…" : shared === null ? "Share with the candidate" : changedSinceShared ? "Share the update" : "Shared"}
          </button>
          <p className={ui.hint} data-testid="observer-notes-shared-status">
            {shared === null
              ? "Only you see these notes until you share them. The candidate then sees them next to the scorecard."
              : changedSinceShared
                ? `Changed since you shared them at ${formatClock(shared.sharedAt)}. Share again to update what the candidate sees.`
                : `Shared with the candidate at ${formatClock(shared.sharedAt)}.`}
          </p>
        </div>
      )}
    </section>
  );
}
