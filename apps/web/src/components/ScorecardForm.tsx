import type { ErrorBody, SubmitScorecardPayload } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import { useId, useState, type FormEvent } from "react";
import { ErrorMessage } from "./ErrorMessage.tsx";

export const NOTES_LIMIT = 5000;

interface ScorecardFormProps {
  scale: ScaleLevel[];
  hasCandidate: boolean;
  onSubmit: (scorecard: SubmitScorecardPayload) => Promise<ErrorBody | null>;
}

/** The interviewer's verdict: one level of the stage's recommendation scale and written notes. Final once sent. */
export function ScorecardForm({ scale, hasCandidate, onSubmit }: ScorecardFormProps) {
  const ids = useId();
  const [recommendation, setRecommendation] = useState("");
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!recommendation || busy) return;
    setBusy(true);
    setError(null);
    const failure = await onSubmit({ recommendation, notes });
    setBusy(false);
    setError(failure);
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Scorecard</h2>
      <form className="form" data-testid="scorecard-form" onSubmit={(event) => void submit(event)}>
        <fieldset className="field">
          <legend>Recommendation</legend>
          <div className="scale">
            {scale.map((level) => (
              <label key={level.id} className={`scale-option${recommendation === level.id ? " checked" : ""}`}>
                <input
                  type="radio"
                  name={`${ids}-recommendation`}
                  value={level.id}
                  data-testid={`recommendation-${level.id}`}
                  checked={recommendation === level.id}
                  onChange={() => setRecommendation(level.id)}
                  aria-describedby={`${ids}-${level.id}-description`}
                />
                <span className="scale-text">
                  <span className="scale-label">{level.label}</span>
                  <span className="scale-description" id={`${ids}-${level.id}-description`}>
                    {level.description}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${ids}-notes`}>Notes for the candidate</label>
          <textarea
            id={`${ids}-notes`}
            data-testid="scorecard-notes"
            rows={7}
            maxLength={NOTES_LIMIT}
            value={notes}
            placeholder="What went well, what to work on, with examples from the answers."
            aria-describedby={`${ids}-count`}
            onChange={(event) => setNotes(event.target.value.slice(0, NOTES_LIMIT))}
          />
          <p id={`${ids}-count`} className={`counter${notes.length > NOTES_LIMIT - 200 ? " near-limit" : ""}`}>
            {notes.length} / {NOTES_LIMIT}
          </p>
        </div>
        {!hasCandidate && <p className="hint">The scorecard can be sent once a candidate has joined.</p>}
        {error && <ErrorMessage error={error} />}
        <button type="submit" className="button primary" data-testid="scorecard-submit" disabled={busy || !recommendation || !hasCandidate}>
          {busy ? "Submitting…" : "Submit scorecard"}
        </button>
        <p className="hint">Submitting shares the scorecard with the candidate. It cannot be changed afterwards.</p>
      </form>
    </section>
  );
}
