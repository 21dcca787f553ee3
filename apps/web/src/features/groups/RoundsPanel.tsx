import type { ErrorBody, ParticipantView, RoomState } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useId, useState } from "react";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./RoundsPanel.module.css";

type Command = (client: RoomClient) => Promise<unknown>;

interface RoundsPanelProps {
  /** Runs a room command; resolves to null or the error to show. */
  attempt: (command: Command) => Promise<ErrorBody | null>;
  state: RoomState;
  me: ParticipantView;
  online: boolean;
}

/**
 * The rounds of the room. A pair sees the swap once the scorecard is in; a study group sees its rotation board
 * (past, current, upcoming), and its host the commands that run it.
 */
export function RoundsPanel({ attempt, state, me, online }: RoundsPanelProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const act = async (command: Command) => {
    setBusy(true);
    setError(await attempt(command));
    setBusy(false);
  };
  const nameOf = (id: string | undefined) => state.participants.find((p) => p.id === id)?.name ?? "someone who left";

  if (state.kind === "pair") {
    const canSwap = state.scorecard !== null && me.role !== "observer";
    if (!canSwap && state.pastRounds.length === 0) return null;
    return (
      <section className={clsx(ui.card, styles.rounds)} aria-labelledby="rounds-title" data-testid="rounds-panel">
        <h2 id="rounds-title">Round {state.round}</h2>
        <PastRounds state={state} />
        {canSwap && (
          <div className={ui.buttonRow}>
            <button type="button" className={clsx(ui.button, ui.primary)} data-testid="swap-roles" disabled={busy || !online} onClick={() => void act((c) => c.swapRoles())}>
              Swap roles for round {state.round + 1}
            </button>
            <p className={ui.hint}>The candidate asks next, the interviewer answers. Both scorecards stay on the debrief.</p>
          </div>
        )}
        {error && <ErrorMessage error={error} />}
      </section>
    );
  }

  const group = state.group;
  const isHost = group?.hostId === me.id;
  const current = {
    candidate: state.participants.find((p) => p.role === "candidate"),
    interviewer: state.participants.find((p) => p.role === "interviewer"),
  };
  const started = Boolean(current.candidate || current.interviewer);
  const nextRound = started ? state.round + 1 : state.round;
  return (
    <section className={clsx(ui.card, styles.rounds)} aria-labelledby="rounds-title" data-testid="rotation-board">
      <div className={ui.cardTitleRow}>
        <h2 id="rounds-title">Study group rotation</h2>
        <span className={ui.muted}>Host: {nameOf(group?.hostId ?? undefined)}</span>
      </div>
      <ol className={styles.rotation}>
        {state.pastRounds.map((past) => (
          <li key={past.round} data-testid={`rotation-past-${past.round}`}>
            <span className={styles.rotationRound}>Round {past.round}</span> {past.candidate?.name ?? "—"} answered, {past.interviewer?.name ?? "—"} asked
            <span className={clsx(ui.tag, past.scorecardSubmitted && ui.done)}>{past.scorecardSubmitted ? "Scorecard in" : "Ended without a scorecard"}</span>
          </li>
        ))}
        {started && (
          <li className={styles.current} data-testid="rotation-current">
            <span className={styles.rotationRound}>Round {state.round}</span> {current.candidate?.name ?? "—"} answers, {current.interviewer?.name ?? "—"} asks
            <span className={clsx(ui.tag, state.scorecard ? ui.done : ui.accent)}>{state.scorecard ? "Scorecard in" : "Now"}</span>
          </li>
        )}
        {group?.upcoming.map((slot) => (
          <li key={slot.round} className={styles.upcoming} data-testid={`rotation-upcoming-${slot.round}`}>
            <span className={styles.rotationRound}>Round {slot.round}</span> {nameOf(slot.candidateId)} answers, {nameOf(slot.interviewerId)} asks
          </li>
        ))}
      </ol>
      {group && group.plannedRounds === 0 && <p className={ui.hint}>No rounds planned yet. {isHost ? "Plan them below once everyone is here." : "The host plans them."}</p>}
      {isHost && (
        <HostControls
          state={state}
          busy={busy || !online}
          nextRound={nextRound}
          canStartNext={(group?.upcoming.length ?? 0) > 0 && (!started || state.scorecard !== null)}
          roundRunning={started && state.scorecard === null}
          act={(command) => void act(command)}
        />
      )}
      {error && <ErrorMessage error={error} />}
    </section>
  );
}

function PastRounds({ state }: { state: RoomState }) {
  if (state.pastRounds.length === 0) return null;
  return (
    <ol className={styles.rotation}>
      {state.pastRounds.map((past) => (
        <li key={past.round} data-testid={`rotation-past-${past.round}`}>
          <span className={styles.rotationRound}>Round {past.round}</span> {past.candidate?.name ?? "—"} answered, {past.interviewer?.name ?? "—"} asked
        </li>
      ))}
    </ol>
  );
}

interface HostControlsProps {
  state: RoomState;
  busy: boolean;
  nextRound: number;
  canStartNext: boolean;
  /** A round is under way with no scorecard yet: the host can hand its interviewer seat on, or end it. */
  roundRunning: boolean;
  act: (command: Command) => void;
}

function HostControls({ state, busy, nextRound, canStartNext, roundRunning, act }: HostControlsProps) {
  const ids = useId();
  const members = state.participants;
  const [rounds, setRounds] = useState(() => Math.max(members.length, state.group?.plannedRounds ?? 0));
  const [member, setMember] = useState(members[0]?.id ?? "");
  const chosen = members.some((p) => p.id === member) ? member : (members[0]?.id ?? "");
  return (
    <div className={styles.hostControls}>
      <div className={ui.buttonRow}>
        <button type="button" className={clsx(ui.button, ui.primary)} data-testid="group-next" disabled={busy || !canStartNext} onClick={() => act((c) => c.startNextGroupRound())}>
          Start round {nextRound}
        </button>
        {roundRunning && (
          <button
            type="button"
            className={clsx(ui.button, ui.secondary)}
            data-testid="group-abandon-round"
            disabled={busy}
            onClick={() => {
              if (window.confirm("End this round without a scorecard? Its candidate gets the turn again later.")) act((c) => c.abandonGroupRound());
            }}
          >
            End round without a scorecard
          </button>
        )}
      </div>
      <div className={styles.inlineForm}>
        <label htmlFor={`${ids}-rounds`}>Rounds in all</label>
        <input
          id={`${ids}-rounds`}
          data-testid="group-rounds-input"
          type="number"
          min={1}
          max={40}
          value={rounds}
          onChange={(event) => setRounds(Number(event.target.value))}
        />
        <button type="button" className={clsx(ui.button, ui.secondary)} data-testid="group-plan" disabled={busy || members.length < 3} onClick={() => act((c) => c.planGroup(rounds))}>
          {state.group?.plannedRounds ? "Re-plan" : "Plan rounds"}
        </button>
      </div>
      {members.length < 3 && <p className={ui.hint}>A study group needs at least 3 members to plan its rounds.</p>}
      <div className={styles.inlineForm}>
        <label htmlFor={`${ids}-member`}>Member</label>
        <select id={`${ids}-member`} data-testid="group-member-select" value={chosen} onChange={(event) => setMember(event.target.value)}>
          {members.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <button type="button" className={clsx(ui.button, ui.secondary)} data-testid="group-extra-turn" disabled={busy || !state.group?.plannedRounds} onClick={() => act((c) => c.giveExtraTurn(chosen))}>
          One more turn
        </button>
        <button type="button" className={clsx(ui.button, ui.secondary)} data-testid="group-make-host" disabled={busy} onClick={() => act((c) => c.transferHost(chosen))}>
          Make host
        </button>
        {roundRunning && (
          <button
            type="button"
            className={clsx(ui.button, ui.secondary)}
            data-testid="group-give-interviewer"
            disabled={busy || members.find((p) => p.id === chosen)?.role !== "observer"}
            onClick={() => act((c) => c.giveInterviewerSeat(chosen))}
          >
            Make interviewer
          </button>
        )}
      </div>
    </div>
  );
}
