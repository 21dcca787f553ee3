import type { ErrorBody } from "@mockloop/protocol";
import { useId, useState, type FormEvent } from "react";
import { createRoom } from "../../shared/api/endpoints.ts";
import { UNREACHABLE } from "../../shared/api/request.ts";
import { navigate, roomPath } from "../../shared/router.ts";
import { findStage, StageSelect, type Tracks } from "../../shared/stage/StageSelect.tsx";
import { StageSummary } from "../../shared/stage/StageSummary.tsx";
import { loadName, saveName } from "../../shared/storage.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { NameField } from "../../shared/ui/NameField.tsx";
import { useOpenRoomSession } from "../room/index.ts";
import { SamplePrompts } from "./SamplePrompts.tsx";
import clsx from "clsx";
import ui from "../../shared/ui/ui.module.css";

type RoomChoice = "interviewer" | "candidate" | "group";

const CHOICE_LABELS: Record<RoomChoice, string> = {
  interviewer: "I'll interview",
  candidate: "I'll be interviewed",
  group: "Study group (3–8)",
};

export function CreateRoomCard({ tracks, initialStage }: { tracks: Tracks; initialStage: string }) {
  const ids = useId();
  const [key, setKey] = useState(initialStage);
  const [name, setName] = useState(loadName);
  const [choice, setChoice] = useState<RoomChoice>("interviewer");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const { track, stage } = findStage(tracks, key);
  const openSession = useOpenRoomSession();

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
    const joinError = await openSession(roomId).then(
      (session) => session.join({ roomId, name: name.trim(), role }),
      () => UNREACHABLE,
    );
    setBusy(false);
    if (joinError) return setError(joinError);
    navigate(roomPath(roomId));
  }

  return (
    <section className={ui.card} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Start a room</h2>
      <form className={ui.form} data-testid="create-room-form" onSubmit={(event) => void submit(event)}>
        <div className={ui.field}>
          <label htmlFor={`${ids}-stage`}>Interview stage</label>
          <StageSelect id={`${ids}-stage`} testId="stage-select" tracks={tracks} value={key} onChange={setKey} />
        </div>
        {stage && <StageSummary description={stage.description} minutes={stage.minutes} segments={stage.segments} />}
        {track && stage && <SamplePrompts trackId={track.id} stageId={stage.id} />}
        <NameField id={`${ids}-name`} testId="name-input" value={name} onChange={setName} />
        <fieldset className={ui.field}>
          <legend>Your role</legend>
          <div className={ui.segmented} data-testid="role-select">
            {(["interviewer", "candidate", "group"] as const).map((option) => (
              <label key={option} className={clsx(ui.segment, choice === option && ui.checked)}>
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
          {choice === "group" && <p className={ui.hint}>You host the group: invite 2 to 7 others, then plan who answers and who asks in each round.</p>}
        </fieldset>
        {error && <ErrorMessage error={error} />}
        <button type="submit" className={clsx(ui.button, ui.primary)} data-testid="create-room-button" disabled={busy || !stage || name.trim() === ""}>
          {busy ? "Creating…" : "Create room"}
        </button>
      </form>
    </section>
  );
}
