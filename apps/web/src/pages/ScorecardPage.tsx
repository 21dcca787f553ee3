import { roomIdSchema, type ErrorBody, type SubmittedScorecard } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import { useEffect, useState } from "react";
import { fetchRoomSummary, fetchScorecards, readErrorMessage } from "../api.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { ExportButtons } from "../components/ExportButtons.tsx";
import { Link } from "../components/Link.tsx";
import { ScorecardView } from "../components/ScorecardView.tsx";
import { debriefPath, roomPath } from "../router.ts";
import { loadToken } from "../storage.ts";

interface Loaded {
  scorecards: SubmittedScorecard[];
  scale: ScaleLevel[];
  stageName: string;
  trackName: string;
}

/** The room's submitted scorecards on their own page, for reading, downloading and printing. Needs the token this browser joined with. */
export function ScorecardPage({ roomId }: { roomId: string }) {
  const [token] = useState(() => (roomIdSchema.safeParse(roomId).success ? loadToken(roomId) : null));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    if (!token) return;
    let live = true;
    void Promise.all([fetchScorecards(roomId, token), fetchRoomSummary(roomId)]).then(([list, summary]) => {
      if (!live) return;
      if (!list.ok) return setError(list.error);
      setError(null);
      setLoaded({
        scorecards: list.data.scorecards,
        // The scale gives ratings their labels; without the room summary the ids are shown as they are.
        scale: summary.ok ? summary.data.stage.recommendationScale : [],
        stageName: summary.ok ? summary.data.stage.stageName : "Mock interview",
        trackName: summary.ok ? summary.data.stage.trackName : "",
      });
    });
    return () => {
      live = false;
    };
  }, [roomId, token, refresh]);

  return (
    <div className="scorecard-page">
      <nav className="no-print back-row">
        <Link href={roomPath(roomId)}>← Back to the room</Link>
        <Link href={debriefPath(roomId)} data-testid="debrief-link">
          Debrief of the session
        </Link>
      </nav>
      {!token && (
        <section className="card narrow">
          <h1>Scorecard</h1>
          <p>Open this page in the browser you used to join the round: scorecards are only shown to the round's participants.</p>
        </section>
      )}
      {token && !loaded && !error && <p className="card narrow muted">Loading the scorecard…</p>}
      {error && (
        <section className="card narrow">
          <h1>Scorecard</h1>
          <ErrorMessage error={readErrorMessage(error)} />
        </section>
      )}
      {token && loaded && (
        <>
          <header className="print-header">
            <p className="eyebrow">{loaded.trackName}</p>
            <h1>{loaded.stageName}: scorecards</h1>
          </header>
          {loaded.scorecards.length === 0 && (
            <section className="card" data-testid="no-scorecards">
              <p>The interviewer has not submitted the scorecard yet. It appears here once they do.</p>
              <button type="button" className="button secondary no-print" onClick={() => setRefresh((n) => n + 1)}>
                Check again
              </button>
            </section>
          )}
          {loaded.scorecards.map((scorecard) => (
            <ScorecardView
              key={scorecard.round}
              scorecard={scorecard}
              scale={loaded.scale}
              title={`${scorecard.candidate.name}, round ${scorecard.round}`}
              actions={
                <ExportButtons
                  roomId={roomId}
                  token={token}
                  source={{ kind: "scorecard", round: scorecard.round }}
                  target={{ kind: "scorecard", round: scorecard.round, candidateName: scorecard.candidate.name }}
                  testId={`export-scorecard-${scorecard.round}`}
                  print
                />
              }
            />
          ))}
        </>
      )}
    </div>
  );
}
