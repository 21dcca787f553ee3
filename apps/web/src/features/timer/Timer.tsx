import { roundTimeLeftMs, segmentWarning, timeLeftMs, type ClockEstimate, type SegmentWarning, type TimerView } from "@mockloop/protocol";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { formatOffset, formatTimeLeft } from "../../shared/format.ts";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./Timer.module.css";

/** A segment end the server announced, shown for a moment. */
export interface SegmentEndedNotice {
  key: number;
  name: string;
  /** The segment that follows, when there is one. */
  nextName: string | null;
  roundOver: boolean;
  endedAt: number;
}

interface TimerProps {
  timer: TimerView;
  clock: ClockEstimate | null;
  segmentEnded: SegmentEndedNotice | null;
  /** The interviewer's controls, given the seconds left in the segment. */
  controls?: (leftSeconds: number) => ReactNode;
}

const STATUS_LABEL: Record<TimerView["status"], string> = { idle: "Not started", running: "Running", paused: "Paused", finished: "Round over" };
const WARNING_TEXT: Record<SegmentWarning, string> = { "two-minutes": "Two minutes left", "thirty-seconds": "30 seconds left" };
const NOTICE_MS = 15_000;

/**
 * The shared round timer: the current segment's time left, large, and the whole round's. Both are derived from the
 * server's deadline and the estimated clock offset on every animation frame while running; nothing counts locally.
 */
export function Timer({ timer, clock, segmentEnded, controls }: TimerProps) {
  const offsetMs = clock?.offsetMs ?? 0;
  const [leftSeconds, setLeftSeconds] = useState(() => Math.ceil(timer.remainingMs / 1000));
  const [roundSeconds, setRoundSeconds] = useState(() => Math.ceil(timer.durationMs / 1000));
  const [permille, setPermille] = useState(1000);
  const [warning, setWarning] = useState<SegmentWarning | null>(null);
  const display = useRef<HTMLDivElement>(null);
  const segment = timer.segments[timer.segmentIndex];

  useEffect(() => {
    let frame = 0;
    const tick = () => {
      const now = Date.now();
      const left = timeLeftMs(timer, now, offsetMs);
      setLeftSeconds(Math.ceil(left / 1000));
      setRoundSeconds(Math.ceil(roundTimeLeftMs(timer, now, offsetMs) / 1000));
      setPermille(segment && segment.durationMs > 0 ? Math.round((left / segment.durationMs) * 1000) : 0);
      setWarning(timer.status === "running" || timer.status === "paused" ? segmentWarning(left) : null);
      // For tests and tools: the exact value behind the display, without re-rendering every frame.
      display.current?.setAttribute("data-remaining-ms", String(Math.round(left)));
      if (timer.status === "running") frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [timer, offsetMs, segment]);

  const text = formatTimeLeft(leftSeconds * 1000);
  const overdue = timer.status === "running" && leftSeconds <= 0;
  const tone = timer.status === "finished" || overdue ? "over" : warning === "thirty-seconds" ? "urgent" : warning ? "soon" : "calm";

  return (
    <section className={ui.card} aria-labelledby="timer-title">
      <div className={ui.cardTitleRow}>
        <h2 id="timer-title">Round timer</h2>
        <span className={clsx(styles.statusPill, styles[timer.status])} data-testid="timer-status">
          {STATUS_LABEL[timer.status]}
        </span>
      </div>
      {segment && timer.status !== "finished" && (
        <p className={styles.segmentName} data-testid="timer-segment">
          <span className={styles.segmentPart}>
            Part {timer.segmentIndex + 1} of {timer.segments.length}
          </span>
          {segment.name}
        </p>
      )}
      <div
        ref={display}
        className={clsx(styles.timerDisplay, styles[tone])}
        data-testid="timer-display"
        data-status={timer.status}
        data-warning={warning ?? ""}
        role="timer"
        aria-label={`Time left in this part: ${text}`}
      >
        {text}
      </div>
      <div className={styles.timerBar} aria-hidden="true">
        <div className={clsx(styles.timerBarFill, styles[tone])} style={{ width: `${Math.max(0, Math.min(1000, permille)) / 10}%` }} />
      </div>
      <p className={styles.roundLeft} data-testid="timer-round-left">
        {timer.status === "finished" ? "The round is over." : `${formatTimeLeft(roundSeconds * 1000)} left in the round`}
      </p>
      <p className={clsx(styles.timerWarning, styles[tone])} aria-live="polite">
        {warning && timer.status === "running" && segment ? `${WARNING_TEXT[warning]} in ${segment.name}.` : ""}
      </p>
      <SegmentEnded notice={segmentEnded} />
      <ol className={styles.segments} aria-label="Parts of the round">
        {timer.segments.map((s, index) => {
          const state = timer.status === "finished" || index < timer.segmentIndex ? "done" : index === timer.segmentIndex ? "current" : "next";
          return (
            <li key={s.id} className={clsx(styles.segmentStep, styles[state])} aria-current={state === "current" ? "step" : undefined}>
              <span>{s.name}</span>
              <span className={ui.muted}>{Math.round(s.durationMs / 60_000)} min</span>
            </li>
          );
        })}
      </ol>
      {controls?.(leftSeconds)}
      <p className={styles.clockOffset} data-testid="clock-offset" title="Difference between this device's clock and the server's">
        {clock ? `Clock offset ${formatOffset(clock.offsetMs, clock.errorMs)}` : "Syncing clock…"}
      </p>
    </section>
  );
}

/** "Management is over; Technical has started", for a few seconds after the server announces it. */
function SegmentEnded({ notice }: { notice: SegmentEndedNotice | null }) {
  const [hiddenKey, setHiddenKey] = useState<number | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timeout = window.setTimeout(() => setHiddenKey(notice.key), NOTICE_MS);
    return () => window.clearTimeout(timeout);
  }, [notice]);
  if (!notice || hiddenKey === notice.key) return null;
  const text = notice.roundOver
    ? `${notice.name} is over, and so is the round.`
    : notice.nextName
      ? `${notice.name} is over. Up now: ${notice.nextName}.`
      : `${notice.name} is over.`;
  return (
    <p className={styles.segmentEnded} role="status" data-testid="segment-ended">
      {text}
    </p>
  );
}
