import type { TimerView } from "@mockloop/protocol";
import type { RoomClient } from "@mockloop/protocol/client";
import { useId } from "react";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./TimerControls.module.css";

interface TimerControlsProps {
  timer: TimerView;
  leftSeconds: number;
  busy: boolean;
  act: (command: (client: RoomClient) => Promise<unknown>) => void;
}

const ADJUSTMENTS = [-5, -1, 1, 5] as const;

/** The interviewer's hands on the shared clock: start and pause, add or remove time, move on, reset. */
export function TimerControls({ timer, leftSeconds, busy, act }: TimerControlsProps) {
  const ids = useId();
  const finished = timer.status === "finished";
  const hasNext = timer.segmentIndex < timer.segments.length - 1;

  function reset() {
    if (window.confirm("Reset the timer to the start of the round? Every part goes back to its planned length.")) {
      act((client) => client.resetTimer());
    }
  }

  return (
    <div className={styles.timerControls}>
      <div className={ui.buttonRow}>
        <button
          type="button"
          className={clsx(ui.button, ui.primary)}
          data-testid="timer-start"
          disabled={busy || timer.status === "running" || finished}
          onClick={() => act((client) => client.startTimer())}
        >
          {timer.status === "paused" ? "Resume" : "Start"}
        </button>
        <button
          type="button"
          className={clsx(ui.button, ui.secondary)}
          data-testid="timer-pause"
          disabled={busy || timer.status !== "running"}
          onClick={() => act((client) => client.pauseTimer())}
        >
          Pause
        </button>
      </div>
      <div className={styles.adjustRow} role="group" aria-label="Add or remove time in this part">
        {ADJUSTMENTS.map((minutes) => (
          <button
            key={minutes}
            type="button"
            className={clsx(ui.button, ui.small, styles.adjust)}
            data-testid={`timer-adjust-${minutes > 0 ? "plus" : "minus"}-${Math.abs(minutes)}`}
            aria-label={minutes > 0 ? `Add ${minutes} minute${minutes > 1 ? "s" : ""}` : `Remove ${-minutes} minute${minutes < -1 ? "s" : ""}`}
            disabled={busy || finished || (minutes < 0 && leftSeconds * 1000 < -minutes * 60_000)}
            onClick={() => act((client) => client.adjustTimer(minutes * 60_000))}
          >
            {minutes > 0 ? `+${minutes}` : `−${-minutes}`} min
          </button>
        ))}
      </div>
      <div className={clsx(ui.buttonRow, styles.afterAdjust)}>
        <button type="button" className={clsx(ui.button, ui.secondary)} data-testid="timer-skip" disabled={busy || finished} onClick={() => act((client) => client.skipSegment())}>
          {hasNext ? "Next part" : "End round"}
        </button>
        <button type="button" className={clsx(ui.button, ui.secondary)} data-testid="timer-reset" disabled={busy || (timer.status === "idle" && timer.segmentIndex === 0)} onClick={reset}>
          Reset
        </button>
      </div>
      <label className={ui.checkbox} htmlFor={`${ids}-auto`}>
        <input
          id={`${ids}-auto`}
          type="checkbox"
          data-testid="timer-auto-advance"
          checked={timer.autoAdvance}
          disabled={busy}
          onChange={(event) => {
            const enabled = event.target.checked;
            act((client) => client.setAutoAdvance(enabled));
          }}
        />
        Start the next part automatically
      </label>
    </div>
  );
}
