import { roomIdSchema, type ErrorBody, type SubmittedScorecard } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import { useEffect, useState } from "react";
import { fetchRoomSummary, fetchScorecard } from "../api.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { Link } from "../components/Link.tsx";
import { ScorecardView } from "../components/ScorecardView.tsx";
import { roomPath } from "../router.ts";
import { loadToken } from "../storage.ts";

interface Loaded {
  scorecard: SubmittedScorecard;
  scale: ScaleLevel[];
  stageName: string;
  trackName: string;
}

const MESSAGES: Partial<Record<ErrorBody["code"], string>> = {
  SCORECARD_NOT_SUBMITTED: "The interviewer has not submitted the scorecard yet. It appears here once they do.",
  ROOM_NOT_FOUND: "This room does not exist or has expired.",
  FORBIDDEN: "Only the people in this round can read its scorecard.",
  INVALID_TOKEN: "This browser is no longer part of the round, so it cannot open the scorecard.",
};

/** The round's scorecard on its own page, for reading and printing. Needs the token this browser joined with. */
export function ScorecardPage({ roomId }: { roomId: string }) {
  const [token] = useState(() => (roomIdSchema.safeParse(roomId).success ? loadToken(roomId) : null));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    if (!token) return;
    let live = true;
    void Promise.all([fetchScorecard(roomId, token), fetchRoomSummary(roomId)]).then(([scorecard, summary]) => {
      if (!live) return;
      if (!scorecard.ok) return setError(scorecard.error);
      setLoaded({
        scorecard: scorecard.data,
        // The scale gives the recommendation its label; without the room summary the id is shown as is.
        scale: summary.ok ? summary.data.stage.recommendationScale : [],
        stageName: summary.ok ? summary.data.stage.stageName : "Mock interview",
        trackName: summary.ok ? summary.data.stage.trackName : "",
      });
    });
    return () => {
      live = false;
    };
  }, [roomId, token]);

  return (
    <div className="scorecard-page">
      <nav className="no-print back-row">
        <Link href={roomPath(roomId)}>← Back to the room</Link>
        {loaded && (
          <button type="button" className="button secondary" onClick={() => window.print()}>
            Print
          </button>
        )}
      </nav>
      {!token && (
        <section className="card narrow">
          <h1>Scorecard</h1>
          <p>Open this page in the browser you used to join the round: the scorecard is only shown to its participants.</p>
        </section>
      )}
      {token && !loaded && !error && <p className="card narrow muted">Loading the scorecard…</p>}
      {error && (
        <section className="card narrow">
          <h1>Scorecard</h1>
          <ErrorMessage error={MESSAGES[error.code] ?? error.message} />
        </section>
      )}
      {loaded && (
        <>
          <header className="print-header">
            <p className="eyebrow">{loaded.trackName}</p>
            <h1>{loaded.stageName}</h1>
          </header>
          <ScorecardView scorecard={loaded.scorecard} scale={loaded.scale} />
        </>
      )}
    </div>
  );
}
