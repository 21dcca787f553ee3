import type { ErrorBody, Role } from "@mockloop/protocol";
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { errorBodyOf } from "../../shared/api/request.ts";
import { roleLabel } from "../../shared/format.ts";
import { stageInfoMinutes } from "../../shared/stage/minutes.ts";
import { StageSummary } from "../../shared/stage/StageSummary.tsx";
import { loadName, saveName } from "../../shared/storage.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import { NameField } from "../../shared/ui/NameField.tsx";
import { roomSummaryQuery } from "./queries.ts";
import { RoomMissing } from "./RoomMissing.tsx";
import { useRoomSession } from "./session/RoomSessionProvider.tsx";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";

interface JoinFormProps {
  roomId: string;
  busy: boolean;
  notice: string | null;
  error: ErrorBody | null;
}

export function JoinForm({ roomId, busy, notice, error }: JoinFormProps) {
  const ids = useId();
  const session = useRoomSession();
  const summaryQuery = useQuery(roomSummaryQuery(roomId));
  const [name, setName] = useState(loadName);
  const [picked, setPicked] = useState<Role | null>(null);

  if (summaryQuery.error) {
    const loadError = errorBodyOf(summaryQuery.error);
    return loadError.code === "ROOM_NOT_FOUND" ? <RoomMissing /> : <ErrorMessage error={loadError} />;
  }
  const summary = summaryQuery.data;
  if (!summary) return <p className={clsx(ui.card, ui.narrow, ui.muted)}>Loading the room…</p>;

  const roles: Role[] = summary.openRoles;
  const full = roles.length === 0;
  // A seat taken since it was picked falls back to the first open one.
  const role = picked && roles.includes(picked) ? picked : (roles[0] ?? "observer");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    saveName(name.trim());
    const failure = await session.join({ roomId, name: name.trim(), role });
    if (failure?.code === "ROLE_TAKEN" || failure?.code === "ROOM_FULL") void summaryQuery.refetch();
  }

  return (
    <section className={clsx(ui.card, ui.narrow)} aria-labelledby={`${ids}-title`}>
      <p className={ui.eyebrow}>{summary.stage.trackName}</p>
      <h1 id={`${ids}-title`}>{summary.stage.stageName}</h1>
      <StageSummary description={summary.stage.description} minutes={stageInfoMinutes(summary.stage)} segments={summary.stage.segments} />
      {notice && <p className={ui.notice}>{notice}</p>}
      {full && (
        <p className={ui.notice} data-testid="room-full">
          This room is full: every seat is taken. Ask the people in it for a new room, or start one of your own.
        </p>
      )}
      <form className={ui.form} data-testid="join-form" onSubmit={(event) => void submit(event)}>
        <NameField id={`${ids}-name`} testId="name-input" value={name} onChange={setName} />
        <div className={ui.field}>
          <label htmlFor={`${ids}-role`}>Join as</label>
          <select id={`${ids}-role`} data-testid="role-select" value={role} onChange={(event) => setPicked(event.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
          {summary.kind === "group" ? (
            <p className={ui.hint}>You join the study group as a member; the rotation decides when you answer and when you ask.</p>
          ) : (
            !full &&
            !roles.includes("candidate") &&
            !roles.includes("interviewer") && <p className={ui.hint}>Both seats are taken; you can watch as an observer.</p>
          )}
        </div>
        {error && <ErrorMessage error={error} />}
        <button type="submit" className={clsx(ui.button, ui.primary)} data-testid="join-button" disabled={busy || full || name.trim() === ""}>
          {busy ? "Joining…" : "Join room"}
        </button>
      </form>
    </section>
  );
}
