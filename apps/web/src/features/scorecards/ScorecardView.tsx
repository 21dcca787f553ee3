import { ratingLabel, type Star, type SubmittedScorecard } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import { useId, type ReactNode } from "react";
import { formatDateTime } from "../../shared/format.ts";
import { STAR_LABELS, STAR_PARTS, ratingTone } from "./scorecard.ts";

interface ScorecardViewProps {
  scorecard: SubmittedScorecard;
  scale: readonly ScaleLevel[];
  title?: string;
  /** Inside another card (the debrief): no card of its own, headings one level down. */
  embedded?: boolean;
  /** Buttons shown next to the title (exports). */
  actions?: ReactNode;
}

/** A submitted scorecard, read-only: the verdict, the feedback, each question's notes, then the ratings. */
export function ScorecardView({ scorecard, scale, title = "Scorecard", embedded = false, actions }: ScorecardViewProps) {
  const ids = useId();
  const Title = embedded ? "h3" : "h2";
  const Sub = embedded ? "h4" : "h3";
  const level = scale.find((l) => l.id === scorecard.recommendation);
  return (
    <section
      className={`scorecard${embedded ? " embedded" : " card"}`}
      data-testid="submitted-scorecard"
      data-round={scorecard.round}
      aria-labelledby={`${ids}-title`}
    >
      <div className="card-title-row wrap">
        <Title id={`${ids}-title`}>{title}</Title>
        {actions}
      </div>
      <p className="scorecard-meta muted">
        Round {scorecard.round} · {scorecard.interviewer.name} interviewed {scorecard.candidate.name} · {formatDateTime(scorecard.submittedAt)}
      </p>
      <div className={`verdict ${ratingTone(scorecard.recommendation, scale)}`}>
        <span className="verdict-caption">Recommendation</span>
        <span className="verdict-label" data-testid="scorecard-recommendation">
          {ratingLabel(scorecard.recommendation, scale)}
        </span>
        {level && <span className="verdict-description">{level.description}</span>}
      </div>
      <div className="feedback-grid">
        <Feedback heading={<Sub>Strengths</Sub>} text={scorecard.strengths} testId="scorecard-strengths-text" />
        <Feedback heading={<Sub>Areas to work on</Sub>} text={scorecard.areasToWorkOn} testId="scorecard-areas-text" />
      </div>
      <Feedback heading={<Sub>For the next practice round</Sub>} text={scorecard.nextPractice} testId="scorecard-next-practice-text" highlight />
      <Sub>Questions</Sub>
      {scorecard.questions.length === 0 ? (
        <p className="muted">No questions were asked.</p>
      ) : (
        <ol className="asked-questions">
          {scorecard.questions.map((question) => (
            <li key={question.id} data-testid={`scorecard-question-${question.id}`}>
              <p className="question-prompt">{question.prompt}</p>
              <StarMarks star={question.star} />
              {question.notes.trim() ? (
                <p className="notes" data-testid={`scorecard-question-notes-${question.id}`}>
                  {question.notes}
                </p>
              ) : (
                <p className="muted">No notes.</p>
              )}
            </li>
          ))}
        </ol>
      )}
      <Ratings heading={<Sub>Competencies</Sub>} kind="competency" rows={scorecard.competencies} scale={scale} />
      <Ratings heading={<Sub>Leadership principles</Sub>} kind="principle" rows={scorecard.principles} scale={scale} />
    </section>
  );
}

function Feedback({ heading, text, testId, highlight = false }: { heading: ReactNode; text: string; testId: string; highlight?: boolean }) {
  return (
    <div className={`feedback${highlight ? " highlight" : ""}`}>
      {heading}
      {text.trim() ? (
        <p className="notes" data-testid={testId}>
          {text}
        </p>
      ) : (
        <p className="muted">Nothing written.</p>
      )}
    </div>
  );
}

export function StarMarks({ star }: { star: Star }) {
  return (
    <ul className="star-marks" aria-label="STAR parts in the answer">
      {STAR_PARTS.map((part) => (
        <li key={part} className={star[part] ? "met" : "missed"} data-testid={`star-mark-${part}`} data-met={star[part]}>
          <span aria-hidden="true">{star[part] ? "✓" : "–"}</span> {STAR_LABELS[part]}
          <span className="visually-hidden">{star[part] ? ": present" : ": missing"}</span>
        </li>
      ))}
    </ul>
  );
}

function Ratings({ heading, kind, rows, scale }: { heading: ReactNode; kind: string; rows: SubmittedScorecard["competencies"]; scale: readonly ScaleLevel[] }) {
  if (rows.length === 0) return null;
  return (
    <>
      {heading}
      <ul className="ratings">
        {rows.map((row) => (
          <li key={row.id} className="rating-item" data-testid={`scorecard-rating-${kind}-${row.id}`} data-rating={row.rating}>
            <span className="rating-item-name">{row.name}</span>
            <span className={`rating-pill ${ratingTone(row.rating, scale)}`}>{ratingLabel(row.rating, scale)}</span>
            {row.evidence.trim() && <p className="notes rating-evidence">{row.evidence}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
