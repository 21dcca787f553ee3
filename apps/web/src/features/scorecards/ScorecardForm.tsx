import { newRequestId, type ErrorBody, type Rubric, type ScorecardContent, type SubmitScorecardPayload } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import { useId, useState, type FormEvent } from "react";
import type { DraftSync } from "../../shared/drafts/draft-sync.ts";
import { useDraft } from "../../shared/drafts/useDraft.ts";
import { LIMITS, questionNote, ratingEntry, submitBlocker, withQuestionNote, withRatingEntry, type RubricKind } from "./scorecard.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { LimitedTextarea } from "../../shared/ui/LimitedTextarea.tsx";
import { QuestionNotes } from "./QuestionNotes.tsx";
import { RatingRow } from "./RatingRow.tsx";
import { SaveStatus } from "../../shared/ui/SaveStatus.tsx";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./ScorecardForm.module.css";

interface ScorecardFormProps {
  sync: DraftSync<ScorecardContent>;
  scale: ScaleLevel[];
  rubric: Rubric;
  /** The questions asked in this round, in order. */
  questions: { id: string; prompt: string }[];
  hasCandidate: boolean;
  /** Submitting waits for the connection; a submit sent into a dropped socket would only time out. */
  online: boolean;
  onSubmit: (payload: SubmitScorecardPayload) => Promise<ErrorBody | null>;
}

/**
 * The interviewer's scorecard: notes per asked question, a rating with evidence for each competency and
 * leadership principle, and the overall verdict. Saved as a draft while typing; the candidate sees nothing
 * of it until it is submitted.
 */
export function ScorecardForm({ sync, scale, rubric, questions, hasCandidate, online, onSubmit }: ScorecardFormProps) {
  const ids = useId();
  const draft = useDraft(sync);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  /** One id per submit attempt, kept until it succeeds so a retry can never make a second scorecard. */
  const [requestId, setRequestId] = useState<string | null>(null);
  const content = draft.value;
  const edit = (change: (content: ScorecardContent) => ScorecardContent) => sync.edit(change(sync.getSnapshot().value));
  const blocker = submitBlocker(content, hasCandidate) ?? (online ? null : "Waiting for the connection to submit.");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (blocker || submitting) return;
    const id = requestId ?? newRequestId();
    setRequestId(id);
    setSubmitting(true);
    setError(null);
    sync.hold();
    const failure = await onSubmit({ requestId: id, content: sync.getSnapshot().value });
    setSubmitting(false);
    if (failure) {
      setError(failure);
      sync.release();
    }
  }

  const ratingRows = (kind: RubricKind, items: { id: string; name: string }[]) =>
    items.map((item) => (
      <RatingRow
        key={item.id}
        kind={kind}
        item={item}
        entry={ratingEntry(content, kind, item.id)}
        scale={scale}
        onChange={(patch) => edit((current) => withRatingEntry(current, kind, item.id, patch))}
      />
    ));

  return (
    <section className={clsx(ui.card, styles.scorecardEditor)} data-testid="scorecard-editor" aria-labelledby={`${ids}-title`}>
      <div className={ui.cardTitleRow}>
        <h2 id={`${ids}-title`}>Scorecard</h2>
        {draft.phase === "ready" && <SaveStatus status={draft.status} onRetry={() => void sync.flush()} />}
      </div>
      <p className={clsx(ui.hint, styles.leadHint)}>Only you see this draft. It saves as you type; the candidate sees the scorecard once you submit it.</p>
      {draft.conflictAt !== null && (
        <div className={clsx(ui.notice, ui.conflictNotice)} role="alert" data-testid="draft-conflict">
          <span>This scorecard was changed in another tab; showing the latest.</span>
          <button type="button" className={ui.linkButton} onClick={() => sync.dismissConflict()}>
            Dismiss
          </button>
        </div>
      )}
      {draft.phase === "loading" && <p className={ui.muted}>Loading your draft…</p>}
      {draft.phase === "failed" && (
        <div className={ui.actionError}>
          <ErrorMessage error={`Your draft could not be loaded: ${draft.loadError ?? "unknown error"}.`} />
          <button type="button" className={clsx(ui.button, ui.secondary)} onClick={() => void sync.load()}>
            Try again
          </button>
        </div>
      )}
      {draft.phase === "ready" && (
        <form className={ui.form} data-testid="scorecard-form" onSubmit={(event) => void submit(event)}>
          <fieldset className={styles.plainFieldset} disabled={submitting}>
            <section className={styles.scorecardSection} aria-labelledby={`${ids}-questions`}>
              <h3 id={`${ids}-questions`}>Questions asked</h3>
              {questions.length === 0 && <p className={ui.muted}>No questions yet. Notes for each question you push appear here.</p>}
              <div className={styles.questionGrid}>
                {questions.map((question, index) => (
                  <QuestionNotes
                    key={question.id}
                    question={question}
                    number={index + 1}
                    note={questionNote(content, question.id)}
                    testId={`question-notes-${question.id}`}
                    onChange={(patch) => edit((current) => withQuestionNote(current, question.id, patch))}
                  />
                ))}
              </div>
            </section>
            <div className={styles.scorecardColumns}>
              <section className={styles.scorecardSection} aria-labelledby={`${ids}-competencies`}>
                <h3 id={`${ids}-competencies`}>Competencies</h3>
                {ratingRows("competencies", rubric.competencies)}
              </section>
              <section className={styles.scorecardSection} aria-labelledby={`${ids}-principles`}>
                <h3 id={`${ids}-principles`}>Leadership principles</h3>
                {rubric.principles.length === 0 ? (
                  <p className={ui.muted}>The principles the asked questions target appear here.</p>
                ) : (
                  ratingRows("principles", rubric.principles)
                )}
              </section>
            </div>
            <ScaleLegend scale={scale} />
            <section className={clsx(styles.scorecardSection, styles.overall)} aria-labelledby={`${ids}-overall`}>
              <h3 id={`${ids}-overall`}>Overall</h3>
              <fieldset className={ui.field}>
                <legend>Hire recommendation</legend>
                <div className={clsx(styles.scale, styles.wide)}>
                  {scale.map((level) => (
                    <label key={level.id} className={clsx(styles.scaleOption, content.recommendation === level.id && styles.checked)}>
                      <input
                        type="radio"
                        name={`${ids}-recommendation`}
                        value={level.id}
                        data-testid={`recommendation-${level.id}`}
                        checked={content.recommendation === level.id}
                        onChange={() => edit((current) => ({ ...current, recommendation: level.id }))}
                        aria-describedby={`${ids}-${level.id}-description`}
                      />
                      <span className={styles.scaleText}>
                        <span className={styles.scaleLabel}>{level.label}</span>
                        <span className={styles.scaleDescription} id={`${ids}-${level.id}-description`}>
                          {level.description}
                        </span>
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className={styles.overallGrid}>
                <LimitedTextarea
                  label="Strengths"
                  value={content.strengths}
                  limit={LIMITS.strengths}
                  rows={5}
                  testId="scorecard-strengths"
                  placeholder="What went well, with examples from the answers"
                  onChange={(strengths) => edit((current) => ({ ...current, strengths }))}
                />
                <LimitedTextarea
                  label="Areas to work on"
                  value={content.areasToWorkOn}
                  limit={LIMITS.areasToWorkOn}
                  rows={5}
                  testId="scorecard-areas"
                  placeholder="What held the answers back, and how it could sound instead"
                  onChange={(areasToWorkOn) => edit((current) => ({ ...current, areasToWorkOn }))}
                />
              </div>
              <LimitedTextarea
                label="For the next practice round"
                className={styles.short}
                hint="One concrete thing to practise."
                value={content.nextPractice}
                limit={LIMITS.nextPractice}
                rows={2}
                testId="scorecard-next-practice"
                placeholder="e.g. Open every story with the numbers that made it hard"
                onChange={(nextPractice) => edit((current) => ({ ...current, nextPractice }))}
              />
            </section>
          </fieldset>
          {error && <ErrorMessage error={error} />}
          <div className={styles.submitRow}>
            <button type="submit" className={clsx(ui.button, ui.primary)} data-testid="scorecard-submit" disabled={submitting || blocker !== null}>
              {submitting ? "Submitting…" : error && requestId ? "Try submitting again" : "Submit scorecard"}
            </button>
            <p className={clsx(ui.hint, styles.submitHint)}>{blocker ?? "Submitting shares the scorecard with the candidate. It cannot be changed afterwards."}</p>
          </div>
        </form>
      )}
    </section>
  );
}

/** The scale's levels with their one-line descriptions, for the ratings above. */
function ScaleLegend({ scale }: { scale: ScaleLevel[] }) {
  return (
    <details className={styles.scaleLegend}>
      <summary>What the ratings mean</summary>
      <dl>
        {scale.map((level) => (
          <div key={level.id}>
            <dt>{level.label}</dt>
            <dd>{level.description}</dd>
          </div>
        ))}
        <div>
          <dt>Not assessed</dt>
          <dd>Did not come up, or not enough to judge. Unrated items are submitted as not assessed.</dd>
        </div>
      </dl>
    </details>
  );
}

/** Notes on the question on screen, next to its guidance: the same draft as the scorecard's, for writing during the answer. */
export function CurrentQuestionNotes({ sync, question }: { sync: DraftSync<ScorecardContent>; question: { id: string; prompt: string } }) {
  const draft = useDraft(sync);
  if (draft.phase !== "ready") return null;
  return (
    <div className={styles.currentNotes}>
      <div className={ui.cardTitleRow}>
        <h3>Your notes on this answer</h3>
        {/* The scorecard's own status announces changes; this copy is for the eye only. */}
        <SaveStatus status={draft.status} announce={false} />
      </div>
      <QuestionNotes
        question={question}
        note={questionNote(draft.value, question.id)}
        testId="current-question-notes"
        hideNotesLabel
        bare
        onChange={(patch) => sync.edit(withQuestionNote(sync.getSnapshot().value, question.id, patch))}
      />
    </div>
  );
}
