import type { ErrorBody } from "@mockloop/protocol";
import { useEffect, useId, useState, type FormEvent } from "react";
import { createRoom, fetchTracks } from "../api.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { FindPartnerCard } from "../components/FindPartnerCard.tsx";
import { SamplePrompts } from "../components/SamplePrompts.tsx";
import { findStage, StageSelect, stageKey, type Tracks } from "../components/StageSelect.tsx";
import { StageSummary } from "../components/StageSummary.tsx";
import { parseInvite } from "../format.ts";
import { navigate, roomPath } from "../router.ts";
import { openSession } from "../session.ts";
import { loadName, saveName } from "../storage.ts";
import { NameField } from "../components/NameField.tsx";

const FIRST_TRACK = "amazon-tpm";


function sortTracks(tracks: Tracks): Tracks {
  return [...tracks].sort((a, b) => Number(b.id === FIRST_TRACK) - Number(a.id === FIRST_TRACK));
}

export function StartPage() {
  const [tracks, setTracks] = useState<Tracks | null>(null);
  const [loadError, setLoadError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    let live = true;
    void fetchTracks().then((result) => {
      if (!live) return;
      if (!result.ok) return setLoadError(result.error);
      setTracks(sortTracks(result.data.tracks));
    });
    return () => {
      live = false;
    };
  }, []);

  const first = tracks?.[0];
  const firstStage = first?.stages[0];
  const initialStage = first && firstStage ? stageKey(first.id, firstStage.id) : "";
  return (
    <div className="start">
      <section className="intro">
        <h1>Practice the interview loop with a peer</h1>
        <p className="lead">
          One of you interviews, the other answers. The interviewer gets the questions, follow-ups and what good answers
          sound like; both of you share one timer; the round ends with a written scorecard.
        </p>
      </section>
      {loadError && <ErrorMessage error={loadError} />}
      {!tracks && !loadError && <p className="muted">Loading interview stages…</p>}
      {tracks && (
        <div className="start-grid">
          <CreateRoomCard tracks={tracks} initialStage={initialStage} />
          <div className="start-side">
            <JoinByLinkCard />
            <FindPartnerCard tracks={tracks} initialStage={initialStage} />
          </div>
        </div>
      )}
    </div>
  );
}

type RoomChoice = "interviewer" | "candidate" | "group";

const CHOICE_LABELS: Record<RoomChoice, string> = {
  interviewer: "I'll interview",
  candidate: "I'll be interviewed",
  group: "Study group (3–8)",
};

function CreateRoomCard({ tracks, initialStage }: { tracks: Tracks; initialStage: string }) {
  const ids = useId();
  const [key, setKey] = useState(initialStage);
  const [name, setName] = useState(loadName);
  const [choice, setChoice] = useState<RoomChoice>("interviewer");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const { track, stage } = findStage(tracks, key);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stage || !track || busy) return;
    setBusy(true);
    setError(null);
    const created = await createRoom({ trackId: track.id, stageId: stage.id, kind: choice === "group" ? "group" : "pair" });
    if (!created.ok) {
      setBusy(false);
      return setError(created.error);
    }
    const { roomId } = created.data;
    saveName(name.trim());
    // In a study group everyone joins as a member; the rotation hands out the roles.
    const role = choice === "group" ? "observer" : choice;
    const joinError = await openSession(roomId).join({ roomId, name: name.trim(), role });
    setBusy(false);
    if (joinError) return setError(joinError);
    navigate(roomPath(roomId));
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Start a room</h2>
      <form className="form" data-testid="create-room-form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={`${ids}-stage`}>Interview stage</label>
          <StageSelect id={`${ids}-stage`} testId="stage-select" tracks={tracks} value={key} onChange={setKey} />
        </div>
        {stage && <StageSummary description={stage.description} minutes={stage.minutes} segments={stage.segments} />}
        {track && stage && <SamplePrompts trackId={track.id} stageId={stage.id} />}
        <NameField id={`${ids}-name`} testId="name-input" value={name} onChange={setName} />
        <fieldset className="field">
          <legend>Your role</legend>
          <div className="segmented" data-testid="role-select">
            {(["interviewer", "candidate", "group"] as const).map((option) => (
              <label key={option} className={choice === option ? "segment checked" : "segment"}>
                <input
                  type="radio"
                  name={`${ids}-role`}
                  value={option}
                  checked={choice === option}
                  onChange={() => setChoice(option)}
                  data-testid={`role-${option}`}
                />
                {CHOICE_LABELS[option]}
              </label>
            ))}
          </div>
          {choice === "group" && <p className="hint">You host the group: invite 2 to 7 others, then plan who answers and who asks in each round.</p>}
        </fieldset>
        {error && <ErrorMessage error={error} />}
        <button type="submit" className="button primary" data-testid="create-room-button" disabled={busy || !stage || name.trim() === ""}>
          {busy ? "Creating…" : "Create room"}
        </button>
      </form>
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
