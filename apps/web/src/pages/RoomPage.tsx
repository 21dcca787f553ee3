import { roomIdSchema, type ErrorBody, type Role, type RoomSummary } from "@mockloop/protocol";
import { useEffect, useId, useState, type FormEvent } from "react";
import { fetchRoomSummary } from "../api.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { Link } from "../components/Link.tsx";
import { StageSummary } from "../components/StageSummary.tsx";
import { roleLabel } from "../format.ts";
import { openSession, useSession, type RoomSession } from "../session.ts";
import { loadName, loadToken, saveName } from "../storage.ts";
import { RoomView } from "./RoomView.tsx";
import { NameField } from "../components/NameField.tsx";

export function RoomPage({ roomId }: { roomId: string }) {
  if (!roomIdSchema.safeParse(roomId).success) return <RoomMissing />;
  return <RoomGate roomId={roomId} />;
}

function RoomMissing() {
  return (
    <section className="card narrow">
      <h1>Room not found</h1>
      <p>This room does not exist or has expired. Check the link, or start a new room.</p>
      <Link className="button primary" href="/">
        Start a room
      </Link>
    </section>
  );
}

/** Comes back as the same person when this browser holds a token for the room; otherwise asks who is joining. */
function RoomGate({ roomId }: { roomId: string }) {
  const [session] = useState(() => openSession(roomId));
  const [savedToken] = useState(() => loadToken(roomId));
  const snapshot = useSession(session);

  useEffect(() => {
    if (savedToken && snapshot.status === "idle") void session.join({ roomId, token: savedToken });
  }, [session, roomId, savedToken, snapshot.status]);

  if (snapshot.status === "joined" && snapshot.state && snapshot.me) {
    return <RoomView session={session} snapshot={snapshot} state={snapshot.state} me={snapshot.me} />;
  }
  if ((snapshot.status === "idle" && savedToken) || (snapshot.status === "joining" && snapshot.joinKind === "token")) {
    return <p className="card narrow muted">Rejoining the room…</p>;
  }
  if (snapshot.error?.code === "ROOM_NOT_FOUND") return <RoomMissing />;
  if (snapshot.status === "left") {
    return (
      <section className="card narrow">
        <h1>You left the room</h1>
        <Link className="button primary" href="/">
          Back to the start page
        </Link>
      </section>
    );
  }
  const notice = snapshot.error?.code === "INVALID_TOKEN" ? "Your earlier seat in this room has expired. Join again below." : null;
  return (
    <JoinForm
      roomId={roomId}
      session={session}
      busy={snapshot.status === "joining"}
      notice={notice}
      error={notice || snapshot.status === "joining" ? null : snapshot.error}
    />
  );
}

interface JoinFormProps {
  roomId: string;
  session: RoomSession;
  busy: boolean;
  notice: string | null;
  error: ErrorBody | null;
}

function JoinForm({ roomId, session, busy, notice, error }: JoinFormProps) {
  const ids = useId();
  const [summary, setSummary] = useState<RoomSummary | null>(null);
  const [loadError, setLoadError] = useState<ErrorBody | null>(null);
  const [name, setName] = useState(loadName);
  const [role, setRole] = useState<Role | "">("");
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let live = true;
    void fetchRoomSummary(roomId).then((result) => {
      if (!live) return;
      if (!result.ok) return setLoadError(result.error);
      setSummary(result.data);
      setRole((current) => (current && result.data.openRoles.includes(current) ? current : (result.data.openRoles[0] ?? "observer")));
    });
    return () => {
      live = false;
    };
  }, [roomId, refresh]);

  if (loadError?.code === "ROOM_NOT_FOUND") return <RoomMissing />;
  if (loadError) return <ErrorMessage error={loadError} />;
  if (!summary) return <p className="card narrow muted">Loading the room…</p>;

  const roles: Role[] = summary.openRoles.includes("observer") ? summary.openRoles : [...summary.openRoles, "observer"];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!role || busy) return;
    saveName(name.trim());
    const failure = await session.join({ roomId, name: name.trim(), role });
    if (failure?.code === "ROLE_TAKEN") setRefresh((n) => n + 1);
  }

  return (
    <section className="card narrow" aria-labelledby={`${ids}-title`}>
      <p className="eyebrow">{summary.stage.trackName}</p>
      <h1 id={`${ids}-title`}>{summary.stage.stageName}</h1>
      <StageSummary
        description={summary.stage.description}
        minutes={summary.stage.segments.reduce((sum, s) => sum + s.minutes, 0)}
        segments={summary.stage.segments}
      />
      {summary.participants.length > 0 && (
        <p className="muted">
          In the room: {summary.participants.map((p) => `${p.name} (${roleLabel(p.role).toLowerCase()})`).join(", ")}
        </p>
      )}
      {notice && <p className="notice">{notice}</p>}
      <form className="form" data-testid="join-form" onSubmit={(event) => void submit(event)}>
        <NameField id={`${ids}-name`} testId="name-input" value={name} onChange={setName} />
        <div className="field">
          <label htmlFor={`${ids}-role`}>Join as</label>
          <select id={`${ids}-role`} data-testid="role-select" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
          {summary.kind === "group" ? (
            <p className="hint">You join the study group as a member; the rotation decides when you answer and when you ask.</p>
          ) : (
            !summary.openRoles.includes("candidate") &&
            !summary.openRoles.includes("interviewer") && <p className="hint">Both seats are taken; you can watch as an observer.</p>
          )}
        </div>
        {error && <ErrorMessage error={error} />}
        <button type="submit" className="button primary" data-testid="join-button" disabled={busy || !role || name.trim() === ""}>
          {busy ? "Joining…" : "Join room"}
        </button>
      </form>
    </section>
  );
}
