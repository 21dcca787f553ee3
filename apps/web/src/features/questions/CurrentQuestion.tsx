import type { PromptView } from "@mockloop/protocol";
import type { Question } from "@mockloop/questions/model";
import type { ReactNode } from "react";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./CurrentQuestion.module.css";

/** What the interviewer sees of the current question: the prompt, follow-ups and what strong and weak answers sound like. */
export function InterviewerQuestion({ question, notes }: { question: Question | null; notes?: ReactNode }) {
  if (!question) {
    return (
      <section className={ui.card} aria-labelledby="current-title">
        <h2 id="current-title">Current question</h2>
        <p className={ui.muted}>Nothing on screen yet. Push a question from the list when you are ready.</p>
      </section>
    );
  }
  return (
    <section className={ui.card} aria-labelledby="current-title">
      <h2 id="current-title">Current question</h2>
      <p className={styles.prompt} data-testid="current-prompt">
        {question.prompt}
      </p>
      <h3>Follow-ups</h3>
      <ul className={styles.followUps}>
        {question.followUps.map((followUp) => (
          <li key={followUp}>{followUp}</li>
        ))}
      </ul>
      <div className={styles.guidance} data-testid="current-question-guidance">
        {/* "signals strong" names the strong signals for the browser tests. */}
        <div className={clsx(styles.signals, styles.strong, "signals strong")}>
          <h3>Strong signals</h3>
          <ul>
            {question.guidance.strongSignals.map((signal) => (
              <li key={signal}>{signal}</li>
            ))}
          </ul>
        </div>
        <div className={clsx(styles.signals, styles.weak)}>
          <h3>Weak signals</h3>
          <ul>
            {question.guidance.weakSignals.map((signal) => (
              <li key={signal}>{signal}</li>
            ))}
          </ul>
        </div>
      </div>
      <p className={ui.hint}>Only you see the follow-ups and signals.</p>
      {notes}
    </section>
  );
}

/** What the candidate and observers see: the prompt, large. */
export function PromptCard({ prompt, interviewerName }: { prompt: PromptView | null; interviewerName: string | null }) {
  return (
    <section className={ui.card} aria-labelledby="current-title" aria-live="polite">
      <h2 id="current-title">Question</h2>
      {prompt ? (
        <p className={clsx(styles.prompt, styles.large)} data-testid="current-prompt">
          {prompt.prompt}
        </p>
      ) : (
        <p className={styles.waiting}>
          {interviewerName ? `Waiting for ${interviewerName} to ask the first question.` : "Waiting for the interviewer to join and ask the first question."}
        </p>
      )}
    </section>
  );
}
