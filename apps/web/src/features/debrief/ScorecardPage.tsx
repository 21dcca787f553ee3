import { roomIdSchema } from "@mockloop/protocol";
import { useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { errorBodyOf } from "../../shared/api/request.ts";
import { debriefPath, roomPath } from "../../shared/router.ts";
import { loadToken } from "../../shared/storage.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { Link } from "../../shared/ui/Link.tsx";
import { RoundBoard, useDrawnRounds } from "../board/index.ts";
import { ExportButtons, ScorecardView } from "../scorecards/index.ts";
import { readErrorMessage } from "./errors.ts";
import { scorecardsPageQuery } from "./queries.ts";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./pages.module.css";

/** The room's submitted scorecards on their own page, for reading, downloading and printing. Needs the token this browser joined with. */
export function ScorecardPage({ roomId }: { roomId: string }) {
  const [token] = useState(() => (roomIdSchema.safeParse(roomId).success ? loadToken(roomId) : null));
  const query = useQuery({ ...scorecardsPageQuery(roomId, token ?? ""), enabled: token !== null });
  const loaded = query.data ?? null;
  const error = query.error ? errorBodyOf(query.error) : null;

  return (
    <div className={styles.scorecardPage}>
      <nav className={clsx("no-print", styles.backRow)}>
        <Link href={roomPath(roomId)}>← Back to the room</Link>
        <Link href={debriefPath(roomId)} data-testid="debrief-link">
          Debrief of the session
        </Link>
      </nav>
      {!token && (
        <section className={clsx(ui.card, ui.narrow)}>
          <h1>Scorecard</h1>
          <p>Open this page in the browser you used to join the round: scorecards are only shown to the round's participants.</p>
        </section>
      )}
      {token && !loaded && !error && <p className={clsx(ui.card, ui.narrow, ui.muted)}>Loading the scorecard…</p>}
      {error && (
        <section className={clsx(ui.card, ui.narrow)}>
          <h1>Scorecard</h1>
          <ErrorMessage error={readErrorMessage(error)} />
        </section>
      )}
      {token && loaded && (
        <>
          <header className={styles.printHeader}>
            <p className={ui.eyebrow}>{loaded.trackName}</p>
            <h1>{loaded.stageName}: scorecards</h1>
          </header>
          {loaded.scorecards.length === 0 && (
            <section className={ui.card} data-testid="no-scorecards">
              <p>The interviewer has not submitted the scorecard yet. It appears here once they do.</p>
              <button type="button" className={clsx(ui.button, ui.secondary, "no-print")} onClick={() => void query.refetch()}>
                Check again
              </button>
            </section>
          )}
          {loaded.scorecards.map((scorecard) => (
            <Fragment key={scorecard.round}>
              <ScorecardView
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
              <ScorecardBoard roomId={roomId} token={token} round={scorecard.round} />
            </Fragment>
          ))}
        </>
      )}
    </div>
  );
}

/** The round's board under its scorecard, when the round has one. */
function ScorecardBoard({ roomId, token, round }: { roomId: string; token: string; round: number }) {
  const drawn = useDrawnRounds(roomId, token);
  if (!drawn.has(round)) return null;
  return (
    <section className={ui.card}>
      <RoundBoard roomId={roomId} token={token} round={round} />
    </section>
  );
}
