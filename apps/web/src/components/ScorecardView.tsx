import type { SubmittedScorecard } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import { formatDateTime } from "../format.ts";

/** A submitted scorecard, read-only: verdict, notes, who and what. */
export function ScorecardView({ scorecard, scale, title = "Scorecard" }: { scorecard: SubmittedScorecard; scale: ScaleLevel[]; title?: string }) {
  const level = scale.find((l) => l.id === scorecard.recommendation);
  const rank = scale.findIndex((l) => l.id === scorecard.recommendation);
  const tone = rank < 0 ? "neutral" : rank < scale.length / 2 ? "low" : "high";
  return (
    <section className="card scorecard" data-testid="submitted-scorecard" aria-labelledby="scorecard-title">
      <h2 id="scorecard-title">{title}</h2>
      <p className="scorecard-meta muted">
        {scorecard.interviewer.name} for {scorecard.candidate.name} · {formatDateTime(scorecard.submittedAt)}
      </p>
      <div className={`verdict ${tone}`}>
        <span className="verdict-caption">Recommendation</span>
        <span className="verdict-label" data-testid="scorecard-recommendation">
          {level?.label ?? scorecard.recommendation}
        </span>
        {level && <span className="verdict-description">{level.description}</span>}
      </div>
      <h3>Notes</h3>
      {scorecard.notes.trim() ? (
        <p className="notes" data-testid="scorecard-notes-text">
          {scorecard.notes}
        </p>
      ) : (
        <p className="muted">No notes.</p>
      )}
      {scorecard.questions.length > 0 && (
        <>
          <h3>Questions asked</h3>
          <ol className="asked">
            {scorecard.questions.map((question) => (
              <li key={question.id}>{question.prompt}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
