import { ratingLabel, type Star, type SubmittedScorecard } from "@mockloop/protocol";
import clsx from "clsx";
import type { ScaleLevel } from "@mockloop/questions/model";
import { useId, type ReactNode } from "react";
import { formatDateTime } from "../../shared/format.ts";
import { STAR_LABELS, STAR_PARTS, ratingTone } from "./scorecard.ts";
import ui from "../../shared/ui/ui.module.css";
import styles from "./ScorecardView.module.css";
import { RatingPill } from "./RatingPill.tsx";

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
      className={clsx(styles.scorecard, embedded ? styles.embedded : ui.card)}
      data-testid="submitted-scorecard"
      data-round={scorecard.round}
      aria-labelledby={`${ids}-title`}
    >
      <div className={clsx(ui.cardTitleRow, ui.wrap, styles.titleRow)}>
        <Title id={`${ids}-title`}>{title}</Title>
        {actions}
      </div>
      <p className={clsx(styles.scorecardMeta, ui.muted)}>
        Round {scorecard.round} · {scorecard.interviewer.name} interviewed {scorecard.candidate.name} · {formatDateTime(scorecard.submittedAt)}
      </p>
      <div className={clsx(styles.verdict, styles[ratingTone(scorecard.recommendation, scale)])}>
        <span className={styles.verdictCaption}>Recommendation</span>
        <span className={styles.verdictLabel} data-testid="scorecard-recommendation">
          {ratingLabel(scorecard.recommendation, scale)}
        </span>
        {level && <span className={styles.verdictDescription}>{level.description}</span>}
      </div>
      <div className={styles.feedbackGrid}>
        <Feedback heading={<Sub>Strengths</Sub>} text={scorecard.strengths} testId="scorecard-strengths-text" />
        <Feedback heading={<Sub>Areas to work on</Sub>} text={scorecard.areasToWorkOn} testId="scorecard-areas-text" />
      </div>
      <Feedback heading={<Sub>For the next practice round</Sub>} text={scorecard.nextPractice} testId="scorecard-next-practice-text" highlight />
      <Sub>Questions</Sub>
      {scorecard.questions.length === 0 ? (
        <p className={ui.muted}>No questions were asked.</p>
      ) : (
        <ol className={styles.askedQuestions}>
          {scorecard.questions.map((question) => (
            <li key={question.id} data-testid={`scorecard-question-${question.id}`}>
              <p className={styles.questionPrompt}>{question.prompt}</p>
              <StarMarks star={question.star} />
              {question.notes.trim() ? (
                <p className={clsx(ui.notes, styles.answer)} data-testid={`scorecard-question-notes-${question.id}`}>
                  {question.notes}
                </p>
              ) : (
                <p className={ui.muted}>No notes.</p>
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
    <div className={clsx(styles.feedback, highlight && styles.highlight)}>
      {heading}
      {text.trim() ? (
        <p className={ui.notes} data-testid={testId}>
          {text}
        </p>
      ) : (
        <p className={ui.muted}>Nothing written.</p>
      )}
    </div>
  );
}

export function StarMarks({ star }: { star: Star }) {
  return (
    <ul className={styles.starMarks} aria-label="STAR parts in the answer">
      {STAR_PARTS.map((part) => (
        <li key={part} className={star[part] ? styles.met : undefined} data-testid={`star-mark-${part}`} data-met={star[part]}>
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
      <ul className={styles.ratings}>
        {rows.map((row) => (
          <li key={row.id} className={styles.ratingItem} data-testid={`scorecard-rating-${kind}-${row.id}`} data-rating={row.rating}>
            <span className={styles.ratingItemName}>{row.name}</span>
            <RatingPill rating={row.rating} scale={scale} />
            {row.evidence.trim() && <p className={clsx(ui.notes, styles.ratingEvidence)}>{row.evidence}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
