import type { ErrorBody, PreferredRole, QueueStatus } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { UNREACHABLE } from "../../shared/api/request.ts";
import { navigate, roomPath } from "../../shared/router.ts";
import { findStage, StageSelect, type Tracks } from "../../shared/stage/StageSelect.tsx";
import { loadName, saveName, saveToken } from "../../shared/storage.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { NameField } from "../../shared/ui/NameField.tsx";
import clsx from "clsx";
import ui from "../../shared/ui/ui.module.css";
import styles from "./FindPartnerCard.module.css";

type Search = { state: "idle" } | { state: "waiting"; status: QueueStatus } | { state: "expired" };

const ROLE_LABELS: Record<PreferredRole, string> = { candidate: "Be interviewed", interviewer: "Interview", either: "Either" };

/**
 * "Find a partner": waits in the server's queue for someone practising the same stage. Leaving the page or
 * cancelling withdraws the request (closing the connection is enough for the server); a connection that drops
 * and comes back asks again by itself (the typed client).
 */
export function FindPartnerCard({ tracks, initialStage }: { tracks: Tracks; initialStage: string }) {
  const ids = useId();
  const [stage, setStage] = useState(initialStage);
  const [name, setName] = useState(loadName);
  const [role, setRole] = useState<PreferredRole>("either");
  const [search, setSearch] = useState<Search>({ state: "idle" });
  const [error, setError] = useState<ErrorBody | null>(null);
  const client = useRef<RoomClient | null>(null);

  useEffect(() => () => client.current?.close(), []);

  const stop = () => {
    client.current?.close();
    client.current = null;
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { track, stage: chosen } = findStage(tracks, stage);
    if (!track || !chosen) return;
    setError(null);
    // The socket client loads when someone first looks for a partner, not with the start page.
    const loaded = await import("@mockloop/protocol/client").catch(() => null);
    if (!loaded) return setError(UNREACHABLE);
    stop();
    const connection = new loaded.RoomClient(window.location.origin);
    client.current = connection;
    const matched = (roomId: string, token: string) => {
      saveToken(roomId, token);
      stop();
      navigate(roomPath(roomId));
    };
    connection.on("queue:status", (status) => setSearch({ state: "waiting", status }));
    connection.on("queue:matched", (match) => matched(match.roomId, match.token));
    connection.on("queue:expired", () => {
      stop();
      setSearch({ state: "expired" });
    });
    // After a dropped connection the client asks again for a partner (the server withdrew the request with it);
    // its wait and any match come as the events above, a failure only here.
    connection.onPartnerRequestAgain((ack) => {
      if (ack.ok) return;
      stop();
      setSearch({ state: "idle" });
      setError(ack.error);
    });
    saveName(name.trim());
    const ack = await connection.request("queue:join", { trackId: track.id, stageId: chosen.id, preferredRole: role, name: name.trim() });
    if (!ack.ok) {
      stop();
      setSearch({ state: "idle" });
      return setError(ack.error);
    }
    if (ack.data.state === "matched") matched(ack.data.match.roomId, ack.data.match.token);
    else setSearch({ state: "waiting", status: ack.data.status });
  }

  function cancel() {
    const connection = client.current;
    void connection?.request("queue:leave", {}).finally(stop);
    setSearch({ state: "idle" });
  }

  const waiting = search.state === "waiting";
  return (
    <section className={ui.card} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Find a partner</h2>
      <p className={ui.muted}>No one to practise with? Wait here for someone who picked the same stage.</p>
      <form className={ui.form} data-testid="find-partner-form" onSubmit={(event) => void submit(event)}>
        <div className={ui.field}>
          <label htmlFor={`${ids}-stage`}>Interview stage</label>
          <StageSelect id={`${ids}-stage`} testId="partner-stage-select" tracks={tracks} value={stage} onChange={setStage} />
        </div>
        <NameField id={`${ids}-name`} testId="partner-name-input" value={name} onChange={setName} disabled={waiting} />
        <fieldset className={ui.field} disabled={waiting}>
          <legend>You would like to</legend>
          <div className={ui.segmented}>
            {(["candidate", "interviewer", "either"] as const).map((option) => (
              <label key={option} className={clsx(ui.segment, role === option && ui.checked)}>
                <input type="radio" name={`${ids}-role`} checked={role === option} onChange={() => setRole(option)} data-testid={`partner-role-${option}`} />
                {ROLE_LABELS[option]}
              </label>
            ))}
          </div>
        </fieldset>
        {error && <ErrorMessage error={error} />}
        {search.state === "expired" && <p className={ui.fieldError}>Nobody turned up in time. Try again, or pick another stage.</p>}
        {waiting ? (
          <div className={styles.queueStatus} data-testid="queue-status" aria-live="polite">
            <p>
              Looking for a partner… you are <strong data-testid="queue-position">{search.status.position}</strong> in line, {search.status.waiting}{" "}
              waiting for this stage.
            </p>
            <button type="button" className={clsx(ui.button, ui.secondary)} data-testid="queue-cancel" onClick={cancel}>
              Stop looking
            </button>
          </div>
        ) : (
          <button type="submit" className={clsx(ui.button, ui.primary)} data-testid="find-partner-button" disabled={name.trim() === ""}>
            Find a partner
          </button>
        )}
      </form>
    </section>
  );
}
