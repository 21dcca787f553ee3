import { useQuery } from "@tanstack/react-query";
import { errorBodyOf } from "../../shared/api/request.ts";
import { stageKey } from "../../shared/stage/StageSelect.tsx";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { FindPartnerCard } from "../queue/index.ts";
import { CreateRoomCard } from "./CreateRoomCard.tsx";
import { JoinByLinkCard } from "./JoinByLinkCard.tsx";
import { tracksQuery } from "./queries.ts";
import ui from "../../shared/ui/ui.module.css";
import styles from "./StartPage.module.css";

export function StartPage() {
  const tracksResult = useQuery(tracksQuery());
  const tracks = tracksResult.data ?? null;
  const loadError = tracksResult.error ? errorBodyOf(tracksResult.error) : null;

  const first = tracks?.[0];
  const firstStage = first?.stages[0];
  const initialStage = first && firstStage ? stageKey(first.id, firstStage.id) : "";
  return (
    <div>
      <section className={styles.intro}>
        <h1>Practice the interview loop with a peer</h1>
        <p className={styles.lead}>
          One of you interviews, the other answers. The interviewer gets the questions, follow-ups and what good answers
          sound like; both of you share one timer; the round ends with a written scorecard.
        </p>
      </section>
      {loadError && <ErrorMessage error={loadError} />}
      {!tracks && !loadError && <p className={ui.muted}>Loading interview stages…</p>}
      {tracks && (
        <div className={styles.startGrid}>
          <CreateRoomCard tracks={tracks} initialStage={initialStage} />
          <div className={styles.startSide}>
            <JoinByLinkCard />
            <FindPartnerCard tracks={tracks} initialStage={initialStage} />
          </div>
        </div>
      )}
    </div>
  );
}

