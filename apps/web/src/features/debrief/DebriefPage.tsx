import { roomIdSchema, type CandidateSummary, type Debrief, type DebriefRound } from "@mockloop/protocol";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorBodyOf } from "../../shared/api/request.ts";
import { roomPath, scorecardPath } from "../../shared/router.ts";
import { loadToken } from "../../shared/storage.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { Link } from "../../shared/ui/Link.tsx";
import { RoundBoard, useDrawnRounds } from "../board/index.ts";
import { SharedNotes } from "../observer-notes/index.ts";
import { ExportButtons, RatingPill, ScorecardView } from "../scorecards/index.ts";
import { readErrorMessage } from "./errors.ts";
import { debriefQuery } from "./queries.ts";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./pages.module.css";

/**
 * Every round of the session side by side, with its scorecard and shared observer notes, then a summary per
 * candidate across rounds. Downloadable as Markdown or JSON, and printable.
 */
export function DebriefPage({ roomId }: { roomId: string }) {
  const [token] = useState(() => (roomIdSchema.safeParse(roomId).success ? loadToken(roomId) : null));
  const query = useQuery({ ...debriefQuery(roomId, token ?? ""), enabled: token !== null });
  const debrief = query.data ?? null;
  const error = query.error ? errorBodyOf(query.error) : null;
  const loading = query.isFetching;

  useEffect(() => {
    if (!debrief) return;
    const previous = document.title;
    document.title = `Debrief: ${debrief.stageName} · mockloop`;
    return () => {
      document.title = previous;
    };
  }, [debrief]);

  return (
    <div className={styles.debriefPage} data-testid="debrief-page">
      <nav className={clsx("no-print", styles.backRow)}>
        <Link href={roomPath(roomId)}>← Back to the room</Link>
        {token && debrief && (
          <button
            type="button"
            className={ui.linkButton}
            disabled={loading}
            onClick={() => void query.refetch()}
          >
            {loading ? "Refreshing…" : "Refresh"}
          </button>
        )}
      </nav>
      {!token && (
        <section className={clsx(ui.card, ui.narrow)}>
          <h1>Debrief</h1>
          <p>Open this page in the browser you used to join the round: the debrief is only shown to the session's participants.</p>
        </section>
      )}
      {token && !debrief && !error && <p className={clsx(ui.card, ui.narrow, ui.muted)}>Loading the debrief…</p>}
      {error && (
        <section className={clsx(ui.card, ui.narrow)}>
          <h1>Debrief</h1>
          <ErrorMessage error={readErrorMessage(error)} />
        </section>
      )}
      {token && debrief && (
        <>
          <header className={clsx(styles.printHeader, styles.debriefHeader)}>
            <div>
              <p className={ui.eyebrow}>{debrief.trackName}</p>
              <h1>Debrief: {debrief.stageName}</h1>
              <p className={ui.muted}>
                {debrief.rounds.length === 1 ? "One round" : `${debrief.rounds.length} rounds`}
                <span className="no-print">
                  {" · "}
                  <Link href={scorecardPath(roomId)}>scorecards only</Link>
                </span>
              </p>
            </div>
            <ExportButtons roomId={roomId} token={token} source={{ kind: "debrief" }} target={{ kind: "debrief", stageName: debrief.stageName }} testId="export-debrief" print />
          </header>
          <div className={clsx(styles.debriefRounds, debrief.rounds.length > 1 && styles.several)}>
            {debrief.rounds.map((round) => (
              <RoundCard key={round.round} round={round} debrief={debrief} roomId={roomId} token={token} />
            ))}
          </div>
          <section className={ui.card} data-testid="debrief-summary" aria-labelledby="summary-title">
            <h2 id="summary-title">Summary by candidate</h2>
            {debrief.candidates.length === 0 && <p className={ui.muted}>No candidate has joined yet.</p>}
            {debrief.candidates.map((candidate) => (
              <CandidateTable key={candidate.candidate.id} summary={candidate} scale={debrief.scale} />
            ))}
          </section>
        </>
      )}
    </div>
  );
}

function RoundCard({ round, debrief, roomId, token }: { round: DebriefRound; debrief: Debrief; roomId: string; token: string }) {
  const drawn = useDrawnRounds(roomId, token);
  return (
    <article className={clsx(ui.card, styles.debriefRound)} data-testid={`debrief-round-${round.round}`} aria-labelledby={`round-${round.round}-title`}>
      <h2 id={`round-${round.round}-title`}>Round {round.round}</h2>
      <dl className={styles.roundPeople}>
        <div>
          <dt>Candidate</dt>
          <dd data-testid="round-candidate">{round.candidate?.name ?? "—"}</dd>
        </div>
        <div>
          <dt>Interviewer</dt>
          <dd data-testid="round-interviewer">{round.interviewer?.name ?? "—"}</dd>
        </div>
      </dl>
      {round.scorecard ? (
        <ScorecardView
          embedded
          scorecard={round.scorecard}
          scale={debrief.scale}
          title="Scorecard"
          actions={
            <ExportButtons
              roomId={roomId}
              token={token}
              source={{ kind: "scorecard", round: round.round }}
              target={{ kind: "scorecard", round: round.round, candidateName: round.scorecard.candidate.name }}
              testId={`export-scorecard-${round.round}`}
            />
          }
        />
      ) : (
        <>
          <h3>Questions asked</h3>
          {round.questions.length === 0 ? (
            <p className={ui.muted}>None yet.</p>
          ) : (
            <ol className={styles.asked}>
              {round.questions.map((question) => (
                <li key={question.id}>{question.prompt}</li>
              ))}
            </ol>
          )}
          <p className={styles.notSubmitted} data-testid="scorecard-not-submitted">
            Scorecard not submitted yet.
          </p>
        </>
      )}
      {drawn.has(round.round) && <RoundBoard roomId={roomId} token={token} round={round.round} />}
      <SharedNotes notes={round.observerNotes} embedded />
    </article>
  );
}

/** One candidate across rounds: the recommendation of each round, then each leadership principle's ratings. */
function CandidateTable({ summary, scale }: { summary: CandidateSummary; scale: Debrief["scale"] }) {
  const cell = (rating: string | undefined) =>
    rating ? <RatingPill rating={rating} scale={scale} /> : <span className={ui.muted}>—</span>;
  return (
    <div className={styles.candidateSummary} data-testid={`candidate-summary-${summary.candidate.id}`}>
      <h3>{summary.candidate.name}</h3>
      <div className={styles.tableScroll}>
        <table className={styles.summaryTable}>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">What</span>
              </th>
              {summary.rounds.map((round) => (
                <th key={round} scope="col">
                  Round {round}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr data-testid="summary-recommendation">
              <th scope="row">Recommendation</th>
              {summary.rounds.map((round) => (
                <td key={round}>{cell(summary.recommendations.find((r) => r.round === round)?.recommendation)}</td>
              ))}
            </tr>
            {summary.principles.map((principle) => (
              <tr key={principle.id} data-testid={`summary-principle-${principle.id}`}>
                <th scope="row">{principle.name}</th>
                {summary.rounds.map((round) => (
                  <td key={round}>{cell(principle.ratings.find((r) => r.round === round)?.rating)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {summary.principles.length === 0 && <p className={ui.muted}>No leadership principle rated yet.</p>}
    </div>
  );
}
