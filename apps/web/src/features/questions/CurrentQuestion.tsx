import type { PromptView } from "@mockloop/protocol";
import type { Question } from "@mockloop/questions/model";
import type { ReactNode } from "react";

/** What the interviewer sees of the current question: the prompt, follow-ups and what strong and weak answers sound like. */
export function InterviewerQuestion({ question, notes }: { question: Question | null; notes?: ReactNode }) {
  if (!question) {
    return (
      <section className="card current-question empty" aria-labelledby="current-title">
        <h2 id="current-title">Current question</h2>
        <p className="muted">Nothing on screen yet. Push a question from the list when you are ready.</p>
      </section>
    );
  }
  return (
    <section className="card current-question" aria-labelledby="current-title">
      <h2 id="current-title">Current question</h2>
      <p className="prompt" data-testid="current-prompt">
        {question.prompt}
      </p>
      <h3>Follow-ups</h3>
      <ul className="follow-ups">
        {question.followUps.map((followUp) => (
          <li key={followUp}>{followUp}</li>
        ))}
      </ul>
      <div className="guidance" data-testid="current-question-guidance">
        <div className="signals strong">
          <h3>Strong signals</h3>
          <ul>
            {question.guidance.strongSignals.map((signal) => (
              <li key={signal}>{signal}</li>
            ))}
          </ul>
        </div>
        <div className="signals weak">
          <h3>Weak signals</h3>
          <ul>
            {question.guidance.weakSignals.map((signal) => (
              <li key={signal}>{signal}</li>
            ))}
          </ul>
        </div>
      </div>
      <p className="hint">Only you see the follow-ups and signals.</p>
      {notes}
    </section>
  );
}

/** What the candidate and observers see: the prompt, large. */
export function PromptCard({ prompt, interviewerName }: { prompt: PromptView | null; interviewerName: string | null }) {
  return (
    <section className="card current-question" aria-labelledby="current-title" aria-live="polite">
      <h2 id="current-title">Question</h2>
      {prompt ? (
        <p className="prompt large" data-testid="current-prompt">
          {prompt.prompt}
        </p>
      ) : (
        <p className="waiting">
          {interviewerName ? `Waiting for ${interviewerName} to ask the first question.` : "Waiting for the interviewer to join and ask the first question."}
        </p>
      )}
    </section>
  );
}
