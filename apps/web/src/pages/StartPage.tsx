import type { ErrorBody, TrackList } from "@mockloop/protocol";
import { useEffect, useId, useState, type FormEvent } from "react";
import { createRoom, fetchTracks } from "../api.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { SamplePrompts } from "../components/SamplePrompts.tsx";
import { StageSummary } from "../components/StageSummary.tsx";
import { parseInvite } from "../format.ts";
import { navigate, roomPath } from "../router.ts";
import { openSession } from "../session.ts";
import { loadName, saveName } from "../storage.ts";

const FIRST_TRACK = "amazon-tpm";

type Tracks = TrackList["tracks"];
type CreatorRole = "interviewer" | "candidate";

function sortTracks(tracks: Tracks): Tracks {
  return [...tracks].sort((a, b) => Number(b.id === FIRST_TRACK) - Number(a.id === FIRST_TRACK));
}

export function StartPage() {
  return (
    <div className="start">
      <section className="intro">
        <h1>Practice the interview loop with a peer</h1>
        <p className="lead">
          One of you interviews, the other answers. The interviewer gets the questions, follow-ups and what good answers
          sound like; both of you share one timer; the round ends with a written scorecard.
        </p>
      </section>
      <div className="start-grid">
        <CreateRoomCard />
        <JoinByLinkCard />
      </div>
    </div>
  );
}

function CreateRoomCard() {
  const ids = useId();
  const [tracks, setTracks] = useState<Tracks | null>(null);
  const [loadError, setLoadError] = useState<ErrorBody | null>(null);
  const [stageKey, setStageKey] = useState("");
  const [name, setName] = useState(loadName);
  const [role, setRole] = useState<CreatorRole>("interviewer");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    let live = true;
    void fetchTracks().then((result) => {
      if (!live) return;
      if (!result.ok) return setLoadError(result.error);
      const sorted = sortTracks(result.data.tracks);
      setTracks(sorted);
      const first = sorted[0];
      const firstStage = first?.stages[0];
      if (first && firstStage) setStageKey((key) => key || `${first.id}/${firstStage.id}`);
    });
    return () => {
      live = false;
    };
  }, []);

  const [trackId = "", stageId = ""] = stageKey.split("/");
  const track = tracks?.find((t) => t.id === trackId);
  const stage = track?.stages.find((s) => s.id === stageId);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stage || !track || busy) return;
    setBusy(true);
    setError(null);
    const created = await createRoom({ trackId: track.id, stageId: stage.id });
    if (!created.ok) {
      setBusy(false);
      return setError(created.error);
    }
    const { roomId } = created.data;
    saveName(name.trim());
    const joinError = await openSession(roomId).join({ roomId, name: name.trim(), role });
    setBusy(false);
    if (joinError) return setError(joinError);
    navigate(roomPath(roomId));
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Start a room</h2>
      {loadError && <ErrorMessage error={loadError} />}
      {!tracks && !loadError && <p className="muted">Loading interview stages…</p>}
      {tracks && (
        <form className="form" data-testid="create-room-form" onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor={`${ids}-stage`}>Interview stage</label>
            <select id={`${ids}-stage`} data-testid="stage-select" value={stageKey} onChange={(event) => setStageKey(event.target.value)}>
              {tracks.map((t) => (
                <optgroup key={t.id} label={t.name}>
                  {t.stages.map((s) => (
                    <option key={s.id} value={`${t.id}/${s.id}`}>
                      {s.name} ({s.minutes} min)
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          {stage && <StageSummary description={stage.description} minutes={stage.minutes} segments={stage.segments} />}
          {track && stage && <SamplePrompts trackId={track.id} stageId={stage.id} />}
          <div className="field">
            <label htmlFor={`${ids}-name`}>Your name</label>
            <input
              id={`${ids}-name`}
              data-testid="name-input"
              type="text"
              autoComplete="given-name"
              required
              maxLength={60}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <fieldset className="field">
            <legend>Your role</legend>
            <div className="segmented" data-testid="role-select">
              {(["interviewer", "candidate"] as const).map((r) => (
                <label key={r} className={role === r ? "segment checked" : "segment"}>
                  <input type="radio" name={`${ids}-role`} value={r} checked={role === r} onChange={() => setRole(r)} data-testid={`role-${r}`} />
                  {r === "interviewer" ? "I'll interview" : "I'll be interviewed"}
                </label>
              ))}
            </div>
          </fieldset>
          {error && <ErrorMessage error={error} />}
          <button type="submit" className="button primary" data-testid="create-room-button" disabled={busy || !stage || name.trim() === ""}>
            {busy ? "Creating…" : "Create room"}
          </button>
        </form>
      )}
    </section>
  );
}

function JoinByLinkCard() {
  const ids = useId();
  const [text, setText] = useState("");
  const [invalid, setInvalid] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const roomId = parseInvite(text);
    if (!roomId) return setInvalid(true);
    navigate(roomPath(roomId));
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Join with a link</h2>
      <p className="muted">Got an invite? Paste the link (or the room id) here.</p>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${ids}-link`}>Invite link or room id</label>
          <input
            id={`${ids}-link`}
            data-testid="join-link-input"
            type="text"
            inputMode="url"
            autoComplete="off"
            placeholder="https://…/r/…"
            value={text}
            aria-invalid={invalid}
            aria-describedby={invalid ? `${ids}-invalid` : undefined}
            onChange={(event) => {
              setText(event.target.value);
              setInvalid(false);
            }}
          />
          {invalid && (
            <p id={`${ids}-invalid`} className="field-error">
              That does not look like a mockloop invite link.
            </p>
          )}
        </div>
        <button type="submit" className="button secondary" data-testid="join-link-button" disabled={text.trim() === ""}>
          Open room
        </button>
      </form>
    </section>
  );
}
