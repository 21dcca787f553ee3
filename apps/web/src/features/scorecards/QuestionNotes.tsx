import type { QuestionNote, Star } from "@mockloop/protocol";
import { useId } from "react";
import { LIMITS, STAR_LABELS, STAR_PARTS } from "./scorecard.ts";
import { LimitedTextarea } from "../../shared/ui/LimitedTextarea.tsx";
import clsx from "clsx";
import styles from "./QuestionNotes.module.css";

interface QuestionNotesProps {
  question: { id: string; prompt: string };
  /** 1-based, shown before the prompt; left out where the prompt is already on screen. */
  number?: number;
  note: QuestionNote;
  onChange: (patch: { notes?: string; star?: Partial<Star> }) => void;
  testId: string;
  /** Where a heading already says what the notes are for, the textarea's label is for screen readers only. */
  hideNotesLabel?: boolean;
  /** Without a box of its own, where the surrounding block already frames it. */
  bare?: boolean;
}

/** The interviewer's notes on one answer, and which parts of a STAR story it had. */
export function QuestionNotes({ question, number, note, onChange, testId, hideNotesLabel = false, bare = false }: QuestionNotesProps) {
  const ids = useId();
  // "question-notes" names the block for the browser tests.
  return (
    <div className={clsx(styles.questionNotes, bare && styles.bare, "question-notes")} data-testid={testId}>
      {number !== undefined && (
        <p className={styles.questionPrompt}>
          <span className={styles.questionNumber}>Q{number}.</span> {question.prompt}
        </p>
      )}
      <fieldset className={styles.starChecks}>
        <legend>STAR</legend>
        {STAR_PARTS.map((part) => (
          <label key={part} className={clsx(styles.starCheck, note.star[part] && styles.checked)} htmlFor={`${ids}-${part}`}>
            <input
              id={`${ids}-${part}`}
              type="checkbox"
              data-testid={`${testId}-star-${part}`}
              checked={note.star[part]}
              onChange={(event) => onChange({ star: { [part]: event.target.checked } })}
            />
            {STAR_LABELS[part]}
          </label>
        ))}
      </fieldset>
      <LimitedTextarea
        label="Notes on the answer"
        hideLabel={hideNotesLabel}
        value={note.notes}
        limit={LIMITS.questionNotes}
        rows={4}
        testId={`${testId}-text`}
        placeholder="What they said, what was missing, follow-ups you asked"
        onChange={(notes) => onChange({ notes })}
      />
    </div>
  );
}
